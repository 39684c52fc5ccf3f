import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactSchedule, decodeSchedule, encodeSchedule } from '../../src/explore/index';
import { PrefixPolicy } from '../../src/explore/schedule';
import type { ChoicePoint } from '../../src/sim/scheduler';

describe('schedule strings', () => {
  it('run-length encode vCPU letters: a = vCPU 0, b = vCPU 1, count after the letter', () => {
    expect(encodeSchedule([0, 0, 0, 1, 1, 0])).toBe('a3b2a');
    expect(encodeSchedule([])).toBe('');
    expect(decodeSchedule('a3b2a')).toEqual({ ok: true, choices: [0, 0, 0, 1, 1, 0] });
    expect(decodeSchedule('c12')).toEqual({ ok: true, choices: Array(12).fill(2) });
  });
  it('decode then encode is the identity on choice lists', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }), (xs) => {
        expect(decodeSchedule(encodeSchedule(xs))).toEqual({ ok: true, choices: xs });
      }),
    );
  });
  it('rejects what is not a schedule', () => {
    expect(decodeSchedule('a3?').ok).toBe(false);
    expect(decodeSchedule('3a').ok).toBe(false);
    expect(decodeSchedule('a0').ok).toBe(false);
  });
  it('the compact form drops the tail after the last non-default choice', () => {
    expect(compactSchedule([0, 0, 1, 1, 1, 0], 2)).toBe('a2b');
    expect(compactSchedule([0, 0, 0], -1)).toBe('');
  });
  it('a replayed choice that cannot run ends the prefix: the default policy chooses from there on', () => {
    const at = (step: number, enabled: number, current: number): ChoicePoint => ({ step, enabled, current, vcpus: [] });
    const p = new PrefixPolicy([1, 1, 0, 1]);
    expect(p.choose(at(0, 0b11, -1))).toBe(1);
    // vCPU 1 spins here: the default keeps the current vCPU when it can run, else the lowest.
    expect(p.choose(at(1, 0b01, 1))).toBe(0);
    expect(p.diverged).toBe(1);
    // The string wanted 0 then 1; both could run, but the rest of the string is not followed.
    expect(p.choose(at(2, 0b11, 0))).toBe(0);
    expect(p.choose(at(3, 0b11, 0))).toBe(0);
    expect(p.diverged).toBe(1);
  });
});
