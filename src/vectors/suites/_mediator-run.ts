// Runs one mediator scenario on one revision profile of Xen's FF-A mediator (src/mediator) and
// turns the trace into vector data: per step the guest's call and reply, and the SMCs Xen made
// with the bytes of its SPMC TX/RX buffers that each SMC defines (xen-ffa-revisions §2).
import { decodeEndpointRxtx } from '../../descriptors/index';
import { frameToHexTrimmed, w, x, type Frame } from '../../ffa/frame';
import { FID } from '../../ffa/ids';
import { standardFirmware } from '../../mediator/fw-script';
import type { RevisionName } from '../../mediator/revisions/index';
import { runScenario } from '../../mediator/scenario';
import { createSystem, type System } from '../../mediator/system';
import { smcEvents, snapshotBytes, type TraceEvent } from '../../mediator/trace';
import { XenPanic } from '../../sim/effects';
import { PAGE_SIZE, type PhysMem } from '../../sim/memory';
import { SpmcPanic } from '../../spmc/errors';
import { addrHex, bytesToHex, idHex } from '../hex';
import type { MediatorCase, MStep, RxAcquireMode } from './_mediator-case';

export interface MediatorRun {
  readonly steps: Readonly<Record<string, unknown>>[];
  readonly finalGuestRx: Readonly<Record<string, unknown>>[];
  readonly panic: string | undefined;
}

function firmwareFor(c: MediatorCase) {
  return (mem: PhysMem) => {
    const fw = standardFirmware({ mem, version: c.fw?.version ?? 0x10001, featuresRxAcquire: c.fw?.featuresRxAcquire ?? false });
    for (const t of c.fw?.tweaks ?? []) fw.on(t.fid, t.respond(fw.handler(t.fid)));
    return fw;
  };
}

/** How many bytes of Xen's TX an SMC defines: a forwarded RXTX_MAP's descriptor, a MEM_SHARE's fragment. */
function txLength(f: Frame, tx: Uint8Array | null): number | undefined {
  const fid = w(f, 0);
  if (fid === FID.FFA_MEM_SHARE_64 || fid === FID.FFA_MEM_SHARE_32) return w(f, 2);
  if (fid !== FID.FFA_RXTX_MAP_64 || x(f, 1) !== 0n || x(f, 2) !== 0n || x(f, 3) !== 0n) return undefined;
  const d = decodeEndpointRxtx(snapshotBytes(tx, 0, PAGE_SIZE), { allowUnalignedOffsets: true, waive: ['reserved-nonzero', 'page-count-mismatch', 'zero-page-count', 'overlap', 'bad-value'] });
  return d.ok ? d.value.length : 80;
}

/** How many bytes of Xen's RX an SMC's reply defines: a full PARTITION_INFO_GET's w2 entries of w3 bytes. */
function rxLength(f: Frame, reply: Frame): number | undefined {
  if (w(f, 0) !== FID.FFA_PARTITION_INFO_GET || (w(f, 5) & 1) !== 0 || w(reply, 0) !== FID.FFA_SUCCESS_32) return undefined;
  return w(reply, 2) * w(reply, 3);
}

function smcsOf(events: readonly TraceEvent[]): Record<string, unknown>[] {
  return smcEvents(events).map((e) => {
    const tl = txLength(e.frameIn, e.tx);
    const rl = rxLength(e.frameIn, e.frameOut);
    return {
      call: frameToHexTrimmed(e.frameIn),
      reply: frameToHexTrimmed(e.frameOut),
      xenBuffers: e.tx === null ? 'none' : 'mapped',
      ...(tl !== undefined ? { xenTx: { offset: 0, bytes: bytesToHex(snapshotBytes(e.tx, 0, tl)) } } : {}),
      ...(rl !== undefined ? { xenRx: { offset: 0, bytes: bytesToHex(snapshotBytes(e.rx, 0, rl)) } } : {}),
    };
  });
}

function applyHook(sys: System, s: MStep): boolean {
  if (s.op === 'fail-global-map') {
    sys.xen.failGlobalMaps += 1;
    return true;
  }
  if (s.op === 'fill-xen-tx') {
    if (sys.xen.spmcTx !== null) sys.mem.write(sys.xen.spmcTx, new Uint8Array(PAGE_SIZE).fill(s.byte), 'xen');
    return true;
  }
  return false;
}

/** Where each domain's RX is (from its last successful RXTX_MAP) and how many bytes its last full PARTITION_INFO_GET defined. */
interface GuestRx {
  ipa: number;
  defined: number;
}

function noteGuestRx(rx: Map<number, GuestRx>, domid: number, f: Frame, reply: Frame): void {
  const fid = w(f, 0);
  const ok = w(reply, 0) === FID.FFA_SUCCESS_32;
  if ((fid === FID.FFA_RXTX_MAP_64 || fid === FID.FFA_RXTX_MAP_32) && ok) rx.set(domid, { ipa: Number(x(f, 2) & (fid === FID.FFA_RXTX_MAP_32 ? 0xffffffffn : ~0n)), defined: 0 });
  if (fid === FID.FFA_RXTX_UNMAP && ok) rx.delete(domid);
  const g = rx.get(domid);
  if (g && fid === FID.FFA_PARTITION_INFO_GET && (w(f, 5) & 1) === 0 && ok) g.defined = w(reply, 2) * (w(reply, 3) || 8);
}

export function runMediatorCase(rev: RevisionName, mode: RxAcquireMode, c: MediatorCase): MediatorRun {
  const sys = createSystem({ revision: rev, firmware: firmwareFor(c), fwRxAcquire: mode === 'on' ? true : 'probe' });
  const steps: Record<string, unknown>[] = [];
  const rx = new Map<number, GuestRx>();
  let panic: string | undefined;
  for (const [i, s] of c.steps.entries()) {
    const step = i + 1;
    if (applyHook(sys, s)) {
      steps.push({ step, ...s });
      continue;
    }
    if (s.op === 'fail-global-map' || s.op === 'fill-xen-tx') continue;
    const r = runScenario(sys, [s]);
    const done = r.steps[0];
    const smcs = smcsOf(done?.events ?? []);
    const v = done?.value ?? null;
    if (r.panic) panic = r.panic instanceof XenPanic || r.panic instanceof SpmcPanic ? r.panic.message : String(r.panic);
    switch (s.op) {
      case 'call': {
        const reply = Array.isArray(v) ? (v as Frame) : undefined;
        if (reply) noteGuestRx(rx, s.domid, s.frame, reply);
        steps.push({ step, op: 'call', domid: s.domid, vcpu: s.vcpu ?? 0, call: frameToHexTrimmed(s.frame), ...(reply ? { reply: frameToHexTrimmed(reply) } : {}), smcs });
        break;
      }
      case 'write':
        steps.push({ step, op: 'write', domid: s.domid, address: addrHex(s.ipa), bytes: bytesToHex(s.bytes) });
        break;
      case 'create':
        steps.push({ step, op: 'create', domid: s.domid, vmId: idHex(s.domid + 1), ...(typeof v === 'number' ? { status: v } : {}), smcs });
        break;
      default:
        steps.push({ step, op: s.op, ...('domid' in s ? { domid: s.domid } : {}), ...(typeof v === 'boolean' ? { ok: v } : {}), smcs });
    }
    if (r.panic) break;
  }
  const finalGuestRx = [...rx.entries()]
    .filter(([domid, g]) => g.defined > 0 && sys.xen.domains.has(domid))
    .map(([domid, g]) => ({ domid, address: addrHex(g.ipa), bytes: bytesToHex(sys.guestRead(domid, g.ipa, g.defined)) }));
  return { steps, finalGuestRx, panic };
}

