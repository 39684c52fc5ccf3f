// Drive the SPMC model from plain data: an ordered list of SMCs (caller id, register frame) and
// normal-world memory writes (a hypervisor filling its TX buffer), answering the reply frames and
// the bytes of every registered buffer afterwards. The SPMC conformance vectors are made this way
// (vectors.md: "Sequences, not only values").
import type { Frame } from '../ffa/frame';
import { PAGE_SIZE } from '../sim/memory';
import { SpmcPanic } from './errors';
import { Spmc } from './spmc';
import type { RxOwnership, SpmcConfig, SpmcEvent } from './types';

export type Step =
  | { readonly caller: number; readonly frame: Frame }
  /** A normal-world agent writes memory (PhysMem records a fault if it may not). */
  | { readonly write: { readonly pa: number; readonly bytes: Uint8Array; readonly who?: string } };

export interface BufferSnapshot {
  readonly endpoint: number;
  readonly kind: 'rx' | 'tx';
  readonly pa: number;
  readonly bytes: Uint8Array;
  /** RX ownership at the end (the same value on the TX entry, for convenience). */
  readonly ownership: RxOwnership;
}

export interface RunResult {
  /** One reply per SMC step, in order; shorter than the SMC steps if the SPMC panicked. */
  readonly replies: Frame[];
  readonly buffers: BufferSnapshot[];
  readonly trace: readonly SpmcEvent[];
  readonly panic?: string;
  readonly stateKey: string;
}

export function isSmcStep(s: Step): s is { readonly caller: number; readonly frame: Frame } {
  return 'frame' in s;
}

export function buffersOf(spmc: Spmc, mem: SpmcConfig['mem']): BufferSnapshot[] {
  const out: BufferSnapshot[] = [];
  for (const mb of spmc.mailboxes()) {
    const len = mb.pages * PAGE_SIZE;
    out.push({ endpoint: mb.endpoint, kind: 'rx', pa: mb.rx, bytes: mem.peek(mb.rx, len), ownership: mb.ownership });
    out.push({ endpoint: mb.endpoint, kind: 'tx', pa: mb.tx, bytes: mem.peek(mb.tx, len), ownership: mb.ownership });
  }
  return out;
}

/** Run steps on an existing model (e.g. after injections were armed). */
export function runStepsOn(spmc: Spmc, mem: SpmcConfig['mem'], steps: readonly Step[]): RunResult {
  const replies: Frame[] = [];
  let panic: string | undefined;
  for (const s of steps) {
    if (!isSmcStep(s)) {
      mem.write(s.write.pa, s.write.bytes, s.write.who ?? 'hypervisor');
      continue;
    }
    try {
      replies.push(spmc.smc(s.caller, s.frame));
    } catch (e) {
      if (!(e instanceof SpmcPanic)) throw e;
      panic = e.reason;
      break;
    }
  }
  const base = { replies, buffers: buffersOf(spmc, mem), trace: spmc.trace, stateKey: spmc.stateKey() };
  return panic === undefined ? base : { ...base, panic };
}

export function runSteps(cfg: SpmcConfig, steps: readonly Step[]): RunResult {
  return runStepsOn(new Spmc(cfg), cfg.mem, steps);
}
