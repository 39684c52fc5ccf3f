// Exhaustive, stateless search of pCPU schedules with a preemption bound (CHESS, Musuvathi and
// Qadeer 2007): every prefix is re-executed from a fresh world; a state reached before with at least
// as many preemptions left is not explored again (trace fingerprints make that partial-order
// reduction too: schedules that only reorder independent steps meet in one state). Alternatives
// whose very next state is known are skipped without a run.
import type { Effect } from '../sim/effects';
import type { ChoicePoint, Monitor } from '../sim/scheduler';
import { TraceFingerprint } from './fingerprint';
import { runOnce, type RunContext, type RunRecord } from './runner';
import { PrefixPolicy } from './schedule';
import { Visited } from './_visited';

interface Node {
  readonly enabled: number;
  readonly current: number;
  /** Preemptions spent before this point. */
  readonly pre: number;
  tried: number;
  chosen: number;
  /** Per vCPU that can run here: the keys of the state its step leads to (see peekKeys). */
  readonly next: readonly (readonly [number, number, number] | undefined)[];
}

/** Two runs of the same prefix disagreed: the world factory is not deterministic. */
export class NondeterminismError extends Error {
  override readonly name = 'NondeterminismError';
}

export interface DfsStats {
  runs: number;
  pruned: number;
  /** Alternatives not run because the state they lead to was explored already. */
  skipped: number;
  steps: number;
  states: number;
  exhausted: boolean;
}

function runsCurrent(n: { enabled: number; current: number }): boolean {
  return n.current >= 0 && (n.enabled & (1 << n.current)) !== 0;
}

function bitCount(x: number): number {
  let c = 0;
  for (let y = x; y !== 0; y &= y - 1) c++;
  return c;
}

/** What a lock query would answer now: the only results the fingerprint looks at. */
function resultNow(e: Effect): unknown {
  if (e.op === 'spin_trylock') return e.lock.holder === null;
  if (e.op === 'spin_is_locked') return e.lock.holder !== null;
  return undefined;
}

/** Rough share of the tree done: completed top-level alternatives, refined a few levels down. */
function dfsFraction(nodes: readonly Node[]): number {
  let f = 0;
  let scale = 1;
  for (const n of nodes.slice(0, 6)) {
    const total = bitCount(n.enabled);
    if (total <= 1) continue;
    f += (scale * (bitCount(n.tried) - 1)) / total;
    scale /= total;
  }
  return Math.min(1, f);
}

export function searchExhaustive(ctx: RunContext, bound: number, maxRuns: number, onRun: (rec: RunRecord, fraction: number) => boolean): DfsStats {
  const visited = new Visited();
  const nodes: Node[] = [];
  const stats: DfsStats = { runs: 0, pruned: 0, skipped: 0, steps: 0, states: 0, exhausted: false };
  let prefix: number[] = [];
  for (;;) {
    const base = prefix.length;
    let fp: TraceFingerprint | undefined;
    const dfs: Monitor = {
      atPoint(p: ChoicePoint): boolean {
        const i = p.step;
        if (i < base) {
          const n = nodes[i]!;
          if (n.enabled !== p.enabled || n.current !== p.current)
            throw new NondeterminismError(`step ${i}: enabled 0x${p.enabled.toString(16)} vs 0x${n.enabled.toString(16)} on replay`);
          return false;
        }
        const prev = nodes[i - 1];
        if (prev && i > base) prev.chosen = p.current;
        const pre = prev ? prev.pre + (runsCurrent(prev) && prev.chosen !== prev.current ? 1 : 0) : 0;
        const keep = runsCurrent(p) ? p.current : -1;
        if (!visited.claim(fp!.key(), fp!.keyWith(keep), bound - pre)) return true;
        const next: (readonly [number, number, number] | undefined)[] = [];
        for (let m = p.enabled; m !== 0; m &= m - 1) {
          const t = 31 - Math.clz32(m & -m);
          const e = p.vcpus[t]!.pending!;
          next[t] = fp!.peekKeys(t, e, resultNow(e));
        }
        nodes.push({ enabled: p.enabled, current: p.current, pre, tried: 0, chosen: -1, next });
        return false;
      },
    };
    const rec = runOnce(ctx, new PrefixPolicy(prefix), (world, count) => {
      fp = new TraceFingerprint(ctx.table, count, world.smcObjs);
      return [fp, dfs];
    });
    stats.runs++;
    stats.steps += rec.choices.length;
    if (rec.end.kind === 'stopped') stats.pruned++;
    // Every point from the prefix on got a node; mark what this run chose there.
    for (let i = Math.max(0, base - 1); i < nodes.length && i < rec.choices.length; i++) {
      const n = nodes[i]!;
      n.chosen = rec.choices[i]!;
      n.tried |= 1 << n.chosen;
    }
    if (nodes.length > rec.choices.length) nodes.length = rec.choices.length;
    if (!onRun(rec, dfsFraction(nodes)) || stats.runs >= maxRuns) break;
    const next = backtrack(nodes, bound, visited, stats);
    if (!next) {
      stats.exhausted = true;
      break;
    }
    prefix = next;
  }
  stats.states = visited.size;
  return stats;
}

/** The next prefix to run, deepest untried alternative first; undefined when the tree is done. */
function backtrack(nodes: Node[], bound: number, visited: Visited, stats: DfsStats): number[] | undefined {
  while (nodes.length > 0) {
    const n = nodes[nodes.length - 1]!;
    const free = !runsCurrent(n);
    let cand = n.enabled & ~n.tried;
    while (cand !== 0) {
      const t = 31 - Math.clz32(cand & -cand);
      cand &= cand - 1;
      n.tried |= 1 << t;
      const pre = n.pre + (free || t === n.current ? 0 : 1);
      if (pre > bound) continue;
      if (visited.covers(n.next[t]!, bound - pre)) {
        stats.skipped++;
        continue;
      }
      n.chosen = t;
      return nodes.map((x) => x.chosen);
    }
    nodes.pop();
  }
  return undefined;
}
