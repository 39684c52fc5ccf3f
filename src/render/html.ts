// Small HTML building blocks for notebook output (tslab.display.html) and the HTML export:
// escaping, a captioned figure, a plain table and a pass/fail check list. Styles are inline so a
// fragment looks the same in Jupyter, in nbconvert's HTML and in a file opened on its own.
import { escapeXml } from './_svg';

export function escapeHtml(s: string): string {
  return escapeXml(s);
}

const FONT_CSS = "font-family:ui-monospace,Menlo,Consolas,'DejaVu Sans Mono',monospace";

/** An SVG or HTML fragment with a caption under it. `body` is markup and is not escaped. */
export function figure(caption: string, body: string): string {
  return `<figure style="margin:8px 0">${body}<figcaption style="color:#57606a;font-size:12px">${escapeHtml(caption)}</figcaption></figure>`;
}

export interface TableOpts {
  readonly caption?: string;
  /** Cells are text by default; raw columns hold markup (e.g. a coloured mark). */
  readonly rawColumns?: readonly number[];
}

export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>, o: TableOpts = {}): string {
  const raw = new Set(o.rawColumns ?? []);
  const cell = (tag: 'td' | 'th', s: string, i: number): string =>
    `<${tag} style="border:1px solid #d0d7de;padding:2px 6px;text-align:left;vertical-align:top">${raw.has(i) && tag === 'td' ? s : escapeHtml(s)}</${tag}>`;
  const th = `<tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr>`;
  const trs = rows.map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('');
  const cap = o.caption === undefined ? '' : `<caption style="text-align:left;font-weight:bold">${escapeHtml(o.caption)}</caption>`;
  return `<table style="border-collapse:collapse;font-size:12px;${FONT_CSS}">${cap}${th}${trs}</table>`;
}

export interface Check {
  readonly fact: string;
  readonly ok: boolean;
}

/** The closing cell of each notebook shows its checks; the asserts themselves stay in the cell. */
export function checklist(checks: readonly Check[]): string {
  const li = checks
    .map((c) => `<li style="color:${c.ok ? '#1a7f37' : '#cf222e'}">${c.ok ? '✓' : '✗'} ${escapeHtml(c.fact)}</li>`)
    .join('');
  return `<ul style="list-style:none;padding-left:4px;${FONT_CSS};font-size:12px">${li}</ul>`;
}

/** A small coloured label, e.g. a revision name or "BUG". */
export function badge(label: string, colour: string): string {
  return `<span style="background:${escapeHtml(colour)};color:#ffffff;border-radius:4px;padding:0 5px;${FONT_CSS};font-size:11px">${escapeHtml(label)}</span>`;
}
