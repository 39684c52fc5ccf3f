import { describe, expect, it } from 'vitest';
import { FID, callFrame, w } from '../../src/ffa/index';
import { lab, labDiagram, revisionDelta } from '../../src/render/lab';

describe('revision deltas', () => {
  // xen-ffa-revisions.md 1.6: v1 keeps the lock on the NULL path and takes the ctx locks in
  // map/unmap; v2 only removes the ASSERT.
  it('v0 -> v1 names the NULL-path lock and the ctx locks in map/unmap', () => {
    const rows = new Map(revisionDelta('v0', 'v1').map((r) => [r[0], r.slice(1, 3)]));
    expect(rows.get('spmcAcquireNullUnlocks')).toEqual(['true', 'false']);
    expect(rows.get('mapTakesCtxLocks')).toEqual(['false', 'true']);
    expect(rows.has('spmcAcquireAssertUnlocked')).toBe(false);
  });

  it('v1 -> v2 is the removed ASSERT', () => {
    const rows = new Map(revisionDelta('v1', 'v2').map((r) => [r[0], r.slice(1, 3)]));
    expect(rows.get('spmcAcquireAssertUnlocked')).toEqual(['true', 'false']);
  });

  it('the same revision has no delta', () => {
    expect(revisionDelta('v2', 'v2')).toEqual([]);
  });
});

describe('the notebook machine', () => {
  it('boots every revision against the SPMC model and serves a guest partition list', () => {
    for (const revision of ['S0', 'v0', 'v1', 'v2', '4.22.0'] as const) {
      const l = lab({ revision });
      expect(l.booted).toBe(true);
      expect(w(l.mapBuffers(1), 0)).toBe(FID.FFA_SUCCESS_32);
      const from = l.mark();
      expect(w(l.call(1, callFrame(FID.FFA_PARTITION_INFO_GET)), 0)).toBe(FID.FFA_SUCCESS_32);
      expect(labDiagram(l, from, 't')).toContain('FFA_PARTITION_INFO_GET');
    }
  });
});
