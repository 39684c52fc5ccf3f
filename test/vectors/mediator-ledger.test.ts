// The mediator vectors against the bug ledger (xen-ffa-revisions.md §2.12): every bug a guest or the
// SPMC can observe in registers or buffers is flagged in exactly the revisions the ledger lists, and
// where a flag is set the vector really shows the bug's register-level signature (and not elsewhere).
import { describe, expect, it } from 'vitest';
import { isJson } from './_load';
import { allSmcs, FID, guestCalls, hex, mediatorTests, reg, regs, RET, REVS, u32, type MTest, type Rev } from './_mediator';

const ALL = REVS;
const UP_TO_V2: readonly Rev[] = ['S0', 'v0', 'v1', 'v2'];
/**
 * §2.12 "States" column, for the bugs a sequential scenario can show (B1 and B8 need an
 * interleaving, B15 is not observable: they are the concurrency suite's or nobody's). v2 = merged,
 * 4.22.0 = S-fix; "S0 …" up to a fix in 4.22.0 means S0..v2.
 */
const PRESENT: Readonly<Record<string, readonly Rev[]>> = {
  B2: ['v1', 'v2', '4.22.0'], B3: UP_TO_V2, B4: ALL, B5: UP_TO_V2, B6: UP_TO_V2, B7: UP_TO_V2, B9: ['v1', 'v2', '4.22.0'],
  B10: UP_TO_V2, B11: UP_TO_V2, B12: ALL, B13: ['S0'], B14: ['S0'], B16: ALL, B17: ALL, B18: ALL, B19: ALL, B20: ['4.22.0'],
};
/** §2.12: B18 is an inference ("– (inference)"), B20 harmless if the SPMC ignores padding: acceptable, not invalid. */
const TOLERATED = new Set(['B18', 'B20']);

const every = REVS.flatMap((r) => mediatorTests(r));

describe('ledger coverage', () => {
  it.each(Object.entries(PRESENT))('%s is flagged in exactly its revisions', (id, revs) => {
    const flagged = REVS.filter((r) => mediatorTests(r).some((t) => t.ledgerIds.includes(id)));
    expect(flagged).toEqual([...revs]);
  });
  it('no flag names a bug in a revision where the ledger says it is absent or fixed (B1: v0, v1; B8: S0, v0; B15: S0)', () => {
    const present: Record<string, readonly Rev[]> = { ...PRESENT, B1: ['v0', 'v1'], B8: ['S0', 'v0'], B15: ['S0'] };
    for (const t of every) for (const id of t.ledgerIds) expect(present[id], `${t.rev} ${t.caseId} ${id}`).toContain(t.rev);
  });
  it('result: valid iff no KNOWN_BUG flag; acceptable iff only tolerated ones (B18, B20); invalid otherwise', () => {
    for (const t of every) {
      const want = t.ledgerIds.length === 0 ? 'valid' : t.ledgerIds.every((b) => TOLERATED.has(b)) ? 'acceptable' : 'invalid';
      expect(t.test.result, `${t.rev} ${t.caseId}`).toBe(want);
    }
  });
  it('the same caseIds, with the same tcIds, in every revision', () => {
    const ids = (r: Rev) => mediatorTests(r).map((t) => `${t.area}/${String(t.test.tcId)}=${t.caseId}`).sort();
    for (const r of REVS) expect(ids(r), r).toEqual(ids('S0'));
  });
});

/** Per step, a guest call and its reply. */
const callsOf = (t: MTest) => t.steps.filter((s) => s.op === 'call').map((s) => ({ call: regs(s.call), reply: regs(s.reply), step: s }));
const isErr = (f: readonly bigint[], code?: bigint) => reg(f, 0) === FID.ERROR && (code === undefined || reg(f, 2) === code);
const ok = (f: readonly bigint[]) => reg(f, 0) === FID.SUCCESS_32;
const isMap = (f: readonly bigint[]) => reg(f, 0) === FID.RXTX_MAP_64 || reg(f, 0) === FID.RXTX_MAP_32;

/**
 * Register-level signatures, each from the ledger's description (§2.12, §2.4-§2.9): a vector shows
 * the bug iff its signature is present, so a flag can be neither missing nor spurious.
 */
const SIGNS: Readonly<Record<string, (t: MTest) => boolean>> = {
  // FFA_RX_RELEASE(0) right after FFA_PARTITION_INFO_GET failed (§2.4, §2.5).
  B3: (t) => t.steps.some((s) => {
    const smcs = isJson(s) && Array.isArray(s.smcs) ? s.smcs.filter(isJson).map((x) => ({ call: regs(x.call), reply: regs(x.reply) })) : [];
    return smcs.some((x, i) => reg(x.call, 0) === FID.PARTITION_INFO_GET && isErr(x.reply) && reg(smcs[i + 1]?.call ?? [], 0) === FID.RX_RELEASE && reg(smcs[i + 1]?.call ?? [], 1) === 0n);
  }),
  // FFA_RXTX_UNMAP(0) of Xen's own pair sent after Xen gave the pages back (§2.2 (a), (b)).
  B4: (t) => allSmcs(t).some((s) => reg(s.call, 0) === FID.RXTX_UNMAP && reg(s.call, 1) === 0n && s.raw.xenBuffers === 'none'),
  // A forwarded map whose descriptor puts the RX composite at 12 (§2.6).
  B5: (t) => allSmcs(t).some((s) => reg(s.call, 0) === FID.RXTX_MAP_64 && s.call.length === 1 && isJson(s.raw.xenTx) && u32(hex(s.raw.xenTx.bytes), 4) === 12),
  // A global-map failure reported as INVALID_PARAMETERS rather than NO_MEMORY (§2.6 step 6).
  B6: (t) => t.steps.some((s, i) => s.op === 'fail-global-map' && isErr(regs(t.steps[i + 1]?.reply), RET.INVALID_PARAMETERS)),
  // UNMAP succeeds while the guest owns its RX: a full PARTITION_INFO_GET succeeded, no release since (§2.8).
  B7: (t) => {
    let owned = false;
    return callsOf(t).some(({ call, reply }) => {
      if (reg(call, 0) === FID.PARTITION_INFO_GET && (reg(call, 5) & 1n) === 0n && ok(reply)) owned = true;
      if (reg(call, 0) === FID.RX_RELEASE && ok(reply)) owned = false;
      return reg(call, 0) === FID.RXTX_UNMAP && owned && ok(reply);
    });
  },
  // MEM_SHARE with frag_len > 4096 answered FFA_SUCCESS_32 (handle 0) (§2.7 step 6).
  B9: (t) => callsOf(t).some(({ call, reply }) => (reg(call, 0) === FID.MEM_SHARE_64 || reg(call, 0) === FID.MEM_SHARE_32) && reg(call, 2) > 4096n && ok(reply)),
  // RXTX_MAP of page count 0 succeeds (§2.6, S0).
  B13: (t) => callsOf(t).some(({ call, reply }) => isMap(call) && reg(call, 3) === 0n && ok(reply)),
  // RXTX_MAP of an address that is not 4 KiB aligned succeeds (§2.6, S0).
  B14: (t) => callsOf(t).some(({ call, reply }) => isMap(call) && (reg(call, 1) % 4096n !== 0n || reg(call, 2) % 4096n !== 0n) && ok(reply)),
  // The guest gets FFA_ERROR with a positive w2 (a FRAG_RX offset), not an FFA_RET_* code (§2.7).
  B16: (t) => callsOf(t).some(({ reply }) => isErr(reply) && reg(reply, 2) > 0n && reg(reply, 2) < 0x80000000n),
  // RXTX_MAP with TX = RX succeeds (§2.6 step 5).
  B19: (t) => callsOf(t).some(({ call, reply }) => isMap(call) && reg(call, 1) === reg(call, 2) && ok(reply)),
  // The pad at 12..15 of a forwarded descriptor is not zero (stale TX bytes) (§2.6 table).
  B20: (t) => allSmcs(t).some((s) => reg(s.call, 0) === FID.RXTX_MAP_64 && s.call.length === 1 && isJson(s.raw.xenTx) && u32(hex(s.raw.xenTx.bytes), 4) === 16 && u32(hex(s.raw.xenTx.bytes), 12) !== 0),
  // 64 SPs reported at boot: FF-A does not come up (§2.5 step 5).
  B12: (t) => t.steps[0]?.op === 'boot' && t.steps[0].ok === false && allSmcs(t).some((s) => reg(s.call, 0) === FID.PARTITION_INFO_GET && ok(s.reply) && reg(s.reply, 2) === 64n),
};

describe('ledger signatures: flagged iff the registers show the bug', () => {
  it.each(Object.keys(SIGNS))('%s', (id) => {
    const sign = SIGNS[id]!;
    let shown = 0;
    for (const t of every) {
      expect(sign(t), `${t.rev} ${t.caseId}`).toBe(t.ledgerIds.includes(id));
      if (sign(t)) shown++;
    }
    expect(shown).toBeGreaterThan(0);
  });
  it('B10: before 4992308e97 a firmware that supports RX_ACQUIRE is never asked, so the guest map is not forwarded', () => {
    for (const r of REVS) {
      const t = mediatorTests(r).find((x) => x.caseId === 'boot/firmware-reports-rx-acquire')!;
      const forwarded = guestCalls(t, FID.RXTX_MAP_64).some((s) => Array.isArray(s.smcs) && s.smcs.length > 0);
      expect(forwarded, r).toBe(r === '4.22.0');
      expect(t.ledgerIds.includes('B10'), r).toBe(r !== '4.22.0');
    }
  });
});
