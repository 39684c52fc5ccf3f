// The sequential reference for guest-visible results: every order of the same guest calls run
// one whole hypercall at a time (each vCPU's own calls keep their program order). A concurrent
// run whose results no such order gives exposes a race, even when nothing crashed.
import { defaultChoice, runWorld, type ChoicePoint, type Policy } from '../sim/scheduler';
import type { Vcpu } from '../sim/vcpu';
import { isFrame, valueLabel } from '../sim/_label';
import type { ExploreWorld, WorldFactory } from './types';

/** Orders beyond this many are not enumerated (the oracle then stays silent). */
const MAX_ORDERS = 5040;

/** Exact comparison key of a call result (frames register by register). */
export function resultKey(v: unknown): string {
  return isFrame(v) ? v.map((r) => r.toString(16)).join(',') : valueLabel(v);
}

/** Guest-visible outcome of a finished run: every call's result in task order, then the view. */
export function outcomeKeys(world: ExploreWorld, vcpus: readonly Vcpu[]): string[] {
  const keys: string[] = [];
  for (const v of vcpus) for (const r of v.results) keys.push(resultKey(r));
  if (world.guestView) keys.push(world.guestView());
  return keys;
}

function retryMask(world: ExploreWorld, vcpus: readonly Vcpu[]): boolean[] {
  const mask: boolean[] = [];
  for (const v of vcpus) for (const r of v.results) mask.push(world.isRetryable?.(r) ?? false);
  if (world.guestView) mask.push(false);
  return mask;
}

/** All interleavings of whole calls: task i appears counts[i] times. */
export function callOrders(counts: readonly number[], limit = MAX_ORDERS): number[][] | undefined {
  const out: number[][] = [];
  const left = [...counts];
  const total = counts.reduce((a, b) => a + b, 0);
  const cur: number[] = [];
  const walk = (): boolean => {
    if (cur.length === total) {
      out.push([...cur]);
      return out.length <= limit;
    }
    for (let t = 0; t < left.length; t++) {
      if (left[t] === 0) continue;
      left[t]!--;
      cur.push(t);
      const go = walk();
      cur.pop();
      left[t]!++;
      if (!go) return false;
    }
    return true;
  };
  return walk() ? out : undefined;
}

/** Runs the vCPU whose call is next in `order` until that call returns. */
class CallOrderPolicy implements Policy {
  stuck = false;
  constructor(
    private readonly order: readonly number[],
    private readonly tasks: number,
  ) {}

  choose(p: ChoicePoint): number {
    let done = 0;
    for (let i = 0; i < this.tasks; i++) done += p.vcpus[i]!.callIndex;
    const t = done < this.order.length ? this.order[done]! : -1;
    if (t >= 0 && (p.enabled & (1 << t)) !== 0) return t;
    if (t >= 0) this.stuck = true;
    return defaultChoice(p);
  }
}

export interface Unexplained {
  readonly where: string;
  readonly detail: string;
}

export class SequentialReference {
  private outcomes: { order: string; keys: string[] }[] | undefined;
  runs = 0;
  steps = 0;

  constructor(
    private readonly factory: WorldFactory,
    private readonly maxSteps: number,
  ) {}

  /** Undefined when some sequential order gives these results (retryable results match anything). */
  check(world: ExploreWorld, vcpus: readonly Vcpu[]): Unexplained | undefined {
    const ref = this.reference();
    if (ref.length === 0) return undefined;
    const got = outcomeKeys(world, vcpus);
    const retry = retryMask(world, vcpus);
    const labels: string[] = [];
    for (const v of vcpus) v.spec.calls.forEach((c) => labels.push(`${c.label}@${v.id}`));
    if (world.guestView) labels.push('guest view');
    let best: { order: string; bad: number[] } | undefined;
    for (const o of ref) {
      const bad: number[] = [];
      for (let i = 0; i < got.length; i++) if (got[i] !== o.keys[i] && !retry[i]) bad.push(i);
      if (bad.length === 0) return undefined;
      if (!best || bad.length < best.bad.length) best = { order: o.order, bad };
    }
    const b = best!;
    const where = b.bad.map((i) => labels[i]!.replace(/@\d+$/, '')).sort().join(', ');
    const diffs = b.bad.map((i) => `${labels[i]}: got ${got[i]}, expected ${ref.find((o) => o.order === b.order)!.keys[i]}`);
    return { where, detail: `no sequential order explains the results; closest is ${b.order}: ${diffs.join('; ')}` };
  }

  private reference(): { order: string; keys: string[] }[] {
    if (this.outcomes) return this.outcomes;
    this.outcomes = [];
    const probe = this.factory();
    const counts = probe.tasks.map((t) => t.calls.length);
    const orders = callOrders(counts);
    if (!orders) return this.outcomes;
    for (const order of orders) {
      const world = order === orders[0] ? probe : this.factory();
      const policy = new CallOrderPolicy(order, counts.length);
      const r = runWorld(world, policy, { maxSteps: this.maxSteps });
      this.runs++;
      this.steps += r.choices.length;
      // An order that panics, deadlocks or had to interleave says nothing about correct results.
      if (r.end.kind !== 'complete' || policy.stuck) continue;
      this.outcomes.push({ order: order.map((t) => String.fromCharCode(97 + t)).join(''), keys: outcomeKeys(world, r.vcpus) });
    }
    return this.outcomes;
  }
}
