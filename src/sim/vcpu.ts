// A physical CPU running one guest vCPU's hypercalls into Xen, as a cooperative task: it stops at
// every effect (Xen spinlock/rwlock call, SMC, shared access) so a scheduler can interleave it.
import type { Effect, Proc } from './effects';

/** One guest call as the scheduler sees it: a label for traces and a fresh handler run. */
export interface CallSpec {
  readonly label: string;
  readonly start: () => Proc<unknown>;
}

/** What one vCPU does: its calls, in program order (a guest vCPU issues one SMC at a time). */
export interface TaskSpec {
  readonly label: string;
  readonly calls: readonly CallSpec[];
}

/** Called when a call's handler returns, before the next call starts: the hypercall-exit point. */
export type ReturnHook = (vcpu: Vcpu, callIndex: number, value: unknown) => void;

/**
 * Would this effect go ahead now for `vcpu`? The blocked cases of applyLockEffect, read without
 * mutating anything. A lock the vCPU itself holds counts as "can proceed" because applying it
 * then raises the self-deadlock panic, which is a finding, not a wait.
 */
export function canProceed(e: Effect, vcpu: number): boolean {
  switch (e.op) {
    case 'spin_lock':
      return e.lock.holder === null || e.lock.holder === vcpu;
    case 'read_lock':
      return e.lock.writer === null || e.lock.writer === vcpu;
    case 'write_lock':
      return (e.lock.writer === null && e.lock.readers.size === 0) || e.lock.writer === vcpu || e.lock.readers.has(vcpu);
    default:
      return true;
  }
}

export class Vcpu {
  /** The effect the task is stopped at; undefined before start and once every call returned. */
  pending: Effect | undefined = undefined;
  /** Index of the call in progress; equals calls.length when the task is done. */
  callIndex = 0;
  readonly results: unknown[] = [];
  private gen: Proc<unknown> | undefined = undefined;
  private started = false;
  /** Index of the call the last performed effect belonged to; -1 before the first. */
  private stepCall = -1;

  constructor(
    readonly id: number,
    readonly spec: TaskSpec,
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  get isDone(): boolean {
    return this.started && this.callIndex >= this.spec.calls.length;
  }

  /** Label of the call in progress, or '-' when the task has not started or is done. */
  get currentCall(): string {
    return this.started && !this.isDone ? this.spec.calls[this.callIndex]!.label : '-';
  }

  /**
   * The call whose effect this vCPU performed last (a call that already returned while the next
   * has not stepped yet), else the call in progress: what a finding at this point belongs to.
   */
  get recentCall(): string {
    if (!this.started) return '-';
    const i = this.stepCall >= 0 ? this.stepCall : Math.min(this.callIndex, this.spec.calls.length - 1);
    return i >= 0 ? this.spec.calls[i]!.label : '-';
  }

  /** Run the first call up to its first effect (local code before it touches nothing shared). */
  start(onReturn: ReturnHook): void {
    if (this.started) return;
    this.started = true;
    this.runUntilEffect(undefined, true, onReturn);
  }

  /** Resume after the pending effect was performed with `value`; stops at the next effect. */
  advance(value: unknown, onReturn: ReturnHook): void {
    this.stepCall = this.callIndex;
    this.runUntilEffect(value, false, onReturn);
  }

  private runUntilEffect(input: unknown, fresh: boolean, onReturn: ReturnHook): void {
    let value = input;
    let needNew = fresh;
    for (;;) {
      if (needNew) {
        if (this.callIndex >= this.spec.calls.length) {
          this.pending = undefined;
          this.gen = undefined;
          return;
        }
        this.gen = this.spec.calls[this.callIndex]!.start();
        value = undefined;
      }
      const r = this.gen!.next(value);
      if (!r.done) {
        this.pending = r.value;
        return;
      }
      this.results.push(r.value);
      const idx = this.callIndex++;
      onReturn(this, idx, r.value);
      needNew = true;
    }
  }
}
