// The bug ledger as a matrix: bugs down, revisions across, one coloured cell per (bug, revision),
// as HTML so that row titles wrap and the table reads in a narrow notebook column.
import { escapeHtml } from './html';

/** What a revision shows for one bug: reproduced, not present, present but unreachable, or untested. */
export type MatrixMark = 'bug' | 'clean' | 'latent' | 'n/a';

export interface MatrixCell {
  readonly mark: MatrixMark;
  /** Short evidence shown as a tooltip, e.g. the oracle that fired. */
  readonly note?: string;
}

export interface MatrixInput {
  readonly title: string;
  readonly cols: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly rows: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly cell: (row: string, col: string) => MatrixCell;
}

const LOOK: Readonly<Record<MatrixMark, { readonly bg: string; readonly ink: string; readonly sign: string }>> = Object.freeze({
  bug: { bg: '#ffebe9', ink: '#cf222e', sign: '● bug' },
  clean: { bg: '#dafbe1', ink: '#1a7f37', sign: '○ ok' },
  latent: { bg: '#fff8c5', ink: '#9a6700', sign: '◐ latent' },
  'n/a': { bg: '#f6f8fa', ink: '#6e7781', sign: '·' },
});

const TD = 'border:1px solid #d0d7de;padding:2px 6px;';

/** Counts per column of each mark: the totals row, and what notebooks assert on. */
export function matrixTotals(m: MatrixInput): ReadonlyMap<string, Readonly<Record<MatrixMark, number>>> {
  const out = new Map<string, Record<MatrixMark, number>>();
  for (const c of m.cols) {
    const t: Record<MatrixMark, number> = { bug: 0, clean: 0, latent: 0, 'n/a': 0 };
    for (const r of m.rows) t[m.cell(r.id, c.id).mark]++;
    out.set(c.id, t);
  }
  return out;
}

export function matrixHtml(m: MatrixInput): string {
  const head = `<tr><th style="${TD}">bug</th>${m.cols.map((c) => `<th style="${TD}">${escapeHtml(c.label)}</th>`).join('')}</tr>`;
  const body = m.rows
    .map((r) => {
      const cells = m.cols.map((c) => {
        const cell = m.cell(r.id, c.id);
        const look = LOOK[cell.mark];
        const tip = cell.note === undefined ? '' : ` title="${escapeHtml(cell.note)}"`;
        return `<td style="${TD}background:${look.bg};color:${look.ink};text-align:center"${tip} data-mark="${cell.mark}">${look.sign}</td>`;
      });
      return `<tr><td style="${TD}"><b>${escapeHtml(r.id)}</b> ${escapeHtml(r.label)}</td>${cells.join('')}</tr>`;
    })
    .join('');
  const totals = matrixTotals(m);
  const foot = `<tr><td style="${TD}"><i>bugs reproduced</i></td>${m.cols.map((c) => `<td style="${TD}text-align:center">${totals.get(c.id)?.bug ?? 0}</td>`).join('')}</tr>`;
  return `<table style="border-collapse:collapse;font-size:12px"><caption style="text-align:left;font-weight:bold">${escapeHtml(m.title)}</caption>${head}${body}${foot}</table>`;
}
