// Random schedules with PCT priorities (Burckhardt et al., "A randomized scheduler with
// probabilistic guarantees of finding bugs", ASPLOS 2010): random distinct priorities per vCPU,
// d-1 random change points where the running vCPU drops below all others.
import { DEFAULT_POLICY, type ChoicePoint, type Monitor, type Policy } from '../sim/scheduler';
import { Rng } from './_rng';
import { TraceFingerprint } from './fingerprint';
import { runOnce, type ExtraMonitors, type RunContext, type RunRecord } from './runner';

export class PctPolicy implements Policy {
  private readonly prio: number[];
  private readonly changeAt: Map<number, number>;

  /** `tasks` vCPUs, about `length` steps per run, bug depth `depth`. */
  constructor(rng: Rng, tasks: number, length: number, depth: number) {
    // Priorities depth..depth+tasks-1 leave 1..depth-1 for the change points to hand out.
    this.prio = rng.shuffle(Array.from({ length: tasks }, (_, i) => depth + i));
    this.changeAt = new Map();
    for (let j = 1; j < depth; j++) this.changeAt.set(rng.below(Math.max(1, length)), depth - j);
  }

  choose(p: ChoicePoint): number {
    let best = this.highest(p.enabled);
    const drop = this.changeAt.get(p.step);
    if (drop !== undefined) {
      this.prio[best] = drop;
      best = this.highest(p.enabled);
    }
    return best;
  }

  private highest(enabled: number): number {
    let best = -1;
    let bp = -Infinity;
    for (let m = enabled; m !== 0; m &= m - 1) {
      const v = 31 - Math.clz32(m & -m);
      // The epilogue vCPU is beyond the table: it only ever runs alone.
      const pv = this.prio[v] ?? 0;
      if (pv > bp) {
        bp = pv;
        best = v;
      }
    }
    return best;
  }
}

export interface RandomStats {
  runs: number;
  steps: number;
  /** Distinct states met (trace fingerprints): how much ground the random runs covered. */
  states: number;
}

export function searchRandom(
  ctx: RunContext,
  runs: number,
  depth: number,
  seed: number,
  onRun: (rec: RunRecord, fraction: number) => boolean,
): RandomStats {
  const rng = new Rng(seed);
  const stats: RandomStats = { runs: 0, steps: 0, states: 0 };
  const seen = new Set<number>();
  const counting: ExtraMonitors = (world, count) => {
    const fp = new TraceFingerprint(ctx.table, count, world.smcObjs);
    const m: Monitor = { atPoint: () => (seen.add(fp.key()), false) };
    return [fp, m];
  };
  // The length of a plain run estimates k, the number of steps change points are drawn from.
  const probe = runOnce(ctx, DEFAULT_POLICY, counting);
  stats.runs++;
  stats.steps += probe.choices.length;
  if (!onRun(probe, 0)) return { ...stats, states: seen.size };
  const length = probe.choices.length;
  const tasks = probe.world.tasks.length;
  for (let i = 0; i < runs; i++) {
    const rec = runOnce(ctx, new PctPolicy(rng, tasks, length, depth), counting);
    stats.runs++;
    stats.steps += rec.choices.length;
    if (!onRun(rec, (i + 1) / runs)) break;
  }
  stats.states = seen.size;
  return stats;
}
