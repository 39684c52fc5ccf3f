// replay(): run a world once more under a schedule string and keep everything a reader needs: the
// interleaving step by step, the world's own trace, the end, and the oracle findings.
import type { RunEnd, StepRecord } from '../sim/scheduler';
import { makeContext, runOnce } from './runner';
import { decodeSchedule, PrefixPolicy } from './schedule';
import type { Finding, WorldFactory } from './types';

export interface ReplayResult {
  readonly outcome: RunEnd;
  readonly findings: readonly Finding[];
  /** The interleaving: (vCPU, what it did), for tables and sequence diagrams. */
  readonly steps: readonly StepRecord[];
  /** The world's own trace (e.g. the mediator's log) when it keeps one. */
  readonly trace: readonly string[];
  /** One label per vCPU lane (task labels, then 'epilogue'). */
  readonly lanes: readonly string[];
  /** The canonical form of the schedule that ran (the input, minus a default-following tail). */
  readonly schedule: string;
  /** Step at which the string named a vCPU that could not run, -1 when it fit. */
  readonly diverged: number;
}

export class BadScheduleError extends Error {
  override readonly name = 'BadScheduleError';
}

export function replay(world: WorldFactory, schedule: string, opts: { maxSteps?: number; sequentialCheck?: boolean } = {}): ReplayResult {
  const d = decodeSchedule(schedule);
  if (!d.ok) throw new BadScheduleError(d.error);
  const policy = new PrefixPolicy(d.choices);
  const rec = runOnce(makeContext(world, opts), policy, undefined, true);
  return {
    outcome: rec.end,
    findings: rec.findings,
    steps: rec.trace,
    trace: rec.world.trace?.() ?? [],
    lanes: rec.vcpus.map((v) => v.spec.label),
    schedule: rec.schedule,
    diverged: policy.diverged,
  };
}
