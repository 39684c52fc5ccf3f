// Schedule strings: the vCPU chosen at every scheduling point of a run, run-length encoded
// ("a12b3a": vCPU 0 twelve steps, vCPU 1 three, vCPU 0 one), then the default policy.
import { defaultChoice, type ChoicePoint, type Policy } from '../sim/scheduler';

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDE';

export class ScheduleSyntaxError extends Error {
  override readonly name = 'ScheduleSyntaxError';
}

export function vcpuLetter(v: number): string {
  const l = LETTERS[v];
  if (l === undefined) throw new RangeError(`vCPU ${v} has no schedule letter`);
  return l;
}

export function encodeSchedule(choices: readonly number[]): string {
  let out = '';
  for (let i = 0; i < choices.length; ) {
    let j = i;
    while (j < choices.length && choices[j] === choices[i]) j++;
    out += vcpuLetter(choices[i]!) + (j - i > 1 ? String(j - i) : '');
    i = j;
  }
  return out;
}

export type Decoded = { readonly ok: true; readonly choices: number[] } | { readonly ok: false; readonly error: string };

export function decodeSchedule(s: string): Decoded {
  const choices: number[] = [];
  const re = /([a-zA-E])(\d*)/y;
  let at = 0;
  while (at < s.length) {
    re.lastIndex = at;
    const m = re.exec(s);
    if (!m) return { ok: false, error: `bad schedule at offset ${at}: "${s.slice(at, at + 8)}"` };
    const count = m[2] === '' ? 1 : Number(m[2]);
    if (!Number.isSafeInteger(count) || count < 1) return { ok: false, error: `bad run length at offset ${at}` };
    for (let k = 0; k < count; k++) choices.push(LETTERS.indexOf(m[1]!));
    at = re.lastIndex;
  }
  return { ok: true, choices };
}

/** Like decodeSchedule, for callers that hold a string they were given by us. */
export function mustDecode(s: string): number[] {
  const d = decodeSchedule(s);
  if (!d.ok) throw new ScheduleSyntaxError(d.error);
  return d.choices;
}

/**
 * Follows `prefix`, then the default policy. A choice that cannot run (the string does not fit this
 * world) ends the prefix there: the rest of the string was written for a run that no longer exists,
 * and "default policy from the first misfit on" is a rule any other replayer can implement.
 */
export class PrefixPolicy implements Policy {
  private at = 0;
  /** Index of the first prefix choice that could not run; -1 if none. */
  diverged = -1;

  constructor(private readonly prefix: readonly number[]) {}

  choose(p: ChoicePoint): number {
    const i = this.at++;
    if (i < this.prefix.length && this.diverged < 0) {
      const want = this.prefix[i]!;
      if ((p.enabled & (1 << want)) !== 0) return want;
      this.diverged = i;
    }
    return defaultChoice(p);
  }
}

/**
 * Wraps a policy and notes the last step where its choice differed from the default one, so the
 * recorded schedule can drop the tail the default policy would redo anyway.
 */
export class Tracked implements Policy {
  private at = 0;
  lastDeviation = -1;

  constructor(readonly inner: Policy) {}

  choose(p: ChoicePoint): number {
    const c = this.inner.choose(p);
    if (c !== defaultChoice(p)) this.lastDeviation = this.at;
    this.at++;
    return c;
  }
}

/** The shortest schedule string that replays `choices`: the default-following tail is dropped. */
export function compactSchedule(choices: readonly number[], lastDeviation: number): string {
  return encodeSchedule(choices.slice(0, lastDeviation + 1));
}
