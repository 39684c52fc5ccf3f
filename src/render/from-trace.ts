// Adapter from the mediator's trace (src/mediator/trace.ts: Xen's guest calls and replies, SMCs,
// lock operations and printk) to a sequence diagram: guests <-> Xen <-> SPMC, locks on Xen.
import { frameLabel, isError, type Frame } from '../ffa/frame';
import type { TraceEvent } from '../mediator/trace';
import type { SeqActor, SeqEvent, SequenceInput } from './sequence-layout';
import { replyLabel } from './_labels';

export interface FromTraceOptions {
  readonly title: string;
  /** Header under "Xen", e.g. the revision. */
  readonly xenSub?: string;
  readonly spmcSub?: string;
  /** Which locks to draw (default all); e.g. only the SPMC buffer locks. */
  readonly locks?: (name: string) => boolean;
  /** Draw printk lines as notes (default true) and access marks (default false). */
  readonly printk?: boolean;
  readonly accesses?: boolean;
  /** Show spin_is_locked() answers (the v0/v1 ASSERT checks) as notes; default false. */
  readonly queries?: boolean;
  /** Events before this sequence number are left out (e.g. boot), default 0. */
  readonly fromSeq?: number;
}

const ACQUIRE = new Set(['spin_lock', 'read_lock', 'write_lock']);
const RELEASE = new Set(['spin_unlock', 'read_unlock', 'write_unlock']);

export const XEN = 'xen';
export const SPMC = 'spmc';

export function guestActor(domid: number): string {
  return `d${domid}`;
}

function reply(frame: Frame): 'reply' | 'error' {
  return isError(frame) ? 'error' : 'reply';
}

/** One SMC's number in a trace (1-based), so a hex dump can say which arrow it belongs to. */
export function smcTags(trace: readonly TraceEvent[]): ReadonlyMap<number, string> {
  const tags = new Map<number, string>();
  for (const e of trace) if (e.kind === 'smc') tags.set(e.seq, `#${tags.size + 1}`);
  return tags;
}

function lockEvent(e: Extract<TraceEvent, { kind: 'lock' }>, o: FromTraceOptions): SeqEvent | undefined {
  if (o.locks !== undefined && !o.locks(e.lock)) return undefined;
  const by = `vCPU${e.vcpu}`;
  const taken = ACQUIRE.has(e.op) || (e.op === 'spin_trylock' && e.result === true);
  if (taken) return { kind: 'lock', actor: XEN, lock: e.lock, op: 'acquire', by };
  if (RELEASE.has(e.op)) return { kind: 'lock', actor: XEN, lock: e.lock, op: 'release', by };
  if (e.op === 'spin_trylock') return { kind: 'note', actor: XEN, text: `spin_trylock(${e.lock}) failed on ${by}`, tone: 'warn' };
  if (e.op === 'spin_is_locked' && o.queries === true) return { kind: 'note', actor: XEN, text: `spin_is_locked(${e.lock}) = ${String(e.result)} on ${by}` };
  return undefined;
}

interface Context {
  readonly tags: ReadonlyMap<number, string>;
  /** Label guest calls with their vCPU: only worth the room when several vCPUs appear. */
  readonly vcpuDetail: boolean;
  /** The open guest call per vCPU, to label its reply. */
  readonly open: Map<number, Frame>;
}

function convert(e: TraceEvent, o: FromTraceOptions, cx: Context): SeqEvent[] {
  const tags = cx.tags;
  switch (e.kind) {
    case 'guest-call': {
      cx.open.set(e.vcpu, e.frame);
      const label = frameLabel(e.frame);
      const from = guestActor(e.domid);
      return [cx.vcpuDetail ? { kind: 'message', from, to: XEN, label, detail: `vCPU${e.vcpu}` } : { kind: 'message', from, to: XEN, label }];
    }
    case 'guest-reply': {
      const call = cx.open.get(e.vcpu);
      cx.open.delete(e.vcpu);
      return [{ kind: 'message', from: XEN, to: guestActor(e.domid), label: replyLabel(call, e.frame), style: reply(e.frame) }];
    }
    case 'smc': {
      const tag = tags.get(e.seq);
      const call: SeqEvent = tag === undefined
        ? { kind: 'message', from: XEN, to: SPMC, label: frameLabel(e.frameIn) }
        : { kind: 'message', from: XEN, to: SPMC, label: frameLabel(e.frameIn), tag };
      return [call, { kind: 'message', from: SPMC, to: XEN, label: replyLabel(e.frameIn, e.frameOut), style: reply(e.frameOut) }];
    }
    case 'lock': {
      const l = lockEvent(e, o);
      return l === undefined ? [] : [l];
    }
    case 'printk':
      if (o.printk === false) return [];
      return [{ kind: 'note', actor: XEN, text: `(XEN) ${e.text}`, tone: e.level === 'ERR' ? 'fail' : e.level === 'WARNING' ? 'warn' : 'info' }];
    case 'access':
      return o.accesses === true ? [{ kind: 'note', actor: XEN, text: `${e.access} ${e.obj}` }] : [];
    case 'phase':
      return [{ kind: 'note', actor: XEN, text: e.text }];
  }
}

/** Guests appear left of Xen in the order they first show up; the SPMC is always on the right. */
export function sequenceFromTrace(trace: readonly TraceEvent[], o: FromTraceOptions): SequenceInput {
  const from = o.fromSeq ?? 0;
  const shown = trace.filter((e) => e.seq >= from);
  const domids: number[] = [];
  for (const e of shown) if ((e.kind === 'guest-call' || e.kind === 'guest-reply') && !domids.includes(e.domid)) domids.push(e.domid);
  const actors: SeqActor[] = [
    ...domids.map((d) => ({ id: guestActor(d), label: `d${d}`, sub: `guest, FF-A id 0x${(d + 1).toString(16).padStart(4, '0')}` })),
    o.xenSub === undefined ? { id: XEN, label: 'Xen' } : { id: XEN, label: 'Xen', sub: o.xenSub },
    o.spmcSub === undefined ? { id: SPMC, label: 'SPMC' } : { id: SPMC, label: 'SPMC', sub: o.spmcSub },
  ];
  const vcpus = new Set(shown.flatMap((e) => (e.kind === 'guest-call' ? [e.vcpu] : [])));
  const cx: Context = { tags: smcTags(trace), vcpuDetail: vcpus.size > 1, open: new Map() };
  return { title: o.title, actors, events: shown.flatMap((e) => convert(e, o, cx)) };
}

/** Guest calls and the replies they got, in order: [vCPU, domain, call, reply] rows for a table. */
export function guestCallRows(trace: readonly TraceEvent[]): string[][] {
  const open = new Map<string, string[]>();
  const rows: string[][] = [];
  for (const e of trace) {
    const key = `${e.vcpu}`;
    if (e.kind === 'guest-call') {
      const row = [`vCPU${e.vcpu}`, `d${e.domid}`, frameLabel(e.frame), '(no reply)'];
      rows.push(row);
      open.set(key, row);
    } else if (e.kind === 'guest-reply') {
      const row = open.get(key);
      if (row !== undefined) row[3] = frameLabel(e.frame);
      open.delete(key);
    }
  }
  return rows;
}
