// Xen printk()/gprintk() and the SMC and lock activity of xen/arch/arm/tee/: one ordered trace that
// tests, vectors and notebooks render from.
import type { Frame } from '../ffa/frame';

export type LogLevel = 'ERR' | 'WARNING' | 'INFO' | 'DEBUG';

export type TraceEvent =
  | { readonly seq: number; readonly kind: 'phase'; readonly vcpu: number; readonly text: string }
  | { readonly seq: number; readonly kind: 'guest-call'; readonly vcpu: number; readonly domid: number; readonly frame: Frame }
  | { readonly seq: number; readonly kind: 'guest-reply'; readonly vcpu: number; readonly domid: number; readonly frame: Frame }
  | {
      readonly seq: number;
      readonly kind: 'smc';
      readonly vcpu: number;
      readonly frameIn: Frame;
      readonly frameOut: Frame;
      /** Xen's SPMC TX page just before the SMC (trailing zero bytes trimmed); null when none is mapped. */
      readonly tx: Uint8Array | null;
      /** Xen's SPMC RX page just after the SMC (trailing zero bytes trimmed). */
      readonly rx: Uint8Array | null;
    }
  | { readonly seq: number; readonly kind: 'lock'; readonly vcpu: number; readonly op: string; readonly lock: string; readonly result?: boolean }
  | { readonly seq: number; readonly kind: 'access'; readonly vcpu: number; readonly access: 'read' | 'write'; readonly obj: string }
  | { readonly seq: number; readonly kind: 'printk'; readonly vcpu: number; readonly level: LogLevel; readonly text: string };

/** Distributes Omit over the union so each variant keeps its own fields. */
export type TraceInput = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never;

export class Tracer {
  readonly events: TraceEvent[] = [];
  constructor(
    /** Off while exploring: nothing is recorded and no buffer is copied. */
    readonly enabled: boolean,
    readonly accesses = false,
  ) {}

  push(e: TraceInput): void {
    if (this.enabled) this.events.push({ ...e, seq: this.events.length } as TraceEvent);
  }
}

/** A page copy without its trailing zeros: a snapshot costs what the page really holds. */
export function trimmedCopy(page: Uint8Array): Uint8Array {
  let end = page.length;
  while (end > 0 && page[end - 1] === 0) end--;
  return page.slice(0, end);
}

/** Bytes [off, off+len) of a trimmed snapshot, zero-extended. */
export function snapshotBytes(snap: Uint8Array | null, off: number, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (snap) out.set(snap.subarray(Math.min(off, snap.length), Math.min(off + len, snap.length)));
  return out;
}

export function smcEvents(trace: readonly TraceEvent[]): Extract<TraceEvent, { kind: 'smc' }>[] {
  return trace.filter((e): e is Extract<TraceEvent, { kind: 'smc' }> => e.kind === 'smc');
}

export function printkLines(trace: readonly TraceEvent[]): string[] {
  return trace.flatMap((e) => (e.kind === 'printk' ? [`(XEN) ${e.level}: ${e.text}`] : []));
}
