// The explorer's generic oracles over one run of modelled Xen code: panics (ASSERT, BUG, lock
// misuse), deadlock, a lock held at hypercall exit, memory faults (use after unmap or free), two
// unordered writers, and world access rules. Nothing here knows a scenario or a bug.
import type { Fault } from '../sim/memory';
import { holdsLock, type Monitor, type RunEnd, type RunView } from '../sim/scheduler';
import type { Effect } from '../sim/effects';
import type { Vcpu } from '../sim/vcpu';
import { HappensBefore, type RaceReport } from './races';
import { FATAL_KINDS, type ExploreWorld, type Finding, type FindingKind } from './types';

/** A finding before its run's schedule string is known. */
export type RawFinding = Omit<Finding, 'schedule'>;

const FAULT_KIND: Readonly<Record<Fault['kind'], FindingKind>> = Object.freeze({
  'stale-mapping': 'use-after-unmap',
  'freed-page': 'use-after-free',
  unbacked: 'bad-access',
  'secure-from-ns': 'bad-access',
});

function callsOf(vcpus: readonly Vcpu[]): string[] {
  return vcpus.map((v) => v.recentCall);
}

export class Oracles implements Monitor {
  readonly found: RawFinding[] = [];
  private readonly seen = new Set<string>();
  private readonly hb: HappensBefore;
  private faultsSeen: number;
  private fatal = false;
  private vcpusNow: readonly Vcpu[] = [];
  private stepNow = 0;

  constructor(
    private readonly world: ExploreWorld,
    vcpus: number,
  ) {
    this.faultsSeen = world.mem?.faults.length ?? 0;
    this.hb = new HappensBefore(vcpus, (r) => this.race(r));
  }

  get hasFatal(): boolean {
    return this.fatal;
  }

  add(kind: FindingKind, where: string, detail: string, vcpu: number, calls: readonly string[], step: number): void {
    const sig = `${kind}|${where}`;
    if (FATAL_KINDS.has(kind)) this.fatal = true;
    if (this.seen.has(sig)) return;
    this.seen.add(sig);
    this.found.push({ kind, where, detail, vcpu, calls, step });
  }

  onEffect(v: Vcpu, e: Effect, result: unknown, run: RunView): void {
    this.vcpusNow = run.vcpus;
    this.stepNow = run.step;
    this.hb.onEffect(v, e, result);
  }

  afterStep(v: Vcpu, e: Effect, _result: unknown, run: RunView): void {
    if (e.op === 'access' && this.world.checkAccess) {
      const broken = this.world.checkAccess(e, v.id);
      if (broken !== undefined) this.add('unowned-access', `${e.kind} ${e.obj}`, broken, v.id, callsOf(run.vcpus), run.step);
    }
    const faults = this.world.mem?.faults;
    if (faults && faults.length > this.faultsSeen) {
      for (let i = this.faultsSeen; i < faults.length; i++) this.fault(faults[i]!, v, e, run);
      this.faultsSeen = faults.length;
    }
  }

  onReturn(v: Vcpu, callIndex: number, _value: unknown, run: RunView): void {
    this.hb.onReturn(v);
    const label = v.spec.calls[callIndex]!.label;
    for (const lock of run.locks) {
      if (!holdsLock(lock, v.id)) continue;
      const calls = callsOf(run.vcpus);
      calls[v.id] = label;
      this.add('held-lock', lock.name, `${label} returned to the guest holding ${lock.name}`, v.id, calls, run.step);
    }
  }

  /** The run's end, if it is a failure, becomes a finding. */
  end(end: RunEnd, vcpus: readonly Vcpu[], steps: number): void {
    const calls = callsOf(vcpus);
    switch (end.kind) {
      case 'panic':
        this.add(end.panic.kind, end.panic.detail, end.panic.message, end.vcpu, calls, steps);
        return;
      case 'crash':
        this.add('crash', end.message, `the model threw on vCPU ${end.vcpu}: ${end.message}`, end.vcpu, calls, steps);
        return;
      case 'deadlock': {
        const where = [...new Set(end.waits.map((w) => w.lock))].sort().join(', ');
        const detail = end.waits.map((w) => `vCPU ${w.vcpu} spins in ${w.op}(${w.lock}) held by [${w.holders.join(', ')}]`).join('; ');
        this.add('deadlock', where, detail, -1, calls, steps);
        return;
      }
      case 'step-limit':
        this.add('livelock', 'step limit', `no end after ${end.steps} steps`, -1, calls, steps);
        return;
      default:
        return;
    }
  }

  private fault(f: Fault, v: Vcpu, e: Effect, run: RunView): void {
    const where = e.op === 'access' ? `${f.access} ${e.obj}` : `${f.access} ${f.note}`;
    const detail = `${f.who} ${f.access} of ${f.len} bytes at 0x${f.pa.toString(16)}: ${f.note}`;
    this.add(FAULT_KIND[f.kind], where, detail, v.id, callsOf(run.vcpus), run.step);
  }

  private race(r: RaceReport): void {
    const detail = `vCPUs ${r.first} and ${r.second} wrote ${r.obj}${r.note === undefined ? '' : ` (${r.note})`} with no lock or SMC ordering them`;
    this.add('concurrent-writers', r.obj, detail, r.second, callsOf(this.vcpusNow), this.stepNow);
  }
}
