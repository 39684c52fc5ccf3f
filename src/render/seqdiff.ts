// SMC-sequence diffs: the same scenario under two revisions, aligned step by step, so a reader
// sees exactly which SMC a revision added (a spurious FFA_RX_RELEASE) or dropped.
import { alignSequences, type DiffOp } from './_lcs';
import { escapeHtml } from './html';

export interface Sequence {
  readonly label: string;
  readonly steps: readonly string[];
}

export interface DiffRow {
  readonly op: DiffOp<string>['op'];
  readonly left: string | undefined;
  readonly right: string | undefined;
}

export function diffSequences(a: Sequence, b: Sequence): DiffRow[] {
  return alignSequences(a.steps, b.steps).map((d) =>
    d.op === 'same' ? { op: d.op, left: d.a, right: d.b } : d.op === 'removed' ? { op: d.op, left: d.a, right: undefined } : { op: d.op, left: undefined, right: d.b },
  );
}

export function changedRows(rows: readonly DiffRow[]): number {
  return rows.filter((r) => r.op !== 'same').length;
}

const TD = 'border:1px solid #d0d7de;padding:1px 6px;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;';
const BG: Readonly<Record<DiffRow['op'], string>> = Object.freeze({ same: '#ffffff', removed: '#ffebe9', added: '#dafbe1' });
const SIGN: Readonly<Record<DiffRow['op'], string>> = Object.freeze({ same: ' ', removed: '−', added: '+' });

export function seqDiffHtml(a: Sequence, b: Sequence): string {
  const rows = diffSequences(a, b);
  const trs = rows
    .map((r) => {
      const bg = BG[r.op];
      return `<tr data-op="${r.op}"><td style="${TD}background:${bg}">${SIGN[r.op]}</td><td style="${TD}background:${bg}">${escapeHtml(r.left ?? '')}</td><td style="${TD}background:${bg}">${escapeHtml(r.right ?? '')}</td></tr>`;
    })
    .join('');
  const head = `<tr><th style="${TD}"></th><th style="${TD}">${escapeHtml(a.label)}</th><th style="${TD}">${escapeHtml(b.label)}</th></tr>`;
  const note = changedRows(rows) === 0 ? 'identical SMC sequences' : `${changedRows(rows)} step(s) differ`;
  return `<table style="border-collapse:collapse"><caption style="text-align:left"><b>${escapeHtml(a.label)} → ${escapeHtml(b.label)}</b>: ${note}</caption>${head}${trs}</table>`;
}

/** Consecutive pairs of a revision list: S0→v0, v0→v1, ... each as its own aligned table. */
export function seqDiffChainHtml(seqs: readonly Sequence[]): string {
  const parts: string[] = [];
  for (let i = 1; i < seqs.length; i++) {
    const a = seqs[i - 1];
    const b = seqs[i];
    if (a !== undefined && b !== undefined) parts.push(seqDiffHtml(a, b));
  }
  return parts.join('<div style="height:10px"></div>');
}
