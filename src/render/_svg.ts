// Internal SVG helpers for the renderers: escaping, element strings, text metrics, the palette.
// Output must be byte-identical for the same input, so numbers are printed with a fixed rule and
// attributes keep the order the caller gives; nothing here reads a clock or a random source.

/** Local font stack only: an SVG that names a web font would fetch it, and notebooks run offline. */
export const FONT = "ui-monospace, Menlo, Consolas, 'DejaVu Sans Mono', monospace";

/** Average advance of one monospace glyph as a fraction of the font size (close for all of FONT). */
const GLYPH_RATIO = 0.6;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

/** Numbers as SVG wants them: at most two decimals, no exponent, no "-0". */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export type AttrValue = string | number | undefined;

function attrs(a: Readonly<Record<string, AttrValue>>): string {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === undefined) continue;
    out += ` ${k}="${typeof v === 'number' ? num(v) : escapeXml(v)}"`;
  }
  return out;
}

/** One element; `body` is raw markup (children) and is not escaped: use text() for text. */
export function el(tag: string, a: Readonly<Record<string, AttrValue>>, body?: string): string {
  return body === undefined ? `<${tag}${attrs(a)}/>` : `<${tag}${attrs(a)}>${body}</${tag}>`;
}

export function textWidth(s: string, size: number): number {
  return [...s].length * size * GLYPH_RATIO;
}

/** Cut a label to fit `width` pixels, marking the cut; the full text goes into a <title>. */
export function fit(s: string, width: number, size: number): string {
  const max = Math.max(1, Math.floor(width / (size * GLYPH_RATIO)));
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export interface TextOpts {
  readonly size?: number;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly fill?: string;
  readonly weight?: 'normal' | 'bold';
  /** Width available: longer text is cut and the full text kept as a tooltip. */
  readonly width?: number;
}

export function text(x: number, y: number, s: string, o: TextOpts = {}): string {
  const size = o.size ?? 12;
  const shown = o.width === undefined ? s : fit(s, o.width, size);
  const tip = shown === s ? '' : el('title', {}, escapeXml(s));
  return el(
    'text',
    {
      x,
      y,
      'font-family': FONT,
      'font-size': size,
      'text-anchor': o.anchor ?? 'start',
      fill: o.fill ?? INK,
      'font-weight': o.weight === 'bold' ? 'bold' : undefined,
    },
    tip + escapeXml(shown),
  );
}

/** The root element: fixed size for exact layout, viewBox so it shrinks to the notebook width. */
export function svgRoot(width: number, height: number, title: string, body: string): string {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${num(width)} ${num(height)}`,
      style: 'max-width:100%;height:auto;background:#ffffff',
      role: 'img',
    },
    el('title', {}, escapeXml(title)) + body,
  );
}

export const INK = '#1f2328';
export const MUTED = '#6e7781';
export const FAIL = '#cf222e';
export const OK = '#1a7f37';
export const WARN = '#9a6700';

/** Distinct fills for locks and owners, chosen so that neighbours differ at a glance. */
const PALETTE: readonly string[] = Object.freeze([
  '#0969da', '#bf8700', '#8250df', '#1a7f37', '#cf222e', '#0a7ea4', '#bc4c00', '#6e7781',
]);

/**
 * Colours by order of first appearance: distinct for the first eight names of a diagram and the
 * same for the same input, which a hash of the name could not promise.
 */
export function assignColours(names: Iterable<string>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const n of names) if (!out.has(n)) out.set(n, PALETTE[out.size % PALETTE.length] ?? INK);
  return out;
}
