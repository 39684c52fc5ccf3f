// RX/TX ownership over time (FF-A DEN0077 "buffer ownership"): one row per step of a scenario,
// one column per buffer, each cell coloured by who may write the buffer after that step.
import { INK, MUTED, assignColours, el, svgRoot, text, textWidth } from './_svg';
import { RenderInputError } from './errors';

export interface OwnershipInput {
  readonly title: string;
  readonly buffers: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  /** After each step, the owner of every buffer, by buffer id (e.g. "SPMC (free)", "VM1", "unmapped"). */
  readonly steps: ReadonlyArray<{ readonly label: string; readonly owners: Readonly<Record<string, string>> }>;
}

export interface OwnershipCell {
  readonly step: number;
  readonly buffer: string;
  readonly owner: string;
  /** The owner differs from the previous step: drawn with a heavier border. */
  readonly changed: boolean;
}

/** The grid as data: what the picture shows, and what tests and notebook checks read. */
export function ownershipCells(o: OwnershipInput): OwnershipCell[] {
  const cells: OwnershipCell[] = [];
  o.steps.forEach((s, i) => {
    for (const b of o.buffers) {
      const owner = s.owners[b.id];
      if (owner === undefined) throw new RenderInputError('ownership', `step ${i} ("${s.label}") gives no owner for buffer "${b.id}"`);
      const before = o.steps[i - 1]?.owners[b.id];
      cells.push({ step: i, buffer: b.id, owner, changed: before !== undefined && before !== owner });
    }
  });
  return cells;
}

export function ownershipSvg(o: OwnershipInput): string {
  const cells = ownershipCells(o);
  const colours = assignColours(cells.map((c) => c.owner));
  const stepW = Math.min(420, Math.max(200, ...o.steps.map((s) => textWidth(s.label, 11) + 40)));
  const colW = Math.max(120, ...cells.map((c) => textWidth(c.owner, 11) + 20), ...o.buffers.map((b) => textWidth(b.label, 11) + 16));
  const top = 50;
  const rowH = 24;
  const width = Math.max(stepW + o.buffers.length * colW + 16, 620);
  const height = top + o.steps.length * rowH + 30;
  const parts: string[] = [text(8, 16, o.title, { size: 12, weight: 'bold' })];
  o.buffers.forEach((b, j) => parts.push(text(stepW + j * colW + colW / 2, top - 8, b.label, { size: 11, anchor: 'middle', weight: 'bold' })));
  o.steps.forEach((s, i) => parts.push(text(8, top + i * rowH + 16, `${i}. ${s.label}`, { size: 11, width: stepW - 16 })));
  for (const c of cells) {
    const j = o.buffers.findIndex((b) => b.id === c.buffer);
    const x = stepW + j * colW;
    const y = top + c.step * rowH;
    const colour = colours.get(c.owner) ?? INK;
    parts.push(el('rect', { x: x + 2, y: y + 2, width: colW - 4, height: rowH - 4, rx: 3, fill: colour, 'fill-opacity': 0.18, stroke: colour, 'stroke-width': c.changed ? 2.5 : 0.8 }));
    parts.push(text(x + colW / 2, y + 16, c.owner, { size: 11, anchor: 'middle', width: colW - 8 }));
  }
  parts.push(text(8, height - 8, 'each cell: who owns the buffer after that step; a heavy border: ownership changed at that step', { size: 10, fill: MUTED }));
  return svgRoot(width, height, o.title, parts.join(''));
}
