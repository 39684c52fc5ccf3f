// explore(): search the schedules of a world of modelled Xen pCPUs for oracle findings, by bounded
// exhaustive search, PCT random search, or both; findings are deduplicated by kind and location.
import { searchExhaustive } from './dfs';
import { searchRandom } from './pct';
import { makeContext, type RunRecord } from './runner';
import { decodeSchedule } from './schedule';
import type { ExploreOptions, ExploreResult, Finding } from './types';

/** Identity of a finding across the runs of one world: what went wrong, and where. */
export function findingSignature(f: Finding): string {
  return `${f.kind}|${f.where}`;
}

/** Fewer steps to the deviation first, then fewer context switches: the easier schedule to read. */
function simpler(a: Finding, b: Finding): boolean {
  const la = decodeSchedule(a.schedule);
  const lb = decodeSchedule(b.schedule);
  const na = la.ok ? la.choices.length : Infinity;
  const nb = lb.ok ? lb.choices.length : Infinity;
  if (na !== nb) return na < nb;
  return a.schedule.length < b.schedule.length;
}

export function explore(opts: ExploreOptions): ExploreResult {
  const t0 = performance.now();
  const ctx = makeContext(opts.world, opts);
  const mode = opts.mode ?? 'exhaustive';
  const maxRuns = opts.maxRuns ?? 1_000_000;
  const byKey = new Map<string, Finding>();
  let runs = 0;
  let steps = 0;
  let pruned = 0;
  let states = 0;
  let exhausted = false;
  const onRun = (rec: RunRecord, fraction: number): boolean => {
    runs++;
    steps += rec.choices.length;
    for (const f of rec.findings) {
      const k = findingSignature(f);
      const old = byKey.get(k);
      if (!old || simpler(f, old)) byKey.set(k, f);
    }
    if (opts.onProgress && (runs & 63) === 0) opts.onProgress({ runs, steps, findings: byKey.size, fraction });
    return !(opts.stopAtFirst && byKey.size > 0);
  };
  if (mode !== 'random') {
    const s = searchExhaustive(ctx, opts.preemptionBound ?? 2, maxRuns, onRun);
    pruned = s.pruned;
    states = s.states;
    exhausted = s.exhausted;
  }
  if (mode !== 'exhaustive' && !(opts.stopAtFirst && byKey.size > 0)) {
    const r = searchRandom(ctx, opts.runs ?? 1000, opts.depth ?? 3, opts.seed ?? 1, onRun);
    // Both searches fingerprint the same way; the random one can only add states.
    states = Math.max(states, r.states);
    if (mode === 'random') exhausted = false;
  }
  opts.onProgress?.({ runs, steps, findings: byKey.size, fraction: 1 });
  const findings = [...byKey.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.where.localeCompare(b.where));
  return {
    findings,
    stats: {
      runs,
      pruned,
      steps,
      distinctStates: states,
      sequentialRuns: ctx.seq?.runs ?? 0,
      sequentialSteps: ctx.seq?.steps ?? 0,
      exhausted,
      millis: performance.now() - t0,
    },
  };
}
