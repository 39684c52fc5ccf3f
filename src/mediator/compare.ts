// Xen xen/arch/arm/tee/ across the modelled revisions: one scenario run on every profile, with the
// SMC sequences, Xen's SPMC TX bytes and the guest replies lined up and diffed.
import { frameLabel, framesEqual, type Frame } from '../ffa/frame';
import type { PhysMem } from '../sim/memory';
import type { RxAcquireSetting } from './probe';
import { REVISION_NAMES, type RevisionName } from './revisions/index';
import { runScenario, stepLabel, type ScenarioResult, type Step } from './scenario';
import { createSystem, type Firmware } from './system';
import { smcEvents } from './trace';

export interface CompareOptions {
  /** A fresh firmware per run. */
  readonly firmware: (mem: PhysMem) => Firmware;
  readonly fwRxAcquire?: RxAcquireSetting;
  readonly revisions?: readonly RevisionName[];
  readonly debug?: boolean;
}

/** What one profile did in one step. */
export interface Cell {
  /** The guest reply (or boot/create result) as a label. */
  readonly result: string;
  readonly reply: Frame | null;
  /** SMCs issued during the step: "IN -> OUT". */
  readonly smcs: readonly string[];
  /** Xen's SPMC TX bytes (hex, trailing zeros trimmed) at each SMC of the step. */
  readonly tx: readonly string[];
}

export interface Row {
  readonly index: number;
  readonly label: string;
  readonly cells: Readonly<Partial<Record<RevisionName, Cell>>>;
  readonly sameResult: boolean;
  readonly sameSmcs: boolean;
  readonly sameTx: boolean;
}

export interface Comparison {
  readonly revisions: readonly RevisionName[];
  readonly runs: Readonly<Partial<Record<RevisionName, ScenarioResult>>>;
  readonly rows: readonly Row[];
}

function hex(b: Uint8Array | null): string {
  return b ? Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') : '';
}

function cellOf(r: ScenarioResult, i: number): Cell | undefined {
  const s = r.steps[i];
  if (!s) return undefined;
  const v = s.value;
  const reply = Array.isArray(v) ? (v as Frame) : null;
  const smcs = smcEvents(s.events);
  const result = reply ? frameLabel(reply) : r.panic && i === r.steps.length - 1 ? `PANIC ${r.panic.message}` : String(v);
  return { result, reply, smcs: smcs.map((e) => `${frameLabel(e.frameIn)} -> ${frameLabel(e.frameOut)}`), tx: smcs.map((e) => hex(e.tx)) };
}

const same = <T>(xs: readonly T[], eq: (a: T, b: T) => boolean): boolean => xs.every((x) => eq(x, xs[0]!));
const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function compareProfiles(steps: readonly Step[], opts: CompareOptions): Comparison {
  const revisions = opts.revisions ?? REVISION_NAMES;
  const runs: Partial<Record<RevisionName, ScenarioResult>> = {};
  for (const rev of revisions) {
    const sys = createSystem({ revision: rev, firmware: opts.firmware, fwRxAcquire: opts.fwRxAcquire ?? 'probe', debug: opts.debug ?? true });
    runs[rev] = runScenario(sys, steps);
  }
  const rows: Row[] = steps.map((step, index) => {
    const cells: Partial<Record<RevisionName, Cell>> = {};
    for (const rev of revisions) {
      const c = cellOf(runs[rev]!, index);
      if (c) cells[rev] = c;
    }
    const list = Object.values(cells) as Cell[];
    return {
      index,
      label: stepLabel(step),
      cells,
      sameResult: same(list, (a, b) => (a.reply && b.reply ? framesEqual(a.reply, b.reply) : a.result === b.result)),
      sameSmcs: same(list, (a, b) => sameList(a.smcs, b.smcs)),
      sameTx: same(list, (a, b) => sameList(a.tx, b.tx)),
    };
  });
  return { revisions, runs, rows };
}

/** A plain-text table: one line per step and profile where the profiles differ. */
export function renderComparison(c: Comparison): string {
  const lines: string[] = [];
  for (const row of c.rows) {
    const flag = row.sameResult && row.sameSmcs && row.sameTx ? '  ' : '!!';
    lines.push(`${flag} #${row.index} ${row.label}`);
    if (flag === '  ') continue;
    for (const rev of c.revisions) {
      const cell = row.cells[rev];
      if (cell) lines.push(`     ${rev.padEnd(6)} ${cell.result}${cell.smcs.length ? `  [${cell.smcs.join('; ')}]` : ''}`);
    }
  }
  return lines.join('\n');
}
