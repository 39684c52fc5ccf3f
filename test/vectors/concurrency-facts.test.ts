// The committed concurrency vectors against xen-ffa-revisions.md (the v0 review §1.2, the changelogs
// §1.3-§1.7, the NULL-acquire paths §2.3-§2.6, the ledger §2.12), and against a fresh replay of
// every committed schedule with src/explore: the files say what the explorer does.
import { describe, expect, it } from 'vitest';
import { replayScenario } from '../../src/explore/world';
import { scenarioNamed } from '../../src/explore/scenarios';
import type { RunEnd } from '../../src/sim/scheduler';
import { groupsOf, isJson, loadFile, type Json } from './_load';
import { FID, RET, reg, regs, REVS, type Rev } from './_mediator';

const file = (rev: Rev) => loadFile(`concurrency/${rev}.json`);
const groups = (rev: Rev) => groupsOf(file(rev));
const testsOf = (g: Json): Json[] => (Array.isArray(g.tests) ? g.tests.filter(isJson) : []);
const scenario = (rev: Rev, name: string): Json => {
  const g = groups(rev).find((x) => x.scenario === name);
  if (!g) throw new RangeError(`no scenario ${name} in concurrency/${rev}.json`);
  return g;
};
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isJson) : []);
const findingIds = (t: Json): string[] => list(t.findings).flatMap((f) => (typeof f.ledgerId === 'string' ? [f.ledgerId] : []));
const endKind = (t: Json): string => String(isJson(t.end) ? t.end.kind : '');

/** §2.12 "States" of the concurrency bugs (v2 = merged, 4.22.0 = with the Feb 2026 fixes). */
const PRESENT: Readonly<Record<string, readonly Rev[]>> = {
  B1: ['v0', 'v1'], // ASSERT(!spin_is_locked): v0 04/10, still in v1 05/12, removed in v2
  B2: ['v1', 'v2', '4.22.0'], // NULL acquire keeps the lock: from v1 05/12, not fixed
  B7: ['S0', 'v0', 'v1', 'v2'], // unmap under the RX writer: fixed by 309e8edfe3
  B8: ['S0', 'v0'], // map/unmap race: fixed by v1 04/12 = a3075e2fda
};

describe('ledger bugs under interleavings', () => {
  it.each(Object.entries(PRESENT))('%s shows in exactly its revisions', (id, revs) => {
    const shown = REVS.filter((r) => groups(r).some((g) => testsOf(g).some((t) => findingIds(t).includes(id))));
    expect(shown).toEqual([...revs]);
  });
  it('flags name exactly the ledger ids of the findings; result invalid iff there is one', () => {
    for (const r of REVS) {
      const notes = file(r).flags as Record<string, Json>;
      for (const t of groups(r).flatMap(testsOf)) {
        const flagged = (t.flags as string[]).flatMap((f) => (notes[f]?.bugType === 'KNOWN_BUG' ? [String(notes[f]?.ledgerId)] : []));
        expect(new Set(flagged), `${r} ${String(t.caseId)}`).toEqual(new Set(findingIds(t)));
        expect(t.result === 'invalid', `${r} ${String(t.caseId)}`).toBe(flagged.length > 0);
      }
    }
  });
  it('every revision has the same scenarios, caseIds and tcIds', () => {
    const ids = (r: Rev) => groups(r).flatMap((g) => testsOf(g).map((t) => `${String(g.scenario)}:${String(t.tcId)}=${String(t.caseId)}`));
    for (const r of REVS) expect(ids(r), r).toEqual(ids('S0'));
  });
});

describe('what the review and the changelogs say (§1.2-§1.6)', () => {
  it('two guests in PARTITION_INFO_GET: v0 and v1 can trip the ASSERT on ffa_spmc_rx_lock (Jens, 3 Dec 2025); v2 and 4.22.0 always complete', () => {
    for (const r of REVS) {
      const tests = testsOf(scenario(r, 'two-guests-partinfo'));
      const asserts = tests.filter((t) => endKind(t) === 'assert-panic' && String((t.end as Json).detail).includes('ffa_spmc_rx_lock'));
      expect(asserts.length > 0, r).toBe(r === 'v0' || r === 'v1');
      if (r === 'v2' || r === '4.22.0') expect(tests.every((t) => endKind(t) === 'complete' && t.result === 'valid'), r).toBe(true);
    }
  });
  it('two guests in a forwarded RXTX_MAP: v0 and v1 can trip the ASSERT on ffa_spmc_tx_lock (Jens, 3 and 9 Dec 2025)', () => {
    for (const r of REVS) {
      const hit = testsOf(scenario(r, 'two-guests-map')).some((t) => endKind(t) === 'assert-panic' && String((t.end as Json).detail).includes('ffa_spmc_tx_lock'));
      expect(hit, r).toBe(r === 'v0' || r === 'v1');
    }
  });
  it('the default schedule is sequential: each guest gets the list (SUCCESS_32, w3 = 24) and releases it (§2.10); SMCs per §2.10 before the cache, none after (cca899b380)', () => {
    for (const r of REVS) {
      const t = testsOf(scenario(r, 'two-guests-partinfo')).find((x) => x.schedule === '')!;
      for (const v of list(t.vcpus)) {
        const [get, rel] = (v.replies as unknown[]).map(regs);
        expect([reg(get ?? [], 0), reg(get ?? [], 3), reg(rel ?? [], 0)], r).toEqual([FID.SUCCESS_32, 24n, FID.SUCCESS_32]);
      }
      const smcs = list(t.smcs).map((s) => reg(regs(s.call), 0));
      expect(smcs, r).toEqual(r === '4.22.0' ? [] : [FID.PARTITION_INFO_GET, FID.RX_RELEASE, FID.PARTITION_INFO_GET, FID.RX_RELEASE]);
    }
  });
  it('map/unmap of one guest on two vCPUs: no finding once map and unmap take rx_lock and tx_lock (v1 04/12)', () => {
    for (const r of ['v1', 'v2', '4.22.0'] as const) {
      for (const t of testsOf(scenario(r, 'map-unmap-same-domain'))) expect(list(t.findings), `${r} ${String(t.caseId)}`).toEqual([]);
    }
  });
  it('PARTITION_INFO_GET against RXTX_UNMAP: nothing found once UNMAP is DENIED while the RX is owned (309e8edfe3)', () => {
    for (const t of testsOf(scenario('4.22.0', 'partinfo-unmap'))) expect(list(t.findings), String(t.caseId)).toEqual([]);
  });
  it('SPMC buffers gone: v0 unlocks and fails the calls (map INVALID_PARAMETERS §2.6, partinfo DENIED §2.4); from v1 the lock stays held and the next acquirer never completes', () => {
    const code = (t: Json, lane: number) => reg(regs(list(t.vcpus)[lane]?.replies && (list(t.vcpus)[lane]?.replies as unknown[])[0]), 2);
    const gone = (r: Rev, s: string) => testsOf(scenario(r, s)).find((x) => x.schedule === '')!;
    expect([code(gone('v0', 'spmc-buffers-gone-map'), 0), code(gone('v0', 'spmc-buffers-gone-map'), 1)]).toEqual([RET.INVALID_PARAMETERS, RET.INVALID_PARAMETERS]);
    expect([code(gone('v0', 'spmc-buffers-gone-partinfo'), 0), code(gone('v0', 'spmc-buffers-gone-partinfo'), 1)]).toEqual([RET.DENIED, RET.DENIED]);
    for (const r of ['v1', 'v2', '4.22.0'] as const) {
      const t = gone(r, 'spmc-buffers-gone-map');
      expect(endKind(t), r).not.toBe('complete');
      expect(list(t.vcpus).some((v) => (v.replies as unknown[]).length === 0), r).toBe(true);
    }
  });
});

function endName(e: RunEnd): string {
  return e.kind === 'panic' ? `${e.panic.kind}-panic` : e.kind;
}

describe('every committed schedule replays to its committed outcome (src/explore)', () => {
  it.each(REVS)('%s', (r) => {
    for (const g of groups(r)) {
      const s = scenarioNamed(String(g.scenario));
      expect(s, String(g.scenario)).toBeDefined();
      for (const t of testsOf(g)) {
        const again = replayScenario(s!, r, String(t.schedule));
        const where = `${r} ${String(t.caseId)}`;
        expect(endName(again.outcome), where).toBe(endKind(t));
        expect(again.schedule, where).toBe(t.scheduleRan);
        expect(again.diverged, where).toBe(typeof t.divergedAt === 'number' ? t.divergedAt : -1);
        expect(again.findings.map((f) => `${f.kind} ${f.where}`), where).toEqual(list(t.findings).map((f) => `${String(f.kind)} ${String(f.where)}`));
      }
    }
  });
});
