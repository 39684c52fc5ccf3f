// The explored-state table of a preemption-bounded search (CHESS-style state caching): for every
// state, the most preemptions that were still allowed when it was explored.
//
// A state is kept twice: with the vCPU that is running (switching away from it costs a
// preemption, so the same state with another running vCPU is not the same search problem), and
// alone. A visit with `left` preemptions covers a later one with `left` or fewer and the same
// running vCPU, and with any running vCPU if it had one preemption more to spare (switching to
// the other vCPU first costs at most that one).

export class Visited {
  private readonly exact = new Map<number, number>();
  private readonly any = new Map<number, number>();

  get size(): number {
    return this.any.size;
  }

  /** Record a visit; false when an earlier visit already covers it (prune here). */
  claim(stateKey: number, runningKey: number, left: number): boolean {
    const ex = this.exact.get(runningKey);
    const an = this.any.get(stateKey);
    if ((ex !== undefined && ex >= left) || (an !== undefined && an >= left + 1)) return false;
    if (ex === undefined || ex < left) this.exact.set(runningKey, left);
    if (an === undefined || an < left) this.any.set(stateKey, left);
    return true;
  }

  /**
   * Would the state after a step already be covered, whichever vCPU turns out to be running then?
   * `keys` = [state, state with the stepping vCPU running, state with none running].
   */
  covers(keys: readonly [number, number, number], left: number): boolean {
    const an = this.any.get(keys[0]);
    if (an !== undefined && an >= left + 1) return true;
    const a = this.exact.get(keys[1]);
    const b = this.exact.get(keys[2]);
    return a !== undefined && a >= left && b !== undefined && b >= left;
  }
}
