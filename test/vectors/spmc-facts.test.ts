// The committed SPMC vectors checked against facts written out by hand from spmc.md and
// spmc-implementations.md (§1.3 Hafnium checks, §1.5 TF-A, §1.6 OP-TEE, §1.7 the
// cross-implementation table, §2.2 error encoding, §3.1 descriptor sizes).
import { describe, expect, it } from 'vitest';
import { findCase, isJson, loadFile, str, type Json } from './_load';

const FILES = ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'tfa-el3-spmc', 'optee'] as const;
type P = (typeof FILES)[number];
const HAFNIUM: readonly P[] = ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head'];
const file = (p: P): Json => loadFile(`spmc/${p}.json`);

const SUCCESS_32 = '0x0000000084000061';
const ERROR = '0x0000000084000060';
/** §2.2: the status is a signed 32-bit value carried zero-extended in x2. */
const wire = (code: number): string => `0x${(code >>> 0).toString(16).padStart(16, '0')}`;
const DENIED = wire(-6);
const INVALID = wire(-2);
const NOT_SUPPORTED = wire(-1);
const BUSY = wire(-4);

function steps(p: P, caseId: string): Json[] {
  const { test } = findCase(file(p), caseId);
  return (test.steps as unknown[]).filter(isJson);
}

function lastReply(p: P, caseId: string): string[] {
  const smcs = steps(p, caseId).filter((s) => s.kind === 'smc');
  return (smcs[smcs.length - 1]?.reply as string[] | undefined) ?? [];
}

const reg = (r: readonly string[], i: number): string => r[i] ?? '0x0000000000000000';

describe('answers every implementation gives (§1.7)', () => {
  it.each(FILES)('%s: a second FFA_RX_RELEASE is DENIED', (p) => {
    const r = lastReply(p, 'rx-release/twice');
    expect([reg(r, 0), reg(r, 2)]).toEqual([ERROR, DENIED]);
    expect(findCase(file(p), 'rx-release/twice').test.result).toBe('invalid');
  });
  it.each(FILES)('%s: RXTX_MAP while mapped is DENIED, page count 0 is INVALID_PARAMETERS', (p) => {
    expect(reg(lastReply(p, 'rxtx-map/second-map'), 2)).toBe(DENIED);
    expect(reg(lastReply(p, 'rxtx-map/zero-pages'), 2)).toBe(INVALID);
  });
  it.each(FILES)('%s: RXTX_UNMAP with nothing mapped is INVALID_PARAMETERS', (p) => {
    expect(reg(lastReply(p, 'rxtx-unmap/nothing-mapped'), 2)).toBe(INVALID);
  });
  it.each(FILES)('%s: PARTITION_INFO_GET without RX is BUSY, and while RX is full BUSY', (p) => {
    expect(reg(lastReply(p, 'partinfo/no-rx'), 2)).toBe(BUSY);
    expect(reg(lastReply(p, 'partinfo/rx-full'), 2)).toBe(BUSY);
  });
  it.each(FILES)('%s: count-only answers w3 = 0 and leaves RX to the SPMC: a release after it is DENIED', (p) => {
    const r = lastReply(p, 'partinfo/nil-uuid-count-only');
    expect([reg(r, 0), reg(r, 2), reg(r, 3)]).toEqual([SUCCESS_32, wire(3), wire(0)]);
    expect(reg(lastReply(p, 'rx-release/after-count-only'), 2)).toBe(DENIED);
  });
  it.each(FILES)('%s: the spurious release after a failed query (ledger B3) is not a success', (p) => {
    const { test } = findCase(file(p), 'rx-release/after-failed-partinfo');
    expect(test.flags).toContain('SpuriousRxRelease');
    const r = lastReply(p, 'rx-release/after-failed-partinfo');
    // OP-TEE answers an unknown UUID with SUCCESS and count 0 and passes RX to the caller (§1.6 quirk).
    if (p === 'optee') expect(reg(r, 0)).toBe(SUCCESS_32);
    else expect([reg(r, 0), reg(r, 2)]).toEqual([ERROR, DENIED]);
  });
});

describe('where they differ (§1.7, §3.1)', () => {
  it('descriptor size w3: 24 for Hafnium <= v2.14, TF-A and OP-TEE; 48 for Hafnium v2.15+', () => {
    const w3 = (p: P): string => reg(lastReply(p, 'partinfo/nil-uuid'), 3);
    expect(w3('hafnium-v2.14')).toBe(wire(24));
    expect(w3('tfa-el3-spmc')).toBe(wire(24));
    expect(w3('optee')).toBe(wire(24));
    expect(w3('hafnium-v2.15')).toBe(wire(48));
    expect(w3('hafnium-head')).toBe(wire(48));
    for (const p of FILES) expect(reg(lastReply(p, 'partinfo/nil-uuid'), 2)).toBe(wire(3));
  });
  it('the RX bytes hold count x size bytes, the first entry being SP 0x8001', () => {
    for (const p of FILES) {
      const rx = steps(p, 'partinfo/nil-uuid').find((s) => isJson(s.rx))?.rx as Json;
      const size = p === 'hafnium-v2.15' || p === 'hafnium-head' ? 48 : 24;
      expect(str(rx.bytes).length / 2, p).toBe(3 * size);
      expect(str(rx.bytes).slice(0, 4), p).toBe('0180');
    }
  });
  it('w3 for a v1.0 caller: 8 in Hafnium, 0 in TF-A and OP-TEE', () => {
    for (const p of HAFNIUM) expect(reg(lastReply(p, 'partinfo/v1.0-caller'), 3)).toBe(wire(8));
    expect(reg(lastReply('tfa-el3-spmc', 'partinfo/v1.0-caller'), 3)).toBe(wire(0));
    expect(reg(lastReply('optee', 'partinfo/v1.0-caller'), 3)).toBe(wire(0));
  });
  it('unknown UUID: INVALID_PARAMETERS in Hafnium and TF-A, SUCCESS with count 0 in OP-TEE; the case is acceptable', () => {
    for (const p of [...HAFNIUM, 'tfa-el3-spmc'] as const) expect(reg(lastReply(p, 'partinfo/unknown-uuid'), 2)).toBe(INVALID);
    const r = lastReply('optee', 'partinfo/unknown-uuid');
    expect([reg(r, 0), reg(r, 2)]).toEqual([SUCCESS_32, wire(0)]);
    expect(findCase(file('optee'), 'partinfo/unknown-uuid').test.result).toBe('acceptable');
  });
  it('flags bits [31:1]: Hafnium refuses, TF-A and OP-TEE ignore', () => {
    for (const p of HAFNIUM) expect(reg(lastReply(p, 'partinfo/flags-mbz'), 2)).toBe(INVALID);
    expect(reg(lastReply('tfa-el3-spmc', 'partinfo/flags-mbz'), 0)).toBe(SUCCESS_32);
    expect(reg(lastReply('optee', 'partinfo/flags-mbz'), 0)).toBe(SUCCESS_32);
  });
  it('forwarded RXTX_MAP: supported by Hafnium, INVALID_PARAMETERS from TF-A and OP-TEE', () => {
    for (const p of HAFNIUM) expect(reg(lastReply(p, 'rxtx-forward/vm'), 0)).toBe(SUCCESS_32);
    expect(reg(lastReply('tfa-el3-spmc', 'rxtx-forward/vm'), 2)).toBe(INVALID);
    expect(reg(lastReply('optee', 'rxtx-forward/vm'), 2)).toBe(INVALID);
  });
  it('Xen\'s 12/44 descriptor: Hafnium v2.14 crashes, v2.15+ refuse it (b9c1912c)', () => {
    const { test } = findCase(file('hafnium-v2.14'), 'rxtx-forward/xen-12-44');
    expect(test.firmwarePanic).toBeTypeOf('string');
    expect(test.flags).toEqual(expect.arrayContaining(['UnalignedRxtxOffsets', 'FirmwarePanic']));
    for (const p of ['hafnium-v2.15', 'hafnium-head'] as const) expect(reg(lastReply(p, 'rxtx-forward/xen-12-44'), 2)).toBe(INVALID);
  });
  it('FFA_RX_ACQUIRE: Hafnium hands a forwarded VM\'s RX to the hypervisor; TF-A and OP-TEE do not implement it', () => {
    for (const p of HAFNIUM) expect(reg(lastReply(p, 'rx-acquire/vm'), 0)).toBe(SUCCESS_32);
    for (const p of HAFNIUM) expect(reg(lastReply(p, 'rx-acquire/twice'), 2)).toBe(DENIED);
    expect(reg(lastReply('tfa-el3-spmc', 'rx-acquire/vm'), 2)).toBe(NOT_SUPPORTED);
    expect(reg(lastReply('optee', 'rx-acquire/vm'), 2)).toBe(NOT_SUPPORTED);
  });
  it('FFA_FEATURES(RX_ACQUIRE): not listed by Hafnium v2.14, listed from v2.15 (7ae7d281)', () => {
    expect(reg(lastReply('hafnium-v2.14', 'features/rx-acquire-hypervisor'), 2)).toBe(NOT_SUPPORTED);
    expect(reg(lastReply('hafnium-v2.15', 'features/rx-acquire-hypervisor'), 0)).toBe(SUCCESS_32);
  });
  it('ownership across unmap: Hafnium and TF-A keep RX full (BUSY after re-map), OP-TEE resets it', () => {
    for (const p of [...HAFNIUM, 'tfa-el3-spmc'] as const) expect(reg(lastReply(p, 'rxtx-unmap/remap-keeps-full'), 2)).toBe(BUSY);
    expect(reg(lastReply('optee', 'rxtx-unmap/remap-keeps-full'), 0)).toBe(SUCCESS_32);
  });
  it('RXTX_UNMAP naming an SP from the normal world: INVALID_PARAMETERS in Hafnium (9bd324a4) and TF-A', () => {
    for (const p of [...HAFNIUM, 'tfa-el3-spmc'] as const) expect(reg(lastReply(p, 'rxtx-unmap/sp-id-from-nwd'), 2)).toBe(INVALID);
  });
});

describe('register conventions (spmc.md, §2.3)', () => {
  it('FFA_SPM_ID_GET answers 0x8000 and FFA_ID_GET answers 0 to the normal world', () => {
    for (const p of FILES) {
      expect(reg(lastReply(p, 'id/spm-id-get'), 2)).toBe(wire(0x8000));
      expect(reg(lastReply(p, 'id/id-get'), 2)).toBe(wire(0));
    }
  });
  it('FFA_VERSION answers a version in w0, not FFA_SUCCESS; OP-TEE answers 1.2; bit 31 set is NOT_SUPPORTED in w0', () => {
    expect(reg(lastReply('optee', 'version/v1.1'), 0)).toBe(wire(0x10002));
    for (const p of FILES) expect(reg(lastReply(p, 'version/bit31-set'), 0)).toBe('0x00000000ffffffff');
  });
  it('a VM created message is acknowledged with w2 = 0x80000005 and status 0', () => {
    for (const p of FILES) {
      const r = lastReply(p, 'direct/vm-created');
      expect([reg(r, 0), reg(r, 2), reg(r, 3)]).toEqual(['0x0000000084000070', wire(0x80000005), wire(0)]);
    }
  });
  it('a shared page comes back as a handle in w2/w3 that FFA_MEM_RECLAIM takes in w1/w2', () => {
    for (const p of FILES) {
      const s = steps(p, 'mem-reclaim/after-share');
      const share = s[3] as Json;
      const reclaim = s[4] as Json;
      expect(reg(share.reply as string[], 0)).toBe(SUCCESS_32);
      expect(reclaim.refs).toEqual([{ register: 1, fromStep: 4, fromRegister: 2 }, { register: 2, fromStep: 4, fromRegister: 3 }]);
      expect(reg(reclaim.call as string[], 1)).toBe(reg(share.reply as string[], 2));
      expect(reg(reclaim.reply as string[], 0)).toBe(SUCCESS_32);
    }
  });
});
