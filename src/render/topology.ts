// The FF-A system at a glance: endpoints (guests, Xen, the SPMC) as boxes in columns, their RX/TX
// buffers inside them with their current state, and links for calls and for data movement.
import { INK, MUTED, el, num, svgRoot, text, textWidth } from './_svg';
import { RenderInputError } from './errors';

export interface TopoBuffer {
  readonly id: string;
  readonly label: string;
  readonly state?: string;
}

export interface TopoNode {
  readonly id: string;
  readonly label: string;
  readonly sub?: string;
  readonly column: number;
  readonly secure?: boolean;
  readonly buffers: readonly TopoBuffer[];
}

export interface TopoLink {
  /** A node id or a buffer id. */
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly kind?: 'call' | 'data';
}

export interface TopologyInput {
  readonly title: string;
  readonly nodes: readonly TopoNode[];
  readonly links: readonly TopoLink[];
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Where links attach: a node's header line, a buffer's middle. */
  readonly anchorY: number;
}

const COL_W = 230;
const GAP = 130;
const BUF_H = 32;

export function topologySvg(t: TopologyInput): string {
  const boxes = new Map<string, Box>();
  const nextY = new Map<number, number>();
  const parts: string[] = [];
  for (const n of t.nodes) {
    const x = 16 + n.column * (COL_W + GAP);
    const y = nextY.get(n.column) ?? 40;
    const h = 48 + n.buffers.length * (BUF_H + 6);
    boxes.set(n.id, { x, y, w: COL_W, h, anchorY: y + 24 });
    nextY.set(n.column, y + h + 22);
    parts.push(el('rect', { x, y, width: COL_W, height: h, rx: 8, fill: n.secure === true ? '#eaeef2' : '#ffffff', stroke: INK, 'stroke-width': 1.2 }));
    parts.push(text(x + 10, y + 20, n.label, { size: 13, weight: 'bold', width: COL_W - 20 }));
    if (n.sub !== undefined) parts.push(text(x + 10, y + 35, n.sub, { size: 10, fill: MUTED, width: COL_W - 20 }));
    n.buffers.forEach((b, i) => {
      const by = y + 44 + i * (BUF_H + 6);
      const bx = x + 12;
      boxes.set(b.id, { x: bx, y: by, w: COL_W - 24, h: BUF_H, anchorY: by + BUF_H / 2 });
      parts.push(el('rect', { x: bx, y: by, width: COL_W - 24, height: BUF_H, rx: 3, fill: '#f6f8fa', stroke: MUTED }));
      parts.push(text(bx + 8, by + 14, b.label, { size: 11, weight: 'bold', width: COL_W - 40 }));
      if (b.state !== undefined) parts.push(text(bx + 8, by + 27, b.state, { size: 10, fill: MUTED, width: COL_W - 40 }));
    });
  }
  for (const l of t.links) parts.push(link(l, boxes));
  const width = 32 + Math.max(0, ...t.nodes.map((n) => n.column + 1)) * (COL_W + GAP) - GAP;
  const height = Math.max(0, ...nextY.values()) + 26;
  parts.unshift(text(8, 18, t.title, { size: 12, weight: 'bold' }));
  parts.push(text(8, height - 8, 'solid arrows: calls (traps and SMCs); dashed: bytes copied or read through a buffer', { size: 10, fill: MUTED }));
  return svgRoot(width, height, t.title, parts.join(''));
}

function link(l: TopoLink, boxes: ReadonlyMap<string, Box>): string {
  const a = boxes.get(l.from);
  const b = boxes.get(l.to);
  if (a === undefined || b === undefined) throw new RenderInputError('topology', `link "${l.label}" names an unknown end (${a === undefined ? l.from : l.to})`);
  const rightward = a.x < b.x;
  const x1 = rightward ? a.x + a.w : a.x;
  const x2 = rightward ? b.x : b.x + b.w;
  const y1 = a.anchorY;
  const y2 = b.anchorY;
  const colour = l.kind === 'data' ? '#8250df' : INK;
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / len;
  const uy = (y2 - y1) / len;
  const head = [`${num(x2)},${num(y2)}`, `${num(x2 - ux * 9 - uy * 4)},${num(y2 - uy * 9 + ux * 4)}`, `${num(x2 - ux * 9 + uy * 4)},${num(y2 - uy * 9 - ux * 4)}`];
  const line = el('line', { x1, y1, x2: x2 - ux * 8, y2: y2 - uy * 8, stroke: colour, 'stroke-width': 1.4, 'stroke-dasharray': l.kind === 'data' ? '5 3' : undefined });
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2 - 5;
  const lw = Math.min(GAP + 60, textWidth(l.label, 10) + 6);
  const bg = el('rect', { x: mx - lw / 2, y: my - 10, width: lw, height: 13, fill: '#ffffff', 'fill-opacity': 0.85 });
  return line + el('polygon', { points: head.join(' '), fill: colour }) + bg +
    text(mx, my, l.label, { size: 10, anchor: 'middle', fill: colour, width: lw });
}
