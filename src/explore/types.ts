// The interleaving explorer's vocabulary: worlds it can run, findings its oracles report, and the
// options and figures of an exploration (CHESS-style stateless search over Xen pCPU schedules).
import type { AccessEffect } from '../sim/effects';
import type { PhysMem } from '../sim/memory';
import type { SimWorld } from '../sim/scheduler';

/**
 * A world the explorer can run: tasks plus the hooks the generic oracles need. Everything here is
 * optional except what SimWorld asks for; a missing hook switches its oracle off.
 */
export interface ExploreWorld extends SimWorld {
  /** Its faults (stale mapping, freed page ...) are the use-after-unmap oracle. */
  readonly mem?: PhysMem;
  /**
   * Access objects an SMC may read or write (e.g. the hypervisor's RX/TX buffers): an SMC then
   * conflicts with accesses to them. Objects not named are assumed untouched by the SPMC.
   */
  readonly smcObjs?: readonly string[];
  /** A world rule on one shared access (e.g. reading a buffer one does not own); a message if broken. */
  checkAccess?(e: AccessEffect, vcpu: number): string | undefined;
  /** A result a caller is told to retry (FF-A BUSY): it matches any sequential result. */
  isRetryable?(value: unknown): boolean;
  /** Guest-visible state at the end of a run, compared with sequential runs. */
  guestView?(): string;
  /** The world's own trace (e.g. the mediator's log), kept by replay. */
  trace?(): readonly string[];
}

/** A fresh, identical world on every call: exploration re-executes from scratch for every schedule. */
export type WorldFactory = () => ExploreWorld;

export type FindingKind =
  | 'assert' // a debug-build ASSERT failed (XenPanic 'assert')
  | 'bug' // BUG()
  | 'lock-misuse' // unlock of a lock not held
  | 'deadlock' // every live vCPU spins, or a vCPU spins on a lock it holds
  | 'crash' // the modelled code threw something that is not a XenPanic (a NULL dereference, say)
  | 'livelock' // the run did not end within the step limit
  | 'held-lock' // a hypercall returned to the guest holding a lock
  | 'use-after-unmap' // access through a hypervisor mapping after unmap
  | 'use-after-free' // access to a page given back to the heap
  | 'bad-access' // any other memory fault (unbacked, secure from the normal world)
  | 'concurrent-writers' // two writes to one object not ordered by any lock or SMC
  | 'unowned-access' // a world access rule broken (e.g. reading an RX buffer not owned)
  | 'non-sequential'; // results no sequential order of the same calls gives

/** Kinds after which the run cannot go on (the hypervisor is dead or stuck). */
export const FATAL_KINDS: ReadonlySet<FindingKind> = Object.freeze(
  new Set<FindingKind>(['assert', 'bug', 'lock-misuse', 'deadlock', 'crash', 'livelock']),
);

export interface Finding {
  readonly kind: FindingKind;
  /** Generic location: a lock, an access object, an assertion text. Kind + where identify a finding. */
  readonly where: string;
  readonly detail: string;
  /** vCPU the finding is pinned on, -1 when it belongs to the whole run. */
  readonly vcpu: number;
  /** For every vCPU, the call it was in (or '-') when the finding was made. */
  readonly calls: readonly string[];
  /** Scheduler steps performed when the finding was made. */
  readonly step: number;
  /** Replayable schedule of the run that found it. */
  readonly schedule: string;
}

export interface ExploreStats {
  /** Runs started (complete, pruned or ended by a finding). */
  readonly runs: number;
  /** Runs cut short because their state had been explored already. */
  readonly pruned: number;
  readonly steps: number;
  /** States met at scheduling points (trace fingerprints), in either search mode. */
  readonly distinctStates: number;
  /** Sequential reference runs (the non-sequential oracle) and their steps, not counted above. */
  readonly sequentialRuns: number;
  readonly sequentialSteps: number;
  /** True when the search ended because it covered everything within its bounds. */
  readonly exhausted: boolean;
  readonly millis: number;
}

export interface ExploreProgress {
  readonly runs: number;
  readonly steps: number;
  readonly findings: number;
  /** Best guess of how far the search is, 0..1 (a DFS can only estimate). */
  readonly fraction: number;
}

export interface ExploreOptions {
  readonly world: WorldFactory;
  /** 'exhaustive' (bounded DFS, default), 'random' (PCT), or both, exhaustive first. */
  readonly mode?: 'exhaustive' | 'random' | 'both';
  /** Preemptions allowed per run in exhaustive mode (default 2; Infinity for no bound). */
  readonly preemptionBound?: number;
  /** Random mode: number of runs (default 1000), PCT depth (default 3), seed (default 1). */
  readonly runs?: number;
  readonly depth?: number;
  readonly seed?: number;
  /** Caps: runs per search (default 1,000,000) and steps per run (default 20,000). */
  readonly maxRuns?: number;
  readonly maxSteps?: number;
  /** Stop at the first finding (default false). */
  readonly stopAtFirst?: boolean;
  /** Compare results with sequential orders of the same calls (default true). */
  readonly sequentialCheck?: boolean;
  readonly onProgress?: (p: ExploreProgress) => void;
}

export interface ExploreResult {
  readonly findings: readonly Finding[];
  readonly stats: ExploreStats;
}
