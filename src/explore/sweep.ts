// One revision of Xen's FF-A mediator against every explorer scenario: the findings named after the
// bug ledger, the figures of the searches summed, and per ledger id the first finding, replayed from
// its schedule string. The CLI, the bench, the notebooks and the tests all read a revision this way,
// so "found" means the same thing everywhere.
import type { RevisionName } from '../mediator/revisions/index';
import { classifyAll, firstById, type Classified } from './report';
import { LEDGER_SIGNS, SCENARIOS, type Scenario } from './scenarios';
import type { ExploreOptions, ExploreProgress, ExploreResult, Finding } from './types';
import { exploreScenario, replayScenario } from './world';

export interface SweepItem extends Classified {
  readonly scenario: string;
}

export interface RevisionSweep {
  readonly rev: RevisionName;
  readonly items: readonly SweepItem[];
  /** Explored schedules, and whether every scenario's search covered its whole bound. */
  readonly runs: number;
  readonly exhausted: boolean;
  readonly states: number;
  /** Scheduler steps of the search, then of the sequential reference runs (the non-sequential oracle). */
  readonly steps: number;
  readonly sequentialSteps: number;
  readonly millis: number;
}

export interface SweepOptions extends Omit<ExploreOptions, 'world' | 'onProgress'> {
  readonly scenarios?: readonly Scenario[];
  /** Progress of the scenario being searched. */
  readonly onProgress?: (scenario: Scenario, p: ExploreProgress) => void;
  /** Told each scenario's result as soon as its search ends. */
  readonly onScenario?: (scenario: Scenario, r: ExploreResult) => void;
}

export function sweepRevision(rev: RevisionName, opts: SweepOptions = {}): RevisionSweep {
  const { scenarios = SCENARIOS, onProgress, onScenario, ...explore } = opts;
  const items: SweepItem[] = [];
  let runs = 0;
  let states = 0;
  let steps = 0;
  let sequentialSteps = 0;
  let millis = 0;
  let exhausted = true;
  for (const s of scenarios) {
    const r = exploreScenario(s, rev, onProgress ? { ...explore, onProgress: (p) => onProgress(s, p) } : explore);
    onScenario?.(s, r);
    runs += r.stats.runs;
    states += r.stats.distinctStates;
    steps += r.stats.steps;
    sequentialSteps += r.stats.sequentialSteps;
    millis += r.stats.millis;
    exhausted &&= r.stats.exhausted;
    for (const c of classifyAll(r.findings, LEDGER_SIGNS)) items.push({ scenario: s.name, ...c });
  }
  return { rev, items, runs, exhausted, states, steps, sequentialSteps, millis };
}

export interface LedgerHit {
  readonly id: string;
  readonly scenario: Scenario;
  readonly finding: Finding;
  /** The schedule string, replayed on a fresh world, shows the same kind at the same place. */
  readonly replays: boolean;
}

/** Per ledger id found, the first finding that shows it (the simplest schedule), replayed. */
export function ledgerHits(sweep: RevisionSweep, scenarios: readonly Scenario[] = SCENARIOS): LedgerHit[] {
  const out: LedgerHit[] = [];
  for (const [id, finding] of firstById(sweep.items)) {
    const name = sweep.items.find((c) => c.finding === finding)!.scenario;
    const scenario = scenarios.find((s) => s.name === name)!;
    const again = replayScenario(scenario, sweep.rev, finding.schedule);
    out.push({ id, scenario, finding, replays: again.findings.some((f) => f.kind === finding.kind && f.where === finding.where) });
  }
  return out;
}
