// The explorer on the mediator model: which revisions show B1, B2, B7 and B8 among the scenarios,
// with no scenario- or bug-specific code in the search. Expected presence is written out from
// /work/shared/reference/xen-ffa-revisions.md §2.12 (B1 "v0, v1", fixed in v2; B2 "v1, v2/merged,
// HEAD", not fixed; B7 "S0 …", fixed by 309e8edfe3 which §1.7 puts in 4.22.0; B8 "S0, v0", fixed by
// v1 04/12) and the review thread (§1.2 items 3-5).
import { describe, expect, it } from 'vitest';
import type { RevisionName } from '../../src/mediator/revisions/index';
import { SCENARIOS } from '../../src/explore/scenarios';
import { exploreScenario, replayScenario } from '../../src/explore/world';
import { ledgerHits, sweepRevision, type RevisionSweep } from '../../src/explore/sweep';

const EXPECTED: Readonly<Record<RevisionName, readonly string[]>> = {
  S0: ['B7', 'B8'],
  v0: ['B1', 'B7', 'B8'],
  v1: ['B1', 'B2', 'B7'],
  v2: ['B2', 'B7'],
  '4.22.0': ['B2'],
};

function exploreAll(rev: RevisionName): RevisionSweep {
  const sweep = sweepRevision(rev);
  expect(sweep.exhausted).toBe(true);
  return sweep;
}

describe.each(Object.keys(EXPECTED) as RevisionName[])('revision %s', (rev) => {
  const sweep = exploreAll(rev);
  const items = sweep.items;

  it(`finds exactly ${EXPECTED[rev].join(', ')} among B1, B2, B7, B8`, () => {
    expect([...new Set(items.flatMap((h) => (h.id ? [h.id] : [])))].sort()).toEqual(EXPECTED[rev]);
  });

  it('every ledger finding replays from its schedule string, with the same trace twice', () => {
    const hits = ledgerHits(sweep);
    expect(hits.map((h) => h.id).sort()).toEqual(EXPECTED[rev]);
    for (const { id, scenario, finding: f, replays } of hits) {
      expect(replays, id).toBe(true);
      const a = replayScenario(scenario, rev, f.schedule);
      const b = replayScenario(scenario, rev, f.schedule);
      expect(a.diverged, id).toBe(-1);
      expect(a.findings.map((x) => `${x.kind}|${x.where}`), id).toContain(`${f.kind}|${f.where}`);
      expect(a.trace.length, id).toBeGreaterThan(0);
      expect(a.trace, id).toEqual(b.trace);
      expect(a.steps, id).toEqual(b.steps);
    }
  });

  it('shows nothing unexplained where the lockless map/unmap of S0/v0 is gone', () => {
    const other = items.filter((h) => h.id === undefined);
    if (rev === 'S0' || rev === 'v0') {
      // Without ctx locks, results of racing map/unmap match no sequential order (§1.2 item 4), and
      // S0 dereferences a NULL ffa_tx when its buffers are gone with the ABI bits set (§2.3 S0).
      expect([...new Set(other.map((h) => h.finding.kind))].sort()).toEqual(rev === 'S0' ? ['bug', 'non-sequential'] : ['non-sequential']);
      expect(other.every((h) => h.finding.kind !== 'non-sequential' || /map|unmap/.test(h.scenario))).toBe(true);
    } else expect(other.map((h) => `${h.scenario}: ${h.finding.kind} ${h.finding.where}`)).toEqual([]);
  });
});

describe('where each finding comes from', () => {
  it('B1 needs two guests at once: one guest calling twice never trips the ASSERT (§1.2 item 3)', () => {
    const one = { ...SCENARIOS.find((s) => s.name === 'two-guests-partinfo')!, vcpus: [SCENARIOS[0]!.vcpus[0]!] };
    expect(exploreScenario(one, 'v0').findings).toEqual([]);
  });
  it('B7 is the partition-info copy hitting the unmapped RX page (§2.8)', () => {
    const s = SCENARIOS.find((x) => x.name === 'partinfo-unmap')!;
    const f = exploreScenario(s, 'v2').findings.find((x) => x.kind === 'use-after-unmap')!;
    expect(f.where).toBe('write d1.rx');
    expect(f.calls[0]).toBe('FFA_PARTITION_INFO_GET');
  });
  it('B2 shows as the next caller spinning on the lock the first one kept (§2.3)', () => {
    const s = SCENARIOS.find((x) => x.name === 'spmc-buffers-gone-map')!;
    const kinds = exploreScenario(s, 'v2').findings.map((f) => `${f.kind} ${f.where}`).sort();
    expect(kinds).toEqual(['deadlock ffa_spmc_tx_lock', 'held-lock ffa_spmc_tx_lock']);
  });
});
