// One SMC being handled by the SPMC model, in the shape of Hafnium's api_* functions: the caller,
// its (convention-masked) registers, and helpers that return at once with an FF-A error and a
// reason for the trace (Arm DEN0077 FFA_ERROR / FFA_SUCCESS conventions).
import { callFrame, errorFrame, FRAME_REGS, type Frame, type RegValue } from '../ffa/frame';
import { fidLabel } from '../ffa/ids';
import type { PhysMem } from '../sim/memory';
import type { Endpoint, Endpoints } from './endpoints';
import { SpmcPanic } from './errors';
import type { Personality } from './personality';
import type { Share, SpmcEvent } from './types';

/** All state of one SPMC plus what it was built with. */
export interface Machine {
  readonly p: Personality;
  readonly mem: PhysMem;
  readonly eps: Endpoints;
  /** Memory transactions by handle, including ones still waiting for fragments. */
  readonly shares: Map<bigint, Share>;
  /** Next handle for HandleScheme 'counter'. */
  nextHandle: bigint;
  readonly trace: SpmcEvent[] | undefined;
  readonly cpuCount: number;
  seq: number;
  panicked: string | undefined;
  /**
   * Encoded partition descriptors by (size, caller kind, caller version, query): a pure function
   * of the configuration, kept only so that the explorer's many FFA_PARTITION_INFO_GET stay cheap.
   */
  readonly partInfoCache: Map<string, Uint8Array>;
}

const MASK64 = 0xffffffffffffffffn;

export class Call {
  readonly fid: number;
  /** State this call changes whatever its outcome (set at SMC entry), reported with refusals. */
  entryMutation: string | undefined;
  constructor(
    readonly m: Machine,
    readonly caller: number,
    /** The caller's endpoint (0: the hypervisor; else the SP). */
    readonly ep: Endpoint,
    /** Registers as the callee may read them (SMC32: upper halves cleared). */
    readonly f: Frame,
    /** Registers exactly as passed, for implementations that leave them in the reply. */
    readonly raw: Frame,
  ) {
    this.fid = Number((f[0] ?? 0n) & 0xffffffffn);
  }

  get p(): Personality {
    return this.m.p;
  }

  x(i: number): bigint {
    return this.f[i] ?? 0n;
  }

  w(i: number): number {
    return Number((this.f[i] ?? 0n) & 0xffffffffn);
  }

  /** A refusal: FFA_ERROR with `code`, and the reason in the trace. */
  refuse(code: number, reason: string, own?: string): Frame {
    const mutates = own === undefined ? this.entryMutation : this.entryMutation === undefined ? own : `${own}; ${this.entryMutation}`;
    this.record(
      mutates === undefined
        ? { kind: 'refusal', seq: this.m.seq, abi: fidLabel(this.fid), code, reason }
        : { kind: 'refusal', seq: this.m.seq, abi: fidLabel(this.fid), code, reason, mutates },
    );
    return errorFrame(code);
  }

  note(text: string): void {
    this.record({ kind: 'note', seq: this.m.seq, text });
  }

  record(e: SpmcEvent): void {
    this.m.trace?.push(e);
  }

  /** The firmware dies here: no reply ever comes back. */
  panic(reason: string): never {
    this.m.panicked = reason;
    this.record({ kind: 'panic', seq: this.m.seq, reason });
    throw new SpmcPanic(reason, this.m.seq);
  }

  /**
   * A reply writing registers x0..x(n-1). TF-A's SMC_RET1/SMC_RET3/SMC_RET4 write only those, so
   * the caller's own x(n).. come back; the other SPMCs return zeros there. DEN0077 makes unused
   * result registers MBZ (the ACS checks w1-w7 of FFA_VERSION), so this is TF-A's deviation,
   * modelled because its code does it (obs.: no test of it found in tf-a-tests).
   */
  reply(...written: RegValue[]): Frame {
    const out = callFrame(Number(written[0] ?? 0), ...written.slice(1));
    if (!this.p.repliesEchoUnwrittenRegs) return out;
    const echoed = out.slice();
    for (let i = written.length; i < FRAME_REGS; i++) echoed[i] = (this.raw[i] ?? 0n) & MASK64;
    return echoed;
  }
}
