// Runs one SPMC case on the SPMC model (src/spmc) and turns what happened into vector data: each
// step's frames, the RX bytes a PARTITION_INFO_GET defined, the mailboxes at the end, and the
// status of the last call (Arm DEN0077 FFA_ERROR / FFA_SUCCESS conventions).
import { frameToHexTrimmed, w, x, type Frame } from '../../ffa/frame';
import { FID } from '../../ffa/ids';
import { retFromWire } from '../../ffa/errors';
import { PhysMem } from '../../sim/memory';
import { Spmc, SpmcPanic, type PersonalityName, type SpmcEvent } from '../../spmc/index';
import { addrHex, bytesToHex, idHex } from '../hex';
import { VectorGenerationError } from '../errors';
import { FREED, FREED_PAGES, GUEST, GUEST_PAGES, HEAP, HEAP_PAGES, partitionsOf, SECURE, SECURE_PAGES, type MemRef, type RegRef, type SpmcCase } from './_spmc-steps';

type SpmcStepRefs = Readonly<Record<number, RegRef>>;

export interface Refusal {
  readonly abi: string;
  readonly code: number;
  readonly reason: string;
}

export interface CaseRun {
  readonly steps: Readonly<Record<string, unknown>>[];
  readonly mailboxes: Readonly<Record<string, unknown>>[];
  readonly panic: string | undefined;
  /** 'ok', 'error:<code>' or 'panic': what the last call came to. */
  readonly status: string;
  readonly refusals: readonly Refusal[];
}

export function freshMemory(): PhysMem {
  const mem = new PhysMem();
  mem.addRegion(HEAP, HEAP_PAGES, 'xenheap', 'xen');
  mem.addRegion(GUEST, GUEST_PAGES, 'guest-ram', 'd1');
  mem.addRegion(SECURE, SECURE_PAGES, 'secure', 'sp');
  mem.addRegion(FREED, FREED_PAGES, 'free', 'heap');
  return mem;
}

function statusOf(call: Frame, reply: Frame): string {
  if (w(call, 0) === FID.FFA_VERSION) return w(reply, 0) === 0xffffffff ? 'error:-1' : 'ok';
  if (w(reply, 0) === FID.FFA_ERROR) return `error:${retFromWire(w(reply, 2))}`;
  return 'ok';
}

/**
 * How many RX bytes a reply defines: a full PARTITION_INFO_GET w2 entries of w3 bytes (8 when w3
 * is 0, v1.0); FFA_MEM_RETRIEVE_RESP the fragment length in w2.
 */
function rxLength(call: Frame, reply: Frame): number | undefined {
  if (w(reply, 0) === FID.FFA_MEM_RETRIEVE_RESP) return w(reply, 2);
  if (w(call, 0) !== FID.FFA_PARTITION_INFO_GET || (w(call, 5) & 1) !== 0 || w(reply, 0) !== FID.FFA_SUCCESS_32) return undefined;
  return w(reply, 2) * (w(reply, 3) || 8);
}

/** The RX bytes the reply defined, with where they are. */
function definedRx(spmc: Spmc, caller: number, call: Frame, reply: Frame): Record<string, unknown> | undefined {
  const len = rxLength(call, reply);
  if (len === undefined) return undefined;
  const rx = spmc.mailboxes().find((m) => m.endpoint === caller);
  const bytes = spmc.rxBytes(caller);
  if (rx === undefined || bytes === undefined) return undefined;
  return { endpoint: idHex(caller), address: addrHex(rx.rx), offset: 0, bytes: bytesToHex(bytes.subarray(0, len)) };
}

function refusalsOf(trace: readonly SpmcEvent[]): Refusal[] {
  return trace.flatMap((e) => (e.kind === 'refusal' ? [{ abi: e.abi, code: e.code, reason: e.reason }] : []));
}

/** The bytes with each referenced field overwritten by the low bytes of an earlier reply's register. */
function patchRefs(caseId: string, bytes: Uint8Array, refs: readonly MemRef[] | undefined, replies: ReadonlyMap<number, Frame>): Uint8Array {
  if (!refs) return bytes;
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (const r of refs) {
    const src = replies.get(r.fromStep);
    if (src === undefined) throw new VectorGenerationError(caseId, `bytes at ${r.offset} refer to step ${r.fromStep}, which has no reply`);
    const v = x(src, r.fromReg);
    if (r.size === 8) view.setBigUint64(r.offset, v, true);
    else view.setUint32(r.offset, Number(v & 0xffffffffn), true);
  }
  return out;
}

/** The frame with each referenced register replaced by the value an earlier reply gave. */
function resolve(caseId: string, frame: Frame, refs: SpmcStepRefs | undefined, replies: ReadonlyMap<number, Frame>): Frame {
  if (!refs) return frame;
  const out = [...frame];
  for (const [reg, r] of Object.entries(refs)) {
    const src = replies.get(r.fromStep);
    if (src === undefined) throw new VectorGenerationError(caseId, `register ${reg} refers to step ${r.fromStep}, which has no reply`);
    out[Number(reg)] = x(src, r.fromReg);
  }
  return out;
}

export function runCase(p: PersonalityName, c: SpmcCase): CaseRun {
  const mem = freshMemory();
  const spmc = new Spmc({ mem, personality: p, partitions: partitionsOf(c.setup ?? 'default') });
  const steps: Record<string, unknown>[] = [];
  const replies = new Map<number, Frame>();
  let status = 'ok';
  let panic: string | undefined;
  for (const [i, s] of c.steps.entries()) {
    const step = i + 1;
    if (s.kind === 'write') {
      const bytes = patchRefs(c.id, s.bytes, s.refs, replies);
      mem.write(s.pa, bytes, s.by === 0 ? 'hypervisor' : `sp:${idHex(s.by)}`, { secure: s.by !== 0 });
      const refs = s.refs?.map((r) => ({ offset: r.offset, size: r.size, fromStep: r.fromStep, fromRegister: r.fromReg }));
      steps.push({ step, kind: 'write', by: idHex(s.by), address: addrHex(s.pa), bytes: bytesToHex(bytes), ...(refs ? { refs } : {}) });
      continue;
    }
    const frame = resolve(c.id, s.frame, s.refs, replies);
    const refs = s.refs ? Object.entries(s.refs).map(([reg, r]) => ({ register: Number(reg), fromStep: r.fromStep, fromRegister: r.fromReg })) : undefined;
    const base = { step, kind: 'smc', caller: idHex(s.caller), call: frameToHexTrimmed(frame), ...(refs ? { refs } : {}) };
    try {
      const reply = spmc.smc(s.caller, frame);
      replies.set(step, reply);
      const rx = definedRx(spmc, s.caller, frame, reply);
      steps.push({ ...base, reply: frameToHexTrimmed(reply), ...(rx ? { rx } : {}) });
      status = statusOf(frame, reply);
    } catch (e) {
      if (!(e instanceof SpmcPanic)) throw e;
      panic = e.reason;
      status = 'panic';
      steps.push(base);
      break;
    }
  }
  const mailboxes = spmc.mailboxes().map((m) => ({ endpoint: idHex(m.endpoint), tx: addrHex(m.tx), rx: addrHex(m.rx), pages: m.pages, ownership: m.ownership }));
  return { steps, mailboxes, panic, status, refusals: refusalsOf(spmc.trace) };
}
