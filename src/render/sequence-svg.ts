// SVG drawing of a sequence diagram laid out by sequence-layout.ts: lifelines, arrows, notes,
// panics, and lock hold bars. Arrowheads are polygons, not <marker>s, because several diagrams
// share one notebook page and marker ids would collide there.
import { FAIL, INK, MUTED, WARN, assignColours, el, num, svgRoot, text, textWidth } from './_svg';
import { SEQ, layoutSequence, type LaidActor, type LaidEvent, type LockBar, type SeqLayout, type SequenceInput } from './sequence-layout';

const TONE = Object.freeze({
  info: Object.freeze({ fill: '#ddf4ff', stroke: '#0969da', ink: INK }),
  warn: Object.freeze({ fill: '#fff8c5', stroke: WARN, ink: INK }),
  fail: Object.freeze({ fill: '#ffebe9', stroke: FAIL, ink: FAIL }),
});

function header(a: LaidActor, top: number, bottom: number): string {
  const w = Math.max(110, textWidth(a.label, 13) + 24, textWidth(a.sub ?? '', 10) + 20);
  const box = el('rect', { x: a.x - w / 2, y: 22, width: w, height: 32, rx: 6, fill: '#f6f8fa', stroke: INK });
  const title = text(a.x, a.sub === undefined ? 42 : 36, a.label, { anchor: 'middle', size: 13, weight: 'bold' });
  const sub = a.sub === undefined ? '' : text(a.x, 49, a.sub, { anchor: 'middle', size: 10, fill: MUTED });
  const life = el('line', { x1: a.x, y1: top, x2: a.x, y2: bottom, stroke: MUTED, 'stroke-dasharray': '4 4' });
  return box + title + sub + life;
}

function arrowHead(x: number, y: number, dir: 1 | -1, colour: string): string {
  const p = [`${num(x)},${num(y)}`, `${num(x - dir * 9)},${num(y - 4)}`, `${num(x - dir * 9)},${num(y + 4)}`];
  return el('polygon', { points: p.join(' '), fill: colour });
}

function message(row: LaidEvent, xOf: (id: string) => number): string {
  const e = row.event;
  if (e.kind !== 'message') return '';
  const style = e.style ?? 'call';
  const colour = style === 'error' ? FAIL : INK;
  const dash = style === 'call' ? undefined : '6 4';
  const x1 = xOf(e.from);
  const x2 = xOf(e.to);
  const y = row.y - (e.detail === undefined ? 0 : SEQ.rowHeight.detail);
  const tag = e.tag === undefined ? '' : text(8, y - 3, e.tag, { size: 10, fill: MUTED });
  if (x1 === x2) {
    const loop = `M${num(x1)},${num(y - 8)} h30 v12 h-26`;
    return tag + el('path', { d: loop, fill: 'none', stroke: colour, 'stroke-dasharray': dash }) +
      arrowHead(x1 + 2, y + 4, -1, colour) + text(x1 + 36, y, e.label, { size: SEQ.labelSize, fill: colour, width: 360 });
  }
  const dir = x2 > x1 ? 1 : -1;
  const room = Math.abs(x2 - x1) - 12;
  const mid = (x1 + x2) / 2;
  const line = el('line', { x1, y1: y, x2: x2 - dir * 8, y2: y, stroke: colour, 'stroke-width': 1.4, 'stroke-dasharray': dash });
  const label = text(mid, y - 5, e.label, { anchor: 'middle', size: SEQ.labelSize, fill: colour, width: room });
  const detail = e.detail === undefined ? '' : text(mid, y + 12, e.detail, { anchor: 'middle', size: SEQ.labelSize - 2, fill: MUTED, width: room });
  return tag + line + arrowHead(x2, y, dir, colour) + label + detail;
}

/** A note centred on its lifeline, but kept inside the picture when the lifeline is near an edge. */
function boxed(at: number, y: number, s: string, tone: keyof typeof TONE | 'panic', width: number): string {
  const size = 11;
  const w = Math.min(tone === 'panic' ? 520 : 380, textWidth(s, size) + 16, width - 8);
  const x = Math.min(Math.max(at, w / 2 + 4), width - w / 2 - 4);
  const t = tone === 'panic' ? { fill: FAIL, stroke: FAIL, ink: '#ffffff' } : TONE[tone];
  const h = tone === 'panic' ? 24 : 20;
  return el('rect', { x: x - w / 2, y: y - h + 6, width: w, height: h, rx: 4, fill: t.fill, stroke: t.stroke }) +
    text(x, y - (tone === 'panic' ? 3 : 2), s, { anchor: 'middle', size, fill: t.ink, width: w - 8, weight: tone === 'panic' ? 'bold' : 'normal' });
}

function bar(b: LockBar, colour: string, top: number): string {
  const body = el('rect', { x: b.x, y: b.y0, width: SEQ.barWidth, height: Math.max(2, b.y1 - b.y0), fill: colour, 'fill-opacity': 0.35, stroke: colour });
  const name = b.by === undefined ? b.lock : `${b.lock} (${b.by})`;
  const label = text(b.x + SEQ.barWidth + 3, (b.openStart ? top : b.y0) + 9, name, { size: 10, fill: colour });
  const end = b.openEnd ? el('line', { x1: b.x - 3, y1: b.y1, x2: b.x + SEQ.barWidth + 3, y2: b.y1, stroke: FAIL, 'stroke-width': 2, 'stroke-dasharray': '2 2' }) +
    text(b.x + SEQ.barWidth + 3, b.y1 - 3, `${b.lock} still held`, { size: 10, fill: FAIL }) : '';
  return body + label + end;
}

export function drawSequence(l: SeqLayout): string {
  const xOf = (id: string): number => l.actors.find((a) => a.id === id)?.x ?? 0;
  const colours = assignColours(l.bars.map((b) => b.lock));
  const parts: string[] = [text(8, 14, l.title, { size: 12, fill: INK, weight: 'bold' })];
  for (const a of l.actors) parts.push(header(a, l.top, l.bottom));
  for (const b of l.bars) parts.push(bar(b, colours.get(b.lock) ?? INK, l.top));
  for (const row of l.rows) {
    const e = row.event;
    if (e.kind === 'message') parts.push(message(row, xOf));
    else if (e.kind === 'note') parts.push(boxed(xOf(e.actor), row.y, e.text, e.tone ?? 'info', l.width));
    else if (e.kind === 'panic') parts.push(boxed(xOf(e.actor), row.y, e.text, 'panic', l.width));
  }
  parts.push(text(8, l.height - 8, 'bars beside a lifeline: locks held; a red dashed end: still held after the last step', { size: 10, fill: MUTED }));
  return svgRoot(l.width, l.height, l.title, parts.join(''));
}

/** Layout and draw in one call: what notebooks use. */
export function sequenceSvg(input: SequenceInput): string {
  return drawSequence(layoutSequence(input));
}
