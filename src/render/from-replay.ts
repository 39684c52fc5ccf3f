// Adapter from an explorer replay (src/explore/replay.ts: the interleaving as StepRecords labelled
// by src/sim/_label.ts, the run's end, the oracle findings) to an interleaving diagram.
import type { ReplayResult } from '../explore/replay';
import type { StepRecord } from '../sim/scheduler';
import type { InterleavingInput, Step, StepKind } from './interleave-layout';

export interface FromReplayOptions {
  readonly title: string;
  /** Leave out shared-access marks ("read d1.ctx.page_count"), which make long runs hard to read. Default true. */
  readonly hideAccesses?: boolean;
  /** Leave out steps whose label matches (e.g. /guest_vers/). */
  readonly hide?: RegExp;
}

/** "spin_lock(ffa_spmc_rx_lock)" -> ["spin_lock", "ffa_spmc_rx_lock", rest]; the label grammar of _label.ts. */
const LOCK_LABEL = /^(spin_lock|spin_unlock|spin_trylock|spin_is_locked|read_lock|read_unlock|write_lock|write_unlock)\(([^)]*)\)(.*)$/;

function effectStep(lane: string, label: string): Step {
  const m = LOCK_LABEL.exec(label);
  if (m !== null) {
    const [, op = '', lock = '', rest = ''] = m;
    // Kept visible: the v0/v1 ASSERT is exactly a spin_is_locked() that answers true.
    if (op === 'spin_is_locked') return { lane, kind: 'note', label };
    if (op === 'spin_trylock') return rest.includes('true') ? { lane, kind: 'lock', label, lock } : { lane, kind: 'note', label };
    const kind: StepKind = op.endsWith('unlock') ? 'unlock' : 'lock';
    return { lane, kind, label, lock };
  }
  if (label.startsWith('smc ')) return { lane, kind: 'smc', label: label.slice(4) };
  return { lane, kind: 'access', label };
}

function recordStep(r: StepRecord): Step {
  const lane = String(r.vcpu);
  if (r.kind === 'call') return { lane, kind: 'call', label: `call ${r.label}` };
  if (r.kind === 'return') return { lane, kind: 'reply', label: `done ${r.label}` };
  return effectStep(lane, r.label);
}

/** How the run ended, as the last rows of the picture. */
function endSteps(rep: ReplayResult): Step[] {
  const end = rep.outcome;
  if (end.kind === 'panic') return [{ lane: String(end.vcpu), kind: 'panic', label: `Xen panic (${end.panic.kind}): ${end.panic.detail}` }];
  if (end.kind === 'crash') return [{ lane: String(end.vcpu), kind: 'fault', label: `crash: ${end.message}` }];
  if (end.kind === 'deadlock') return end.waits.map((w) => ({ lane: String(w.vcpu), kind: 'blocked', label: `${w.op}(${w.lock}) spins forever`, lock: w.lock }));
  if (end.kind === 'step-limit') return [{ lane: '0', kind: 'note', label: `stopped after ${end.steps} steps` }];
  return [];
}

/** Finding kinds that end the run: the outcome row already shows them. */
const ENDS_RUN: ReadonlySet<string> = new Set(['assert', 'bug', 'deadlock', 'crash', 'lock-misuse', 'livelock']);

export function interleavingFromReplay(rep: ReplayResult, o: FromReplayOptions): InterleavingInput {
  const hideAccess = o.hideAccesses !== false;
  // Rows keep the scheduler step they happened at, so that a finding which does not end the run
  // (a write through a stale mapping, say) lands right after the step that made it.
  const rows: Array<{ readonly at: number; readonly step: Step }> = rep.steps.map((r) => ({ at: r.step, step: recordStep(r) }));
  for (const f of rep.findings) {
    if (ENDS_RUN.has(f.kind)) continue;
    const after = rows.reduce((last, r, i) => (r.at < f.step ? i : last), -1);
    rows.splice(after + 1, 0, { at: f.step, step: { lane: String(Math.max(0, f.vcpu)), kind: 'fault', label: `${f.kind}: ${f.where}` } });
  }
  const steps = rows
    .map((r) => r.step)
    .filter((s) => !(hideAccess && s.kind === 'access') && !(o.hide?.test(s.label) ?? false));
  return {
    title: o.title,
    schedule: rep.schedule,
    lanes: rep.lanes.map((label, i) => ({ id: String(i), label: label === 'epilogue' ? 'epilogue' : `vCPU${i}`, sub: label })),
    steps: [...steps, ...endSteps(rep)],
  };
}

/** Findings as table rows: [kind, where, the call each vCPU was in, schedule]. */
export function findingRows(findings: ReadonlyArray<{ readonly kind: string; readonly where: string; readonly calls: readonly string[]; readonly schedule: string }>): string[][] {
  // An empty schedule string is valid: the default order (keep running the current vCPU) finds it.
  return findings.map((f) => [f.kind, f.where, f.calls.map((c, i) => `vCPU${i}: ${c}`).join(', '), f.schedule === '' ? '(default order)' : f.schedule]);
}
