import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alignSequences } from '../../src/render/_lcs';
import { changedRows, diffSequences, seqDiffChainHtml, seqDiffHtml } from '../../src/render/seqdiff';

/** LCS length by the textbook recursion, memoised: an independent oracle for the aligner. */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  const memo = new Map<string, number>();
  const go = (i: number, j: number): number => {
    if (i === a.length || j === b.length) return 0;
    const k = `${i},${j}`;
    const hit = memo.get(k);
    if (hit !== undefined) return hit;
    const v = a[i] === b[j] ? 1 + go(i + 1, j + 1) : Math.max(go(i + 1, j), go(i, j + 1));
    memo.set(k, v);
    return v;
  };
  return go(0, 0);
}

describe('sequence alignment', () => {
  it('keeps both sequences in order and matches a longest common subsequence', () => {
    const word = fc.array(fc.constantFrom('GET', 'RX_RELEASE', 'RX_ACQUIRE', 'MAP', 'UNMAP'), { maxLength: 9 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const ops = alignSequences(a, b);
        const left = ops.flatMap((o) => (o.op === 'added' ? [] : [o.a]));
        const right = ops.flatMap((o) => (o.op === 'removed' ? [] : [o.b]));
        expect(left).toEqual(a);
        expect(right).toEqual(b);
        expect(ops.filter((o) => o.op === 'same')).toHaveLength(lcsLength(a, b));
      }),
    );
  });

  it('shows the spurious RX_RELEASE after a failed GET as the one added step (B3, v0)', () => {
    const s0 = { label: 'S0', steps: ['FFA_PARTITION_INFO_GET -> FFA_ERROR(INVALID_PARAMETERS)'] };
    const v0 = { label: 'v0', steps: ['FFA_PARTITION_INFO_GET -> FFA_ERROR(INVALID_PARAMETERS)', 'FFA_RX_RELEASE -> FFA_ERROR(DENIED)'] };
    const rows = diffSequences(s0, v0);
    expect(rows.map((r) => r.op)).toEqual(['same', 'added']);
    expect(rows[1]).toEqual({ op: 'added', left: undefined, right: 'FFA_RX_RELEASE -> FFA_ERROR(DENIED)' });
    expect(changedRows(rows)).toBe(1);
    expect(seqDiffHtml(s0, v0)).toContain('1 step(s) differ');
    expect(seqDiffHtml(s0, s0)).toContain('identical SMC sequences');
  });

  it('diffs a chain of revisions pairwise, in order', () => {
    const html = seqDiffChainHtml([
      { label: 'S0', steps: ['a'] },
      { label: 'v0', steps: ['a', 'b'] },
      { label: 'v1', steps: ['a', 'b'] },
    ]);
    expect(html.indexOf('S0 → v0')).toBeGreaterThanOrEqual(0);
    expect(html.indexOf('v0 → v1')).toBeGreaterThan(html.indexOf('S0 → v0'));
    expect(html.match(/data-op="added"/g)).toHaveLength(1);
  });
});
