// SVG drawing of an interleaving laid out by interleave-layout.ts: vCPU columns, scheduled steps,
// scheduler switches as grey connectors, lock hold bars, and spins as dashed red spans.
import { FAIL, INK, MUTED, WARN, assignColours, el, svgRoot, text } from './_svg';
import { IL, layoutInterleaving, type InterleaveLayout, type InterleavingInput, type LaidStep, type StepKind } from './interleave-layout';

const LOOK: Readonly<Record<StepKind, { readonly fill: string; readonly stroke: string; readonly ink: string }>> = Object.freeze({
  call: { fill: '#ddf4ff', stroke: '#0969da', ink: INK },
  reply: { fill: '#ddf4ff', stroke: '#0969da', ink: INK },
  lock: { fill: '#f6f8fa', stroke: MUTED, ink: INK },
  unlock: { fill: '#f6f8fa', stroke: MUTED, ink: INK },
  smc: { fill: '#fbefff', stroke: '#8250df', ink: INK },
  access: { fill: '#ffffff', stroke: MUTED, ink: MUTED },
  blocked: { fill: '#fff8c5', stroke: WARN, ink: INK },
  panic: { fill: FAIL, stroke: FAIL, ink: '#ffffff' },
  fault: { fill: '#ffebe9', stroke: FAIL, ink: FAIL },
  note: { fill: '#ffffff', stroke: '#d0d7de', ink: MUTED },
});

function stepBox(s: LaidStep, laneWidth: number): string {
  const look = LOOK[s.step.kind];
  const w = laneWidth - 52;
  const box = el('rect', { x: s.x, y: s.y - 15, width: w, height: 19, rx: 4, fill: look.fill, stroke: look.stroke });
  const label = text(s.x + 6, s.y - 1, s.step.label, {
    size: IL.labelSize,
    fill: look.ink,
    width: w - 10,
    weight: s.step.kind === 'panic' ? 'bold' : 'normal',
  });
  return box + label + text(8, s.y - 1, String(s.index), { size: 10, fill: MUTED });
}

function switchLine(prev: LaidStep, s: LaidStep, laneWidth: number): string {
  const fromRight = prev.x < s.x;
  const x1 = fromRight ? prev.x + laneWidth - 52 : prev.x;
  const x2 = fromRight ? s.x : s.x + laneWidth - 52;
  return el('path', { d: `M${x1},${prev.y - 5} L${x2},${s.y - 5}`, stroke: '#d0d7de', fill: 'none', 'stroke-width': 1 });
}

export function drawInterleaving(l: InterleaveLayout): string {
  const colours = assignColours(l.bars.map((b) => b.lock));
  const parts: string[] = [text(8, 16, l.title, { size: 12, weight: 'bold' })];
  if (l.schedule !== undefined) parts.push(text(8, 34, `schedule: ${l.schedule}`, { size: 11, fill: MUTED, width: l.width - 16 }));
  for (const lane of l.lanes) {
    const y = l.top - 24;
    parts.push(text(lane.x + 4, y, lane.label, { size: 13, weight: 'bold' }));
    if (lane.sub !== undefined) parts.push(text(lane.x + 4, y + 14, lane.sub, { size: 10, fill: MUTED }));
    parts.push(el('line', { x1: lane.x + 2, y1: l.top, x2: lane.x + 2, y2: l.bottom, stroke: '#d0d7de' }));
  }
  for (const b of l.bars) {
    const c = colours.get(b.lock) ?? INK;
    parts.push(el('rect', { x: b.x, y: b.y0 - 6, width: 5, height: Math.max(4, b.y1 - b.y0), fill: c, 'fill-opacity': 0.5, stroke: c }));
    if (b.openEnd) parts.push(text(b.x + 8, l.bottom + 10, `${b.lock} still held`, { size: 10, fill: FAIL }));
  }
  for (const w of l.waits)
    parts.push(el('line', { x1: w.x, y1: w.y0 - 5, x2: w.x, y2: w.y1 - 12, stroke: FAIL, 'stroke-width': 2, 'stroke-dasharray': '3 3' }));
  l.steps.forEach((s, i) => {
    const prev = l.steps[i - 1];
    if (prev !== undefined && s.switched) parts.push(switchLine(prev, s, l.laneWidth));
  });
  for (const s of l.steps) parts.push(stepBox(s, l.laneWidth));
  let lx = 8;
  for (const [lock, c] of colours) {
    parts.push(el('rect', { x: lx, y: l.height - 34, width: 10, height: 10, fill: c, 'fill-opacity': 0.5, stroke: c }));
    parts.push(text(lx + 14, l.height - 25, lock, { size: 10 }));
    lx += 30 + lock.length * 6;
  }
  parts.push(text(8, l.height - 6, 'coloured bars: locks held by that vCPU; red dashes: spinning on a lock; grey lines: the scheduler switched vCPU', { size: 10, fill: MUTED }));
  return svgRoot(l.width, l.height, l.title, parts.join(''));
}

export function interleavingSvg(input: InterleavingInput): string {
  return drawInterleaving(layoutInterleaving(input));
}
