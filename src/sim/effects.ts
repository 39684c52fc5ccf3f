// The effect protocol of modelled hypervisor code: handlers are generators that yield at every
// point where another CPU could observe or change shared state (Xen's spinlock/rwlock API, SMCs,
// shared buffer and ctx-field accesses). A scheduler decides who runs next; a plain sequential
// run is the same code driven by runSequential().
import type { Frame } from '../ffa/frame';

/** A Xen spinlock: not recursive, holder is a vCPU id or null. */
export class SpinLock {
  holder: number | null = null;
  constructor(readonly name: string) {}
}

/** A Xen rwlock: many readers or one writer. */
export class RwLock {
  writer: number | null = null;
  readonly readers = new Set<number>();
  constructor(readonly name: string) {}
}

export type LockEffect =
  | { readonly op: 'spin_lock'; readonly lock: SpinLock }
  | { readonly op: 'spin_trylock'; readonly lock: SpinLock }
  | { readonly op: 'spin_unlock'; readonly lock: SpinLock }
  | { readonly op: 'spin_is_locked'; readonly lock: SpinLock }
  | { readonly op: 'read_lock' | 'read_unlock' | 'write_lock' | 'write_unlock'; readonly lock: RwLock };

/**
 * 'access' marks a read or write of state another CPU may touch: `obj` names the object (a guest
 * RX page, the SPMC TX buffer, ctx->rx_is_free ...) so the explorer can tell dependent steps apart.
 */
export type AccessEffect = {
  readonly op: 'access';
  readonly kind: 'read' | 'write';
  readonly obj: string;
  readonly note?: string;
};

export type SmcEffect = { readonly op: 'smc'; readonly frame: Frame };

export type Effect = LockEffect | AccessEffect | SmcEffect;

/** A modelled code path. The value sent back into the generator depends on the effect. */
export type Proc<T> = Generator<Effect, T, unknown>;

// --- Typed wrappers: modelled code says `yield* spinLock(l)`, never builds effects by hand. ---

export function* spinLock(lock: SpinLock): Proc<void> {
  yield { op: 'spin_lock', lock };
}

export function* spinUnlock(lock: SpinLock): Proc<void> {
  yield { op: 'spin_unlock', lock };
}

export function* spinTrylock(lock: SpinLock): Proc<boolean> {
  return (yield { op: 'spin_trylock', lock }) as boolean;
}

export function* spinIsLocked(lock: SpinLock): Proc<boolean> {
  return (yield { op: 'spin_is_locked', lock }) as boolean;
}

export function* readLock(lock: RwLock): Proc<void> {
  yield { op: 'read_lock', lock };
}

export function* readUnlock(lock: RwLock): Proc<void> {
  yield { op: 'read_unlock', lock };
}

export function* writeLock(lock: RwLock): Proc<void> {
  yield { op: 'write_lock', lock };
}

export function* writeUnlock(lock: RwLock): Proc<void> {
  yield { op: 'write_unlock', lock };
}

export function* smcCall(frame: Frame): Proc<Frame> {
  return (yield { op: 'smc', frame }) as Frame;
}

export function* access(kind: 'read' | 'write', obj: string, note?: string): Proc<void> {
  yield note === undefined ? { op: 'access', kind, obj } : { op: 'access', kind, obj, note };
}

// --- Failures that end a run ---

/** A debug-build ASSERT() failure or BUG(): Xen panics; the run ends and the explorer records it. */
export class XenPanic extends Error {
  override readonly name = 'XenPanic';
  constructor(
    readonly kind: 'assert' | 'bug' | 'deadlock' | 'lock-misuse',
    readonly detail: string,
    readonly vcpu: number,
  ) {
    super(`${kind} on vCPU ${vcpu}: ${detail}`);
  }
}

/** ASSERT(cond) as Xen compiles it: checked only in debug builds. */
export function xenAssert(debug: boolean, cond: boolean, text: string, vcpu: number): void {
  if (debug && !cond) throw new XenPanic('assert', `Assertion '${text}' failed`, vcpu);
}

// --- Lock semantics, shared by the sequential runner and the interleaving scheduler ---

export type Outcome =
  | { readonly kind: 'done'; readonly value: unknown } // effect performed, resume with value
  | { readonly kind: 'blocked' }; // the vCPU spins; retry later

const DONE_UNDEF: Outcome = { kind: 'done', value: undefined };
const DONE_TRUE: Outcome = { kind: 'done', value: true };
const DONE_FALSE: Outcome = { kind: 'done', value: false };

/**
 * Perform one lock effect for `vcpu`. Spinning on a lock the same vCPU holds is a self-deadlock
 * (Xen spinlocks are not recursive); releasing a lock one does not hold is lock misuse.
 */
export function applyLockEffect(e: LockEffect, vcpu: number): Outcome {
  switch (e.op) {
    case 'spin_lock':
      if (e.lock.holder === null) {
        e.lock.holder = vcpu;
        return DONE_UNDEF;
      }
      if (e.lock.holder === vcpu) throw new XenPanic('deadlock', `spin_lock(${e.lock.name}) already held by this vCPU`, vcpu);
      return { kind: 'blocked' };
    case 'spin_trylock':
      if (e.lock.holder === null) {
        e.lock.holder = vcpu;
        return DONE_TRUE;
      }
      return DONE_FALSE;
    case 'spin_unlock':
      if (e.lock.holder !== vcpu)
        throw new XenPanic('lock-misuse', `spin_unlock(${e.lock.name}) by a vCPU that does not hold it`, vcpu);
      e.lock.holder = null;
      return DONE_UNDEF;
    case 'spin_is_locked':
      return e.lock.holder !== null ? DONE_TRUE : DONE_FALSE;
    case 'read_lock':
      if (e.lock.writer !== null) {
        if (e.lock.writer === vcpu) throw new XenPanic('deadlock', `read_lock(${e.lock.name}) while write-holding it`, vcpu);
        return { kind: 'blocked' };
      }
      e.lock.readers.add(vcpu);
      return DONE_UNDEF;
    case 'read_unlock':
      if (!e.lock.readers.delete(vcpu)) throw new XenPanic('lock-misuse', `read_unlock(${e.lock.name}) without read_lock`, vcpu);
      return DONE_UNDEF;
    case 'write_lock':
      if (e.lock.writer === vcpu || e.lock.readers.has(vcpu))
        throw new XenPanic('deadlock', `write_lock(${e.lock.name}) while already holding it`, vcpu);
      if (e.lock.writer !== null || e.lock.readers.size > 0) return { kind: 'blocked' };
      e.lock.writer = vcpu;
      return DONE_UNDEF;
    case 'write_unlock':
      if (e.lock.writer !== vcpu) throw new XenPanic('lock-misuse', `write_unlock(${e.lock.name}) without write_lock`, vcpu);
      e.lock.writer = null;
      return DONE_UNDEF;
  }
}

/** What the world does with SMCs and shared accesses; the trace hooks live here too. */
export interface EffectHost {
  /** Perform an SMC from the hypervisor (caller id 0) and return the reply. */
  smc(frame: Frame, vcpu: number): Frame;
  /** Called for every effect after it was performed (tracing). */
  observe?(e: Effect, vcpu: number, result: unknown): void;
}

export function isLockEffect(e: Effect): e is LockEffect {
  return e.op !== 'smc' && e.op !== 'access';
}

/** Perform any effect. 'blocked' only for locks held by another vCPU. */
export function applyEffect(e: Effect, vcpu: number, host: EffectHost): Outcome {
  let out: Outcome;
  if (e.op === 'smc') out = { kind: 'done', value: host.smc(e.frame, vcpu) };
  else if (e.op === 'access') out = DONE_UNDEF;
  else out = applyLockEffect(e, vcpu);
  if (out.kind === 'done') host.observe?.(e, vcpu, out.value);
  return out;
}

/**
 * Run a proc to completion on one vCPU with nobody else running. A lock held by another vCPU can
 * never be released here, so blocking is reported as a deadlock.
 */
export function runSequential<T>(proc: Proc<T>, host: EffectHost, vcpu = 0): T {
  let input: unknown = undefined;
  for (;;) {
    const step = proc.next(input);
    if (step.done) return step.value;
    const effect = step.value as Effect;
    const out = applyEffect(effect, vcpu, host);
    if (out.kind === 'blocked') {
      const e = effect as LockEffect;
      throw new XenPanic('deadlock', `${e.op}(${e.lock.name}) spins forever: held by another vCPU`, vcpu);
    }
    input = out.value;
  }
}
