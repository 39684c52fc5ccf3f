// Exhaustive, stateless search of pCPU schedules with a preemption bound (CHESS, Musuvathi and
// Qadeer 2007): every prefix is re-executed from a fresh world; a state reached before with at least
// as many preemptions left is not explored again (trace fingerprints make that partial-order
// reduction too: schedules that only reorder independent steps meet in one state).
import type { ChoicePoint, Monitor } from '../sim/scheduler';
import { TraceFingerprint } from './fingerprint';
import { runOnce, type RunContext, type RunRecord } from './runner';
import { PrefixPolicy } from './schedule';

interface Node {
  readonly enabled: number;
  readonly current: number;
  /** Preemptions spent before this point. */
  readonly pre: number;
  tried: number;
  chosen: number;
}

/** Two runs of the same prefix disagreed: the world factory is not deterministic. */
export class NondeterminismError extends Error {
  override readonly name = 'NondeterminismError';
}

export interface DfsStats {
  runs: number;
  pruned: number;
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

/** Rough share of the tree done: completed top-level alternatives, refined one level down. */
export function dfsFraction(nodes: readonly Node[]): number {
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

export function searchExhaustive(
  ctx: RunContext,
  bound: number,
  maxRuns: number,
  onRun: (rec: RunRecord, fraction: number) => boolean,
): DfsStats {
  const visited = new Map<number, number>();
  const nodes: Node[] = [];
  const stats: DfsStats = { runs: 0, pruned: 0, steps: 0, states: 0, exhausted: false };
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
        const key = fp!.keyWith(keep);
        const left = bound - pre;
        const seen = visited.get(key);
        if (seen !== undefined && seen >= left) return true;
        visited.set(key, left);
        nodes.push({ enabled: p.enabled, current: p.current, pre, tried: 0, chosen: -1 });
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
    const next = backtrack(nodes, bound);
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
function backtrack(nodes: Node[], bound: number): number[] | undefined {
  while (nodes.length > 0) {
    const d = nodes.length - 1;
    const n = nodes[d]!;
    const free = !runsCurrent(n);
    let cand = n.enabled & ~n.tried;
    while (cand !== 0) {
      const t = 31 - Math.clz32(cand & -cand);
      cand &= cand - 1;
      n.tried |= 1 << t;
      if (free || t === n.current || n.pre + 1 <= bound) {
        n.chosen = t;
        return nodes.map((x) => x.chosen);
      }
    }
    nodes.pop();
  }
  return undefined;
}
