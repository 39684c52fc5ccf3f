// Layout of an interleaving diagram: one column per vCPU, one row per scheduled step, lock hold
// bars per vCPU and dashed spans where a vCPU spins on a lock someone else holds. This is the
// picture of a replayed explorer schedule (the v0 ASSERT race is two columns and a red box).
import { textWidth } from './_svg';
import { RenderInputError } from './errors';

export interface Lane {
  readonly id: string;
  readonly label: string;
  readonly sub?: string;
}

export type StepKind = 'call' | 'reply' | 'lock' | 'unlock' | 'smc' | 'access' | 'blocked' | 'panic' | 'fault' | 'note';

export interface Step {
  readonly lane: string;
  readonly kind: StepKind;
  readonly label: string;
  /** The lock of a lock, unlock or blocked step: bars and waits are matched by it. */
  readonly lock?: string;
}

export interface InterleavingInput {
  readonly title: string;
  readonly lanes: readonly Lane[];
  readonly steps: readonly Step[];
  /** The schedule string that replays this run, printed under the title. */
  readonly schedule?: string;
}

export interface LaidStep {
  readonly step: Step;
  readonly index: number;
  readonly x: number;
  readonly y: number;
  /** The previous step ran on another vCPU: the scheduler switched here. */
  readonly switched: boolean;
}

export interface HoldBar {
  readonly lane: string;
  readonly lock: string;
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
  readonly openEnd: boolean;
}

export interface Wait {
  readonly lane: string;
  readonly lock: string;
  readonly x: number;
  readonly y0: number;
  readonly y1: number;
}

export interface InterleaveLayout {
  readonly title: string;
  readonly schedule: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly bottom: number;
  readonly laneWidth: number;
  readonly lanes: ReadonlyArray<Lane & { readonly x: number }>;
  readonly steps: readonly LaidStep[];
  readonly bars: readonly HoldBar[];
  readonly waits: readonly Wait[];
}

export const IL = Object.freeze({ margin: 40, row: 24, labelSize: 11, minLane: 230, maxLane: 470, barStep: 7 });

export function layoutInterleaving(input: InterleavingInput): InterleaveLayout {
  const col = new Map<string, number>();
  input.lanes.forEach((l, i) => col.set(l.id, i));
  for (const s of input.steps)
    if (!col.has(s.lane)) throw new RenderInputError('interleaving', `step "${s.label}" runs on lane "${s.lane}", which is not declared`);
  const widest = Math.max(0, ...input.steps.map((s) => textWidth(s.label, IL.labelSize)));
  const laneWidth = Math.min(IL.maxLane, Math.max(IL.minLane, widest + 66));
  const lanes = input.lanes.map((l, i) => ({ ...l, x: IL.margin + i * laneWidth }));
  const top = input.schedule === undefined ? 64 : 78;
  const bars: HoldBar[] = [];
  const waits: Wait[] = [];
  const held: Array<{ lane: string; lock: string; slot: number; y0: number }> = [];
  const spinning: Array<{ lane: string; lock: string; y0: number }> = [];
  const slotFree = (lane: string): number => {
    for (let s = 0; ; s++) if (!held.some((h) => h.lane === lane && h.slot === s)) return s;
  };
  const barX = (lane: string, slot: number): number => (lanes[col.get(lane) ?? 0]?.x ?? 0) + 4 + slot * IL.barStep;
  const steps = input.steps.map((step, index): LaidStep => {
    const y = top + 14 + index * IL.row;
    const lock = step.lock;
    if (lock !== undefined && step.kind === 'lock') {
      const w = spinning.findIndex((s) => s.lane === step.lane && s.lock === lock);
      if (w >= 0) {
        const s = spinning.splice(w, 1)[0];
        if (s) waits.push({ lane: s.lane, lock: s.lock, x: barX(step.lane, 0) + 3, y0: s.y0, y1: y });
      }
      held.push({ lane: step.lane, lock, slot: slotFree(step.lane), y0: y });
    } else if (lock !== undefined && step.kind === 'unlock') {
      const at = held.findIndex((h) => h.lane === step.lane && h.lock === lock);
      const h = at >= 0 ? held.splice(at, 1)[0] : undefined;
      if (h) bars.push({ lane: h.lane, lock: h.lock, x: barX(h.lane, h.slot), y0: h.y0, y1: y, openEnd: false });
    } else if (lock !== undefined && step.kind === 'blocked' && !spinning.some((s) => s.lane === step.lane && s.lock === lock)) {
      spinning.push({ lane: step.lane, lock, y0: y });
    }
    const prev = input.steps[index - 1];
    return { step, index, x: (lanes[col.get(step.lane) ?? 0]?.x ?? 0) + 40, y, switched: prev !== undefined && prev.lane !== step.lane };
  });
  const bottom = top + 14 + input.steps.length * IL.row;
  for (const h of held) bars.push({ lane: h.lane, lock: h.lock, x: barX(h.lane, h.slot), y0: h.y0, y1: bottom, openEnd: true });
  for (const s of spinning) waits.push({ lane: s.lane, lock: s.lock, x: barX(s.lane, 0) + 3, y0: s.y0, y1: bottom });
  const width = IL.margin + lanes.length * laneWidth + 10;
  return { title: input.title, schedule: input.schedule, width, height: bottom + 50, top, bottom, laneWidth, lanes, steps, bars, waits };
}
