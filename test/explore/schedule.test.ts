import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactSchedule, decodeSchedule, encodeSchedule } from '../../src/explore/index';

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
});
