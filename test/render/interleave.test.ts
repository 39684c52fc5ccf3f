import { describe, expect, it } from 'vitest';
import { layoutInterleaving, type InterleavingInput } from '../../src/render/interleave-layout';
import { interleavingSvg } from '../../src/render/interleave-svg';
import { RenderInputError } from '../../src/render/errors';

const L = 'ffa_spmc_rx_lock';
// Jens' scenario from the v0 review: vCPU1 spins on the SPMC RX lock while vCPU0 holds it.
function race(): InterleavingInput {
  return {
    title: 'race',
    schedule: '0,1,1,0,1',
    lanes: [{ id: 'v0', label: 'vCPU0' }, { id: 'v1', label: 'vCPU1' }],
    steps: [
      { lane: 'v0', kind: 'lock', label: 'spin_lock', lock: L },
      { lane: 'v1', kind: 'call', label: 'FFA_PARTITION_INFO_GET' },
      { lane: 'v1', kind: 'blocked', label: 'spin_lock spins', lock: L },
      { lane: 'v0', kind: 'unlock', label: 'spin_unlock', lock: L },
      { lane: 'v1', kind: 'lock', label: 'spin_lock', lock: L },
    ],
  };
}

describe('interleaving layout', () => {
  it('puts each step in its vCPU column, one row per scheduled step', () => {
    const l = layoutInterleaving(race());
    const xs = l.steps.map((s) => s.x);
    expect(xs[0]).toBe(xs[3]);
    expect(xs[1]).toBe(xs[2]);
    expect(xs[1]! > xs[0]!).toBe(true);
    const ys = l.steps.map((s) => s.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(new Set(ys).size).toBe(5);
  });

  it('marks the scheduler switches', () => {
    expect(layoutInterleaving(race()).steps.map((s) => s.switched)).toEqual([false, true, false, true, true]);
  });

  it('draws the hold on vCPU0 up to its unlock, and the spin on vCPU1 up to its lock', () => {
    const l = layoutInterleaving(race());
    const [s0, , s2, s3, s4] = l.steps;
    const hold0 = l.bars.find((b) => b.lane === 'v0');
    expect(hold0).toMatchObject({ lock: L, y0: s0!.y, y1: s3!.y, openEnd: false });
    expect(l.waits).toEqual([expect.objectContaining({ lane: 'v1', lock: L, y0: s2!.y, y1: s4!.y })]);
    expect(l.bars.find((b) => b.lane === 'v1')).toMatchObject({ openEnd: true, y1: l.bottom });
  });

  it('refuses a step on an undeclared vCPU', () => {
    expect(() => layoutInterleaving({ ...race(), steps: [{ lane: 'v7', kind: 'note', label: 'x' }] })).toThrow(RenderInputError);
  });
});

describe('interleaving SVG', () => {
  it('is deterministic and prints the schedule that replays it', () => {
    const svg = interleavingSvg(race());
    expect(svg).toBe(interleavingSvg(race()));
    expect(svg).toContain('schedule: 0,1,1,0,1');
    expect(svg).toContain(`${L} still held`);
  });

  it('draws a panic step as a filled red box', () => {
    const svg = interleavingSvg({ title: 't', lanes: [{ id: 'a', label: 'vCPU0' }], steps: [{ lane: 'a', kind: 'panic', label: 'ASSERT failed' }] });
    expect(svg).toMatch(/<rect[^>]*fill="#cf222e"[^>]*\/><text[^>]*>ASSERT failed/);
  });
});
