// A deterministic scheduler for Xen pCPUs running modelled hypervisor code (src/sim/effects.ts):
// one effect per step, the vCPU chosen by a policy, Xen's lock semantics via applyEffect.
import {
  applyEffect, isLockEffect, XenPanic, type Effect, type EffectHost, type RwLock, type SpinLock,
} from './effects';
import { canProceed, Vcpu, type CallSpec, type TaskSpec } from './vcpu';
import { effectLabel, valueLabel } from './_label';

/** What the scheduler runs: tasks that run concurrently, then an optional epilogue run alone. */
export interface SimWorld {
  readonly host: EffectHost;
  readonly tasks: readonly TaskSpec[];
  /** Calls issued after every task finished, on one extra vCPU: how guests observe the outcome. */
  readonly epilogue?: readonly CallSpec[];
}

/** Masks are 32-bit integers; one bit is kept free for the epilogue vCPU. */
export const MAX_TASKS = 30;

export interface ChoicePoint {
  readonly step: number;
  /** Bit i set: vCPU i can perform its pending effect now. */
  readonly enabled: number;
  /** vCPU that performed the previous step, -1 before the first. */
  readonly current: number;
  readonly vcpus: readonly Vcpu[];
}

export interface Policy {
  choose(p: ChoicePoint): number;
}

/** Read-only view of a run for monitors. */
export interface RunView {
  readonly vcpus: readonly Vcpu[];
  /** Every lock some effect named so far: enough to find locks a vCPU still holds. */
  readonly locks: ReadonlySet<SpinLock | RwLock>;
  readonly step: number;
}

export interface Monitor {
  /** Before choosing; returning true ends the run as 'stopped' (e.g. state already explored). */
  atPoint?(p: ChoicePoint, run: RunView): boolean;
  /** `v` performed `e`; it has not resumed yet, so its call index is still the effect's call. */
  onEffect?(v: Vcpu, e: Effect, result: unknown, run: RunView): void;
  /** After `v` performed `e` and ran on to its next effect (or returned). */
  afterStep?(v: Vcpu, e: Effect, result: unknown, run: RunView): void;
  /** At a hypercall exit, before the vCPU's next call starts. */
  onReturn?(v: Vcpu, callIndex: number, value: unknown, run: RunView): void;
}

export interface Wait {
  readonly vcpu: number;
  readonly op: string;
  readonly lock: string;
  /** Who holds the lock: vCPU ids (several for an rwlock's readers). */
  readonly holders: readonly number[];
}

export type RunEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'panic'; readonly panic: XenPanic; readonly vcpu: number }
  | { readonly kind: 'crash'; readonly message: string; readonly vcpu: number }
  | { readonly kind: 'deadlock'; readonly waits: readonly Wait[] }
  | { readonly kind: 'step-limit'; readonly steps: number }
  | { readonly kind: 'stopped' };

/** One line of an interleaving: which vCPU did what. */
export interface StepRecord {
  readonly step: number;
  readonly vcpu: number;
  readonly kind: 'call' | 'effect' | 'return';
  readonly label: string;
}

export interface RunOptions {
  readonly monitors?: readonly Monitor[];
  readonly maxSteps?: number;
  /** Build StepRecords (replay, diagrams); off while exploring because labels cost time. */
  readonly trace?: boolean;
}

export interface RunResult {
  readonly end: RunEnd;
  readonly choices: readonly number[];
  readonly vcpus: readonly Vcpu[];
  readonly trace: readonly StepRecord[];
}

/** A policy handed a vCPU that cannot run: a bug in the policy, never in the model. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/** Keep the current vCPU while it can run, else the lowest-numbered one that can. */
export function defaultChoice(p: ChoicePoint): number {
  if (p.current >= 0 && (p.enabled & (1 << p.current)) !== 0) return p.current;
  return 31 - Math.clz32(p.enabled & -p.enabled);
}

export const DEFAULT_POLICY: Policy = Object.freeze({ choose: defaultChoice });

function holdersOf(lock: SpinLock | RwLock): number[] {
  if ('holder' in lock) return lock.holder === null ? [] : [lock.holder];
  return lock.writer !== null ? [lock.writer] : [...lock.readers];
}

export function holdsLock(lock: SpinLock | RwLock, vcpu: number): boolean {
  return holdersOf(lock).includes(vcpu);
}

function failure(err: unknown, vcpu: number): RunEnd {
  if (err instanceof XenPanic) return { kind: 'panic', panic: err, vcpu };
  return { kind: 'crash', message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), vcpu };
}

/** Run every task of `world` to the end (or to a panic, deadlock or monitor stop) under `policy`. */
export function runWorld(world: SimWorld, policy: Policy, opts: RunOptions = {}): RunResult {
  if (world.tasks.length > MAX_TASKS) throw new RangeError(`runWorld: ${world.tasks.length} tasks, at most ${MAX_TASKS}`);
  const monitors = opts.monitors ?? [];
  const maxSteps = opts.maxSteps ?? 100_000;
  const trace: StepRecord[] = [];
  const tracing = opts.trace === true;
  const vcpus = world.tasks.map((t, i) => new Vcpu(i, t));
  const epi = world.epilogue && world.epilogue.length > 0 ? new Vcpu(vcpus.length, { label: 'epilogue', calls: world.epilogue }) : undefined;
  const all = epi ? [...vcpus, epi] : vcpus;
  const locks = new Set<SpinLock | RwLock>();
  const choices: number[] = [];
  const view = { vcpus: all, locks, step: 0 };
  const onReturn = (v: Vcpu, idx: number, value: unknown): void => {
    // Returns and call starts belong to the step that ran into them (0 for code before any step).
    const at = Math.max(0, view.step - 1);
    if (tracing) trace.push({ step: at, vcpu: v.id, kind: 'return', label: `${v.spec.calls[idx]!.label} -> ${valueLabel(value)}` });
    for (const m of monitors) m.onReturn?.(v, idx, value, view);
    if (tracing && !v.isDone) trace.push({ step: at, vcpu: v.id, kind: 'call', label: v.currentCall });
  };
  const start = (v: Vcpu): RunEnd | undefined => {
    if (tracing && v.spec.calls.length > 0) trace.push({ step: Math.max(0, view.step - 1), vcpu: v.id, kind: 'call', label: v.spec.calls[0]!.label });
    try {
      v.start(onReturn);
    } catch (err) {
      return failure(err, v.id);
    }
    return undefined;
  };
  const finish = (end: RunEnd): RunResult => ({ end, choices, vcpus: all, trace });

  for (const v of vcpus) {
    const bad = start(v);
    if (bad) return finish(bad);
  }
  let current = -1;
  for (;;) {
    let enabled = 0;
    let live = 0;
    for (const v of vcpus) {
      if (v.pending === undefined) continue;
      live++;
      if (canProceed(v.pending, v.id)) enabled |= 1 << v.id;
    }
    if (live === 0 && epi && !epi.isStarted) {
      const bad = start(epi);
      if (bad) return finish(bad);
    }
    if (live === 0 && epi && epi.pending !== undefined) {
      live++;
      if (canProceed(epi.pending, epi.id)) enabled |= 1 << epi.id;
    }
    if (live === 0) return finish({ kind: 'complete' });
    if (enabled === 0) return finish({ kind: 'deadlock', waits: waitsOf(all) });
    if (view.step >= maxSteps) return finish({ kind: 'step-limit', steps: view.step });
    const point: ChoicePoint = { step: view.step, enabled, current, vcpus: all };
    for (const m of monitors) if (m.atPoint?.(point, view)) return finish({ kind: 'stopped' });
    const c = policy.choose(point);
    if (c < 0 || (enabled & (1 << c)) === 0) throw new PolicyError(`policy chose vCPU ${c}, enabled mask 0x${enabled.toString(16)}`);
    choices.push(c);
    const stepNo = view.step++;
    const v = all[c]!;
    const e = v.pending!;
    let result: unknown;
    try {
      const out = applyEffect(e, c, world.host);
      // canProceed said it would not block; anything else means the two disagree on lock semantics.
      if (out.kind !== 'done') throw new PolicyError(`${e.op} blocked although canProceed allowed it`);
      result = out.value;
      if (isLockEffect(e)) locks.add(e.lock);
      if (tracing) trace.push({ step: stepNo, vcpu: c, kind: 'effect', label: effectLabel(e, result) });
      for (const m of monitors) m.onEffect?.(v, e, result, view);
      v.advance(result, onReturn);
    } catch (err) {
      if (err instanceof PolicyError) throw err;
      return finish(failure(err, c));
    }
    for (const m of monitors) m.afterStep?.(v, e, result, view);
    current = c;
  }
}

function waitsOf(all: readonly Vcpu[]): Wait[] {
  const waits: Wait[] = [];
  for (const v of all) {
    const e = v.pending;
    if (e === undefined || !isLockEffect(e)) continue;
    waits.push({ vcpu: v.id, op: e.op, lock: e.lock.name, holders: holdersOf(e.lock) });
  }
  return waits;
}
