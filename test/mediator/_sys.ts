// Test helpers for the mediator model: systems built the way the reference notes describe the
// setup (domid 1 = FF-A id 2, guest RAM mapped linearly), byte tables written independently.
import { callFrame, frameLabel, type Frame } from '../../src/ffa/frame';
import { applyEffect, type Effect, type Proc } from '../../src/sim/effects';
import { standardFirmware, type StandardScriptOptions } from '../../src/mediator/fw-script';
import { createSystem, LAYOUT, runGuest, type Firmware, type System } from '../../src/mediator/system';
import type { RevisionName } from '../../src/mediator/revisions/index';
import type { RxAcquireSetting } from '../../src/mediator/probe';
import { smcEvents, type TraceEvent } from '../../src/mediator/trace';
import type { PhysMem } from '../../src/sim/memory';

export const REVS: readonly RevisionName[] = ['S0', 'v0', 'v1', 'v2', '4.22.0'];
export const PAGE = 4096;
/** Domain 1's guest page n (IPA) and its machine address under the test layout. */
export const ipa = (n: number): number => 0x4000_0000 + n * PAGE;
export const maddr = (n: number): number => 0x1_0000_0000 + 0x100_0000 + n * PAGE;

export interface Built {
  readonly sys: System;
  readonly booted: boolean;
}

export function build(
  rev: RevisionName,
  o: { rxa?: RxAcquireSetting; fw?: (mem: PhysMem) => Firmware; script?: StandardScriptOptions; vmToVm?: boolean; create?: boolean } = {},
): Built {
  const sys = createSystem({
    revision: rev,
    firmware: o.fw ?? ((mem) => standardFirmware({ mem, ...(o.script ?? {}) })),
    fwRxAcquire: o.rxa ?? 'probe',
    vmToVm: o.vmToVm ?? false,
  });
  const booted = sys.run(sys.boot());
  if (o.create !== false) sys.run(sys.createDomain(1));
  return { sys, booted };
}

/** One guest call from domain 1 (vCPU 0). */
export function call(sys: System, fid: number, ...args: (number | bigint)[]): Frame {
  return runGuest(sys, 1, callFrame(fid, ...args));
}

/** SMC labels ("IN -> OUT") among trace events since index `from`. */
export function smcsSince(sys: System, from: number): string[] {
  return smcEvents(sys.trace.slice(from)).map((e) => frameLabel(e.frameIn));
}

/** Run a guest call and return its reply label and the SMCs it made (inputs only). */
export function callTraced(sys: System, fid: number, ...args: (number | bigint)[]): { reply: string; smcs: string[]; frame: Frame } {
  const from = sys.trace.length;
  const frame = call(sys, fid, ...args);
  return { reply: frameLabel(frame), smcs: smcsSince(sys, from), frame };
}

export function lastSmc(sys: System): Extract<TraceEvent, { kind: 'smc' }> | undefined {
  const all = smcEvents(sys.trace);
  return all[all.length - 1];
}

/** Little-endian bytes from [offset, size, value] fields, zero elsewhere: an independent table. */
export function table(len: number, fields: readonly (readonly [number, 1 | 2 | 4 | 8, number | bigint])[]): Uint8Array {
  const b = new Uint8Array(len);
  const dv = new DataView(b.buffer);
  for (const [off, size, v] of fields) {
    if (size === 8) dv.setBigUint64(off, BigInt(v), true);
    else if (size === 4) dv.setUint32(off, Number(v), true);
    else if (size === 2) dv.setUint16(off, Number(v), true);
    else dv.setUint8(off, Number(v));
  }
  return b;
}

export function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * A hand-driven vCPU for interleavings: step a handler effect by effect with Xen's lock semantics
 * (applyEffect), stop where the test wants, let another vCPU run, then continue.
 */
export class Stepper<T> {
  private input: unknown = undefined;
  pending: Effect | undefined;
  done = false;
  value: T | undefined;

  constructor(
    readonly sys: System,
    private readonly proc: Proc<T>,
    readonly vcpu: number,
  ) {
    this.advance();
  }

  private advance(): void {
    const r = this.proc.next(this.input);
    if (r.done) {
      this.done = true;
      this.value = r.value;
      this.pending = undefined;
    } else this.pending = r.value;
  }

  /** Perform the pending effect; false when it blocks (lock held by another vCPU). */
  step(): boolean {
    if (!this.pending) return false;
    const out = applyEffect(this.pending, this.vcpu, this.sys.host);
    if (out.kind === 'blocked') return false;
    this.input = out.value;
    this.advance();
    return true;
  }

  /** Step until the pending effect matches (not performed yet); false if the proc ended first. */
  until(pred: (e: Effect) => boolean): boolean {
    while (this.pending && !pred(this.pending)) if (!this.step()) return false;
    return this.pending !== undefined;
  }

  finish(): T | undefined {
    while (!this.done) if (!this.step()) break;
    return this.value;
  }
}

export { LAYOUT };
