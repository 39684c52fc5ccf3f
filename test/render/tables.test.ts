import { describe, expect, it } from 'vitest';
import { matrixHtml, matrixTotals, type MatrixInput } from '../../src/render/matrix';
import { ownershipCells, ownershipSvg } from '../../src/render/ownership';
import { checklist, table } from '../../src/render/html';
import { topologySvg } from '../../src/render/topology';
import { RenderInputError } from '../../src/render/errors';

// B1 (the ASSERT) is in v0 and v1 and gone in v2; B8 (map/unmap race) in S0 and v0 (xen-ffa-revisions.md 2.12).
const REVS = ['S0', 'v0', 'v1', 'v2'];
const HAS: Readonly<Record<string, readonly string[]>> = { B1: ['v0', 'v1'], B8: ['S0', 'v0'] };
const m: MatrixInput = {
  title: 'ledger <excerpt>',
  cols: REVS.map((r) => ({ id: r, label: r })),
  rows: [{ id: 'B1', label: 'ASSERT under contention' }, { id: 'B8', label: 'map/unmap race' }],
  cell: (row, col) => ({ mark: (HAS[row] ?? []).includes(col) ? 'bug' : 'clean' }),
};

describe('ledger matrix', () => {
  it('counts bugs per revision', () => {
    const t = matrixTotals(m);
    expect(REVS.map((r) => t.get(r)?.bug)).toEqual([1, 2, 1, 0]);
    expect(t.get('v2')).toMatchObject({ bug: 0, clean: 2 });
  });

  it('renders one marked cell per (bug, revision), row by row', () => {
    const html = matrixHtml(m);
    const marks = [...html.matchAll(/data-mark="([^"]+)"/g)].map((x) => x[1]);
    expect(marks).toEqual(['clean', 'bug', 'bug', 'clean', 'bug', 'bug', 'clean', 'clean']);
    expect(html).toContain('ledger &lt;excerpt&gt;');
  });
});

describe('ownership grid', () => {
  const input = {
    title: 'rx',
    buffers: [{ id: 'rx', label: 'VM1 RX' }],
    steps: [
      { label: 'RXTX_MAP', owners: { rx: 'free' } },
      { label: 'PARTITION_INFO_GET', owners: { rx: 'VM1' } },
      { label: 'PARTITION_INFO_GET again: BUSY', owners: { rx: 'VM1' } },
      { label: 'RX_RELEASE', owners: { rx: 'free' } },
    ],
  };

  it('flags exactly the steps where ownership moved', () => {
    expect(ownershipCells(input).map((c) => c.changed)).toEqual([false, true, false, true]);
  });

  it('refuses a step that forgets a buffer', () => {
    expect(() => ownershipCells({ ...input, steps: [{ label: 'x', owners: {} }] })).toThrow(RenderInputError);
  });

  it('renders deterministically, one cell per (step, buffer)', () => {
    const svg = ownershipSvg(input);
    expect(svg).toBe(ownershipSvg(input));
    expect(svg.match(/<rect/g)).toHaveLength(4);
  });
});

describe('html helpers and topology', () => {
  it('escapes table text but not raw columns', () => {
    const html = table(['a', 'b'], [['<x>', '<b>y</b>']], { rawColumns: [1] });
    expect(html).toContain('&lt;x&gt;');
    expect(html).toContain('<b>y</b>');
  });

  it('shows failed checks as failed', () => {
    const html = checklist([{ fact: 'ok one', ok: true }, { fact: 'bad one', ok: false }]);
    expect(html).toMatch(/✓ ok one/);
    expect(html).toMatch(/✗ bad one/);
  });

  it('refuses a link to a buffer that is not drawn', () => {
    expect(() => topologySvg({ title: 't', nodes: [{ id: 'xen', label: 'Xen', column: 0, buffers: [] }], links: [{ from: 'xen', to: 'vm1.rx', label: 'copy' }] })).toThrow(RenderInputError);
  });
});
