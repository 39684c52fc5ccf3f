// The concurrency suite's case list (vectors/concurrency/<revision>.json): per explorer scenario
// (src/explore/scenarios.ts) a block of tcIds and the schedule strings its cases replay. Frozen
// here, not read from the search, because tcIds are forever: the generator runs the explorer on
// every revision and refuses to write files when it finds a schedule this list lacks (append it).

export interface ScheduleBlock {
  readonly scenario: string;
  /** First tcId of the block; a block holds at most 100 schedules. */
  readonly first: number;
  /** '' is the default schedule (lowest runnable vCPU first, no preemption). Append only. */
  readonly schedules: readonly string[];
}

/**
 * In the order the explorer first reported them, revisions S0, v0, v1, v2, 4.22.0 in turn
 * (exhaustive search, 2 preemptions), after the default schedule.
 */
export const SCHEDULE_BLOCKS: readonly ScheduleBlock[] = Object.freeze([
  { scenario: 'two-guests-partinfo', first: 1, schedules: ['', 'a8b'] },
  { scenario: 'two-guests-map', first: 101, schedules: ['', 'a7b', 'a9b'] },
  { scenario: 'map-unmap-same-domain', first: 201, schedules: ['', 'ab', 'a5b', 'ab3a', 'a3b', 'a4b', 'a9b', 'a5b6a', 'a7b'] },
  { scenario: 'partinfo-unmap', first: 301, schedules: ['', 'a2b', 'b3a', 'a9b3a', 'a5b', 'a9b', 'a10b3a', 'a10b'] },
  { scenario: 'spmc-buffers-gone-map', first: 401, schedules: ['', 'a7b', 'a8b'] },
  { scenario: 'spmc-buffers-gone-partinfo', first: 501, schedules: ['', 'a8b', 'a7b'] },
]);
