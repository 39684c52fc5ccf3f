// One schedule of one explorer scenario replayed on one revision of Xen's FF-A mediator
// (src/explore), turned into vector data: how the run ended, the oracle findings with their ledger
// ids, each vCPU's guest replies and the SMCs Xen made, in order. No timing, nothing random.
import { frameToHexTrimmed } from '../../ffa/frame';
import { classify } from '../../explore/report';
import { replay } from '../../explore/replay';
import { LEDGER_SIGNS, type Scenario } from '../../explore/scenarios';
import { vcpuLetter } from '../../explore/schedule';
import { scenarioWorld } from '../../explore/world';
import type { RevisionName } from '../../mediator/revisions/index';
import type { System } from '../../mediator/system';
import type { TraceEvent } from '../../mediator/trace';
import type { RunEnd } from '../../sim/scheduler';
import { VectorGenerationError } from '../errors';

export interface ConcurrencyRun {
  readonly outcome: Readonly<Record<string, unknown>>;
  /** Ledger ids of the findings (classified by the explorer's LEDGER_SIGNS), in first-seen order. */
  readonly ledgerIds: readonly string[];
  readonly unclassified: number;
  /** Whether the run ended some other way than every vCPU completing its calls. */
  readonly abnormalEnd: boolean;
}

/** Lane letter of a scheduler vCPU, as in schedule strings. */
const lane = (v: number): string => vcpuLetter(v);

function endOf(end: RunEnd): Record<string, unknown> {
  switch (end.kind) {
    case 'complete':
      return { kind: 'complete' };
    case 'panic':
      return { kind: `${end.panic.kind}-panic`, lane: lane(end.vcpu), detail: end.panic.detail };
    case 'crash':
      return { kind: 'crash', lane: lane(end.vcpu), detail: end.message };
    case 'deadlock':
      return { kind: 'deadlock', waits: end.waits.map((w) => ({ lane: lane(w.vcpu), op: w.op, lock: w.lock, holders: w.holders.map(lane) })) };
    case 'step-limit':
      return { kind: 'step-limit' };
    case 'stopped':
      return { kind: 'stopped' };
  }
}

/** The run's own events: the trace after the scenario's setup. */
function concurrentPart(sys: System, setupLength: number): TraceEvent[] {
  return sys.trace.slice(setupLength);
}

export interface SetupCapture {
  readonly smcs: readonly Readonly<Record<string, unknown>>[];
  readonly replies: readonly Readonly<Record<string, unknown>>[];
}

/** The SMCs and guest replies of boot and setup, the same for every schedule. */
export function setupOf(s: Scenario, rev: RevisionName): SetupCapture {
  let sys: System | undefined;
  const world = scenarioWorld(s, { revision: rev, trace: true, onSystem: (x) => (sys = x) });
  world();
  if (sys === undefined) throw new VectorGenerationError(s.name, 'the explorer world did not report its System');
  const got = sys;
  return {
    smcs: got.trace.flatMap((e) => (e.kind === 'smc' ? [{ call: frameToHexTrimmed(e.frameIn), reply: frameToHexTrimmed(e.frameOut) }] : [])),
    replies: got.trace.flatMap((e) => (e.kind === 'guest-reply' ? [{ domid: e.domid, reply: frameToHexTrimmed(e.frame) }] : [])),
  };
}

export function runSchedule(s: Scenario, rev: RevisionName, schedule: string): ConcurrencyRun {
  // Findings come from a replay with every oracle on; frames from a second replay of the same
  // schedule without the sequential reference runs, so the only System built is this run's.
  const checked = replay(scenarioWorld(s, { revision: rev }), schedule);
  let sys: System | undefined;
  let setupLength = 0;
  const framed = replay(scenarioWorld(s, { revision: rev, trace: true, onSystem: (x) => ((sys = x), (setupLength = x.trace.length)) }), schedule, { sequentialCheck: false });
  if (sys === undefined) throw new VectorGenerationError(`${s.name}/${schedule}`, 'the explorer world did not report its System');
  if (framed.schedule !== checked.schedule || framed.outcome.kind !== checked.outcome.kind) {
    throw new VectorGenerationError(`${s.name}/${schedule}`, `two replays of one schedule differ on ${rev}`);
  }
  const events = concurrentPart(sys, setupLength);
  const lanes = s.vcpus.map((_, i) => i);
  const ledgerIds: string[] = [];
  let unclassified = 0;
  const findings = checked.findings.map((f) => {
    const id = classify(f, LEDGER_SIGNS);
    if (id === undefined) unclassified++;
    else if (!ledgerIds.includes(id)) ledgerIds.push(id);
    return { kind: f.kind, where: f.where, lane: f.vcpu >= 0 ? lane(f.vcpu) : null, calls: [...f.calls], ...(id !== undefined ? { ledgerId: id } : {}) };
  });
  const outcome = {
    scheduleRan: checked.schedule,
    ...(checked.diverged >= 0 ? { divergedAt: checked.diverged } : {}),
    end: endOf(checked.outcome),
    findings,
    vcpus: lanes.map((i) => ({
      lane: lane(i),
      replies: events.flatMap((e) => (e.kind === 'guest-reply' && e.vcpu === i ? [frameToHexTrimmed(e.frame)] : [])),
    })),
    smcs: events.flatMap((e) => (e.kind === 'smc' ? [{ lane: lane(e.vcpu), call: frameToHexTrimmed(e.frameIn), reply: frameToHexTrimmed(e.frameOut) }] : [])),
  };
  return { outcome, ledgerIds, unclassified, abnormalEnd: checked.outcome.kind !== 'complete' };
}
