// One run of a world under a policy, with every oracle attached: the unit that exhaustive search,
// random search and replay all repeat (a fresh world each time, as stateless search requires).
import { runWorld, type Monitor, type Policy, type RunEnd, type StepRecord } from '../sim/scheduler';
import type { Vcpu } from '../sim/vcpu';
import { ObjectTable } from './fingerprint';
import { Oracles } from './oracles';
import { compactSchedule, Tracked } from './schedule';
import { SequentialReference } from './sequential';
import type { ExploreWorld, Finding, WorldFactory } from './types';

export interface RunContext {
  readonly factory: WorldFactory;
  /** Object names to fingerprint slots, stable across the runs of one search. */
  readonly table: ObjectTable;
  readonly seq: SequentialReference | undefined;
  readonly maxSteps: number;
}

export function makeContext(factory: WorldFactory, opts: { maxSteps?: number; sequentialCheck?: boolean } = {}): RunContext {
  const maxSteps = opts.maxSteps ?? 20_000;
  return {
    factory,
    table: new ObjectTable(),
    seq: opts.sequentialCheck === false ? undefined : new SequentialReference(factory, maxSteps),
    maxSteps,
  };
}

export interface RunRecord {
  readonly end: RunEnd;
  readonly choices: readonly number[];
  readonly schedule: string;
  readonly findings: readonly Finding[];
  readonly trace: readonly StepRecord[];
  readonly vcpus: readonly Vcpu[];
  readonly world: ExploreWorld;
}

/** Number of vCPUs a world runs on, the epilogue's included, and the epilogue's id (-1 if none). */
export function vcpuCount(world: ExploreWorld): { count: number; epilogue: number } {
  const epi = world.epilogue !== undefined && world.epilogue.length > 0;
  return { count: world.tasks.length + (epi ? 1 : 0), epilogue: epi ? world.tasks.length : -1 };
}

export type ExtraMonitors = (world: ExploreWorld, vcpus: number) => readonly Monitor[];

export function runOnce(ctx: RunContext, policy: Policy, extra?: ExtraMonitors, trace = false): RunRecord {
  const world = ctx.factory();
  const { count } = vcpuCount(world);
  const oracles = new Oracles(world, count);
  const tracked = new Tracked(policy);
  const monitors = extra ? [...extra(world, count), oracles] : [oracles];
  const r = runWorld(world, tracked, { monitors, maxSteps: ctx.maxSteps, trace });
  oracles.end(r.end, r.vcpus, r.choices.length);
  if (r.end.kind === 'complete' && ctx.seq && !oracles.hasFatal) {
    const bad = ctx.seq.check(world, r.vcpus);
    if (bad) oracles.add('non-sequential', bad.where, bad.detail, -1, r.vcpus.map((v) => v.spec.calls.map((c) => c.label).join('+')), r.choices.length);
  }
  const schedule = compactSchedule(r.choices, tracked.lastDeviation);
  return {
    end: r.end,
    choices: r.choices,
    schedule,
    findings: oracles.found.map((f) => ({ ...f, schedule })),
    trace: r.trace,
    vcpus: r.vcpus,
    world,
  };
}
