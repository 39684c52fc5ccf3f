// Layout of a sequence diagram (guest <-> Xen <-> SPMC) with lock hold bars on the lifelines.
// Geometry is computed here, apart from drawing, so tests can check where a bar starts and ends.
import { textWidth } from './_svg';
import { RenderInputError } from './errors';

export interface SeqActor {
  readonly id: string;
  readonly label: string;
  /** Second header line, e.g. "debug build" or "Hafnium v2.14". */
  readonly sub?: string;
}

export type MessageStyle = 'call' | 'reply' | 'error';

export type SeqEvent =
  | {
      readonly kind: 'message';
      readonly from: string;
      readonly to: string;
      readonly label: string;
      readonly detail?: string;
      readonly style?: MessageStyle;
      /** Short marker in the left margin (a step number) that hex dumps can refer to. */
      readonly tag?: string;
    }
  | { readonly kind: 'lock'; readonly actor: string; readonly lock: string; readonly op: 'acquire' | 'release'; readonly by?: string }
  | { readonly kind: 'note'; readonly actor: string; readonly text: string; readonly tone?: 'info' | 'warn' | 'fail' }
  | { readonly kind: 'panic'; readonly actor: string; readonly text: string };

export interface SequenceInput {
  readonly title: string;
  readonly actors: readonly SeqActor[];
  readonly events: readonly SeqEvent[];
}

export interface LaidActor extends SeqActor {
  readonly x: number;
}

export interface LaidEvent {
  readonly event: SeqEvent;
  /** Baseline of the row: arrows and note boxes are drawn relative to it. */
  readonly y: number;
}

export interface LockBar {
  readonly actor: string;
  readonly lock: string;
  readonly by: string | undefined;
  readonly lane: number;
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
  /** Held before the first event (a release with no acquire in view). */
  readonly openStart: boolean;
  /** Still held after the last event: the picture of a leaked lock. */
  readonly openEnd: boolean;
}

export interface SeqLayout {
  readonly title: string;
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly bottom: number;
  readonly actors: readonly LaidActor[];
  readonly rows: readonly LaidEvent[];
  readonly bars: readonly LockBar[];
}

export const SEQ = Object.freeze({
  margin: 44,
  header: 62,
  labelSize: 12,
  minGap: 200,
  maxGap: 440,
  barWidth: 7,
  laneStep: 10,
  rowHeight: Object.freeze({ message: 34, detail: 13, note: 28, panic: 34, lock: 14 }),
});

function rowHeight(e: SeqEvent): number {
  const h = SEQ.rowHeight;
  if (e.kind === 'message') return h.message + (e.detail === undefined ? 0 : h.detail);
  return h[e.kind];
}

/** Gap i separates actor i and i+1; each message spreads its label width over the gaps it spans. */
function gapWidths(input: SequenceInput, index: ReadonlyMap<string, number>): number[] {
  const gaps = new Array<number>(Math.max(0, input.actors.length - 1)).fill(SEQ.minGap);
  for (const e of input.events) {
    if (e.kind !== 'message') continue;
    const a = index.get(e.from) ?? 0;
    const b = index.get(e.to) ?? 0;
    const lo = Math.min(a, b);
    const span = Math.max(1, Math.abs(a - b));
    const need = Math.max(textWidth(e.label, SEQ.labelSize), textWidth(e.detail ?? '', SEQ.labelSize - 2)) / span + 30;
    for (let g = lo; g < lo + span && g < gaps.length; g++) gaps[g] = Math.min(SEQ.maxGap, Math.max(gaps[g] ?? 0, need));
  }
  return gaps;
}

function actorIndex(input: SequenceInput): ReadonlyMap<string, number> {
  const index = new Map<string, number>();
  input.actors.forEach((a, i) => index.set(a.id, i));
  const check = (id: string): void => {
    if (!index.has(id)) throw new RenderInputError('sequence', `event names actor "${id}", which is not declared`);
  };
  for (const e of input.events) {
    if (e.kind === 'message') [e.from, e.to].forEach(check);
    else check(e.actor);
  }
  return index;
}

export function layoutSequence(input: SequenceInput): SeqLayout {
  const index = actorIndex(input);
  const gaps = gapWidths(input, index);
  const xs: number[] = [SEQ.margin + 60];
  gaps.forEach((g, i) => xs.push((xs[i] ?? 0) + g));
  const actors = input.actors.map((a, i) => ({ ...a, x: xs[i] ?? 0 }));
  const top = SEQ.header;
  let y = top + 10;
  const rows: LaidEvent[] = [];
  const bars: LockBar[] = [];
  const open: Array<{ actor: string; lock: string; by: string | undefined; lane: number; y0: number; openStart: boolean }> = [];
  const laneFree = (actor: string): number => {
    for (let lane = 0; ; lane++) if (!open.some((o) => o.actor === actor && o.lane === lane)) return lane;
  };
  const barX = (actor: string, lane: number): number => (actors[index.get(actor) ?? 0]?.x ?? 0) + 4 + lane * SEQ.laneStep;
  for (const e of input.events) {
    const h = rowHeight(e);
    rows.push({ event: e, y: y + h - 8 });
    if (e.kind === 'lock' && e.op === 'acquire') {
      open.push({ actor: e.actor, lock: e.lock, by: e.by, lane: laneFree(e.actor), y0: y + h / 2, openStart: false });
    } else if (e.kind === 'lock') {
      const at = open.findIndex((o) => o.actor === e.actor && o.lock === e.lock);
      const o = at >= 0 ? open.splice(at, 1)[0] : undefined;
      const base = o ?? { actor: e.actor, lock: e.lock, by: e.by, lane: laneFree(e.actor), y0: top, openStart: true };
      bars.push({ ...base, x: barX(e.actor, base.lane), y1: y + h / 2, openEnd: false });
    }
    y += h;
  }
  const bottom = y + 16;
  for (const o of open) bars.push({ ...o, x: barX(o.actor, o.lane), y1: bottom, openEnd: true });
  const width = (xs[xs.length - 1] ?? 0) + Math.max(SEQ.margin + 150, (gaps[gaps.length - 1] ?? SEQ.minGap) / 2);
  return { title: input.title, width, height: bottom + 28, top, bottom, actors, rows, bars };
}
