// Partial-order reduction must be sound: caching states by trace fingerprint may skip schedules,
// never outcomes. Checked against brute force (every interleaving, no caching) on random programs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { searchExhaustive } from '../../src/explore/dfs';
import { makeContext, runOnce } from '../../src/explore/runner';
import { PrefixPolicy } from '../../src/explore/schedule';
import { outcomeKeys } from '../../src/explore/sequential';
import { runWorld, type ChoicePoint } from '../../src/sim/scheduler';
import { TraceFingerprint, ObjectTable } from '../../src/explore/fingerprint';
import { programWorld, type Op } from './_worlds';
import type { WorldFactory } from '../../src/explore/types';

/** Every final outcome of every schedule, by enumerating all choice sequences. */
function bruteForce(world: WorldFactory): Set<string> {
  const out = new Set<string>();
  const walk = (prefix: number[]): void => {
    let branch: ChoicePoint | undefined;
    const w = world();
    const r = runWorld(w, {
      choose: (p) => {
        if (p.step < prefix.length) return prefix[p.step]!;
        if (p.step === prefix.length) branch = p;
        return 31 - Math.clz32(p.enabled & -p.enabled);
      },
    });
    if (r.end.kind === 'complete' && branch === undefined) out.add(outcomeKeys(w, r.vcpus).join('|'));
    if (branch === undefined) return;
    for (let m = branch.enabled; m !== 0; m &= m - 1) walk([...prefix, 31 - Math.clz32(m & -m)]);
  };
  walk([]);
  return out;
}

function explored(world: WorldFactory): { outcomes: Set<string>; runs: number } {
  const out = new Set<string>();
  const ctx = makeContext(world, { sequentialCheck: false });
  const s = searchExhaustive(ctx, Infinity, 100_000, (rec) => {
    if (rec.end.kind === 'complete') out.add(outcomeKeys(rec.world, rec.vcpus).join('|'));
    return true;
  });
  expect(s.exhausted).toBe(true);
  return { outcomes: out, runs: s.runs };
}

const objs = fc.constantFrom('x', 'y');
const plain: fc.Arbitrary<Op[]> = fc.tuple(fc.constantFrom<'read' | 'write'>('read', 'write'), objs).map(([op, obj]) => [{ op, obj }]);
const locked: fc.Arbitrary<Op[]> = fc
  .tuple(fc.constantFrom('L', 'M'), fc.array(plain, { minLength: 1, maxLength: 2 }))
  .map(([lock, body]) => [{ op: 'lock', lock }, ...body.flat(), { op: 'unlock', lock }]);
const program = fc.array(fc.oneof(plain, locked), { minLength: 1, maxLength: 3 }).map((b) => b.flat());

describe('state caching by trace fingerprint', () => {
  it('independent steps in either order give one fingerprint; dependent ones two', () => {
    const keyAfter = (programs: Op[][], order: number[]): number => {
      const table = new ObjectTable();
      const w = programWorld(programs)();
      const fp = new TraceFingerprint(table, programs.length);
      runWorld(w, new PrefixPolicy(order), { monitors: [fp] });
      return fp.key();
    };
    const indep = [[{ op: 'write', obj: 'x' }], [{ op: 'write', obj: 'y' }]] as Op[][];
    expect(keyAfter(indep, [0, 1])).toBe(keyAfter(indep, [1, 0]));
    const reads = [[{ op: 'read', obj: 'x' }], [{ op: 'read', obj: 'x' }]] as Op[][];
    expect(keyAfter(reads, [0, 1])).toBe(keyAfter(reads, [1, 0]));
    const dep = [[{ op: 'write', obj: 'x' }], [{ op: 'read', obj: 'x' }]] as Op[][];
    expect(keyAfter(dep, [0, 1])).not.toBe(keyAfter(dep, [1, 0]));
  });

  it('finds every outcome brute force finds, on random two- and three-task programs', () => {
    fc.assert(
      // At most 10 steps in all keeps brute force small (10!/(3!3!4!) = 4200 interleavings).
      fc.property(fc.array(program, { minLength: 2, maxLength: 3 }).filter((ps) => ps.flat().length <= 10), (programs) => {
        const world = programWorld(programs);
        const all = bruteForce(world);
        const got = explored(world);
        expect([...got.outcomes].sort()).toEqual([...all].sort());
      }),
      { numRuns: 100 },
    );
  });

  it('runs far fewer schedules than there are interleavings when steps are independent', () => {
    // 2 tasks x 6 writes to private cells: C(12,6) = 924 interleavings, all one Mazurkiewicz trace.
    const w = programWorld([Array(6).fill({ op: 'write', obj: 'x' }), Array(6).fill({ op: 'write', obj: 'y' })]);
    const r = explored(w);
    expect(r.outcomes.size).toBe(1);
    expect(r.runs).toBeLessThan(924 / 10);
  });

  it('a replayed prefix that no longer fits is reported, not silently followed', () => {
    const w = programWorld([[{ op: 'write', obj: 'x' }], [{ op: 'write', obj: 'y' }]]);
    const policy = new PrefixPolicy([0, 0, 0]);
    runOnce(makeContext(w), policy);
    expect(policy.diverged).toBe(1);
  });
});
