// FFA_PARTITION_INFO_GET per personality beyond the §1.7 table: descriptor contents for specific
// UUIDs and v1.0 callers, RX zeroing, staging/RX overflow, an SP caller's view. Facts:
// spmc-implementations.md §1.3 (Hafnium), §1.5 (TF-A), §1.6 (OP-TEE), §3.1 (layouts, property
// bits), §4.4 (Linux 4567bdaaaaa1: no RX_RELEASE after a count-only query).
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame, w } from '../../src/ffa/index';
import { DEFAULT_PARTITIONS, Spmc, SpmcConfigError, SpmcPanic, partitionProblems, personality, type Personality, type PersonalityName, type SpConfig } from '../../src/spmc/index';
import { ALL, HYP_RX, SECURE, boot, call, errCode, expectRefused, isOk, u16, u32, world } from './_world';

const SP2_UUID: [number, number, number, number] = [0x5c9f0d1a, 0x4b2e11ef, 0x8c3a0242, 0xac120002];
const SP2_UUID_BYTES = [0x1a, 0x0d, 0x9f, 0x5c, 0xef, 0x11, 0x2e, 0x4b, 0x42, 0x02, 0x3a, 0x8c, 0x02, 0x00, 0x12, 0xac];

function manySps(n: number): SpConfig[] {
  return Array.from({ length: n }, (_, i) => ({ id: 0x8001 + i, uuid: [i + 1, 0x1000, 0x2000, 0x3000] as const, execCount: 1, properties: 0x101 }));
}

describe('specific UUID: one descriptor; the UUID field is zero at Hafnium and TF-A, filled at OP-TEE', () => {
  const exp: Record<PersonalityName, { w3: number; uuid: number[] }> = {
    'hafnium-v2.14': { w3: 24, uuid: new Array(16).fill(0) },
    'hafnium-v2.15': { w3: 48, uuid: new Array(16).fill(0) },
    'hafnium-head': { w3: 48, uuid: new Array(16).fill(0) },
    'tfa-el3-spmc': { w3: 24, uuid: new Array(16).fill(0) },
    optee: { w3: 24, uuid: SP2_UUID_BYTES },
  };
  it.each(ALL)('%s', (p) => {
    const { spmc, mem } = world(p);
    boot(spmc);
    const f = call(spmc, 0, FID.FFA_PARTITION_INFO_GET, ...SP2_UUID, 0);
    expect([w(f, 2), w(f, 3)]).toEqual([1, exp[p].w3]);
    const rx = mem.peek(HYP_RX, 48);
    expect(u16(rx, 0)).toBe(0x8002);
    expect([...rx.subarray(8, 24)]).toEqual(exp[p].uuid);
  });
});

describe('a v1.0 caller gets 8-byte descriptors with properties bits [2:0] only', () => {
  // 0x8001 0x103, 0x8002 0x1cb, 0x8003 0x10c; Hafnium first clears bit 1 for a NWd caller.
  const exp: Record<PersonalityName, { w3: number; props: number[] }> = {
    'hafnium-v2.14': { w3: 8, props: [1, 1, 4] },
    'hafnium-v2.15': { w3: 8, props: [1, 1, 4] },
    'hafnium-head': { w3: 8, props: [1, 1, 4] },
    'tfa-el3-spmc': { w3: 0, props: [3, 3, 4] },
    optee: { w3: 0, props: [3, 3, 4] },
  };
  it.each(ALL)('%s', (p) => {
    const { spmc, mem } = world(p);
    boot(spmc, 0x10000);
    const f = call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
    expect([w(f, 2), w(f, 3)]).toEqual([3, exp[p].w3]);
    const rx = mem.peek(HYP_RX, 24);
    expect([0, 1, 2].map((i) => u16(rx, i * 8))).toEqual([0x8001, 0x8002, 0x8003]);
    expect([0, 1, 2].map((i) => u32(rx, i * 8 + 4))).toEqual(exp[p].props);
  });
});

describe('count-only works without buffers and transfers nothing (Linux 4567bdaaaaa1)', () => {
  it.each(ALL)('%s', (p) => {
    const { spmc } = world(p);
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    expect(w(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1), 2)).toBe(3);
    boot(spmc);
    expect(w(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1), 2)).toBe(3);
    expectRefused(spmc, 0, callFrame(FID.FFA_RX_RELEASE, 0), RET.DENIED);
  });
});

describe('what happens to the RX bytes after the descriptors', () => {
  // HEAD zeroes the tail (1210acbc), TF-A zeroes all of RX first, the others leave old bytes.
  const tail: Record<PersonalityName, number> = { 'hafnium-v2.14': 0xaa, 'hafnium-v2.15': 0xaa, 'hafnium-head': 0, 'tfa-el3-spmc': 0, optee: 0xaa };
  it.each(ALL)('%s', (p) => {
    const { spmc, mem } = world(p);
    boot(spmc);
    mem.write(HYP_RX, new Uint8Array(4096).fill(0xaa), 'xen');
    expect(isOk(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(true);
    const rx = mem.peek(HYP_RX, 4096);
    expect(rx[200]).toBe(tail[p]);
    expect(rx[4095]).toBe(tail[p]);
  });
});

describe('no partitions at all, nil UUID', () => {
  it('Hafnium panics: CHECK(!uuid_is_null || entries_count != 0)', () => {
    const { mem } = world('hafnium-v2.14');
    const spmc = new Spmc({ mem, personality: 'hafnium-v2.14', partitions: [] });
    boot(spmc);
    expect(() => call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0)).toThrow(SpmcPanic);
  });
  it('TF-A: INVALID_PARAMETERS; OP-TEE: SUCCESS with count 0, and the RX passes to the caller', () => {
    for (const p of ['tfa-el3-spmc', 'optee'] as const) {
      const { mem } = world(p);
      const spmc = new Spmc({ mem, personality: p, partitions: [] });
      boot(spmc);
      call(spmc, 0, FID.FFA_FEATURES, FID.FFA_VERSION);
      const f = call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0);
      if (p === 'tfa-el3-spmc') expect(errCode(f)).toBe(RET.INVALID_PARAMETERS);
      else expect([isOk(f), w(f, 2), spmc.rxState(0)?.ownership]).toEqual([true, 0, 'full']);
    }
  });
});

describe('too many descriptors', () => {
  it('Hafnium v2.14: more than 4096/24 = 170 entries is NO_MEMORY, nothing changes', () => {
    const { mem } = world('hafnium-v2.14');
    const spmc = new Spmc({ mem, personality: 'hafnium-v2.14', partitions: manySps(171) });
    boot(spmc);
    call(spmc, 0, FID.FFA_FEATURES, FID.FFA_VERSION);
    expectRefused(spmc, 0, callFrame(FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), RET.NO_MEMORY);
    expect(w(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), 0)).toBe(FID.FFA_ERROR);
  });
  it('Hafnium v2.15: 48-byte staging holds 85 entries', () => {
    const { mem } = world('hafnium-v2.15');
    const ok = new Spmc({ mem, personality: 'hafnium-v2.15', partitions: manySps(85) });
    boot(ok);
    expect(w(call(ok, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), 2)).toBe(85);
    const { mem: mem2 } = world('hafnium-v2.15');
    const over = new Spmc({ mem: mem2, personality: 'hafnium-v2.15', partitions: manySps(86) });
    boot(over);
    expect(errCode(call(over, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(RET.NO_MEMORY);
  });
  it('OP-TEE: INVALID_PARAMETERS, yet the entries that fit are written and the RX is the caller\'s', () => {
    const { mem } = world('optee');
    const spmc = new Spmc({ mem, personality: 'optee', partitions: manySps(171) });
    boot(spmc);
    expectRefused(spmc, 0, callFrame(FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), RET.INVALID_PARAMETERS, { mutates: true });
    expect(spmc.rxState(0)?.ownership).toBe('full');
    expect(u16(mem.peek(HYP_RX + 169 * 24, 2), 0)).toBe(0x8001 + 169);
    expect(isOk(call(spmc, 0, FID.FFA_RX_RELEASE, 0))).toBe(true);
  });
  it('TF-A with a large staging array: the RX is zeroed before the fit check (NO_MEMORY)', () => {
    const p: Personality = { ...personality('tfa-el3-spmc'), name: 'tfa-big-staging', partInfo: { ...personality('tfa-el3-spmc').partInfo, staging: 1000 } };
    const { mem } = world('tfa-el3-spmc');
    const spmc = new Spmc({ mem, personality: p, partitions: manySps(171) });
    boot(spmc);
    mem.write(HYP_RX, new Uint8Array(4096).fill(0x55), 'xen');
    expectRefused(spmc, 0, callFrame(FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), RET.NO_MEMORY, { mutates: true });
    expect(mem.peek(HYP_RX, 4096).every((b) => b === 0)).toBe(true);
    expect(spmc.rxState(0)?.ownership).toBe('free');
  });
});

describe('an SP asking: Hafnium keeps direct-request-send and drops the VM availability bits', () => {
  it('hafnium-head', () => {
    const { spmc, mem } = world('hafnium-head');
    call(spmc, 0x8001, FID.FFA_VERSION, 0x10002);
    expect(isOk(call(spmc, 0x8001, FID.FFA_RXTX_MAP_64, SECURE, SECURE + 0x1000, 1))).toBe(true);
    expect(isOk(call(spmc, 0x8001, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(true);
    const rx = mem.peek(SECURE + 0x1000, 144);
    expect([0, 1, 2].map((i) => u32(rx, i * 48 + 4))).toEqual([0x103, 0x10b, 0x10c]);
    expect(spmc.rxState(0x8001)?.ownership).toBe('full');
    expect(spmc.rxState(0)?.ownership).toBe('free');
  });
});

describe('partition lists', () => {
  it('the default set is three SPs from 0x8001, one subscribed to VM created/destroyed (bits 6/7)', () => {
    expect(partitionProblems(DEFAULT_PARTITIONS)).toEqual([]);
    expect(DEFAULT_PARTITIONS.map((p) => p.id)).toEqual([0x8001, 0x8002, 0x8003]);
    expect(DEFAULT_PARTITIONS.filter((p) => (p.properties & 0xc0) === 0xc0).map((p) => p.id)).toEqual([0x8002]);
  });
  it('an id without bit 15, or a duplicate UUID, cannot make an SPMC', () => {
    const { mem } = world('optee');
    const bad = (partitions: SpConfig[]): Spmc => new Spmc({ mem, personality: 'optee', partitions });
    expect(() => bad([{ id: 0x0001, uuid: [1, 2, 3, 4], execCount: 1, properties: 0 }])).toThrow(SpmcConfigError);
    expect(() => bad([...manySps(1), { id: 0x8009, uuid: [1, 0x1000, 0x2000, 0x3000], execCount: 1, properties: 0 }])).toThrow(/duplicate UUID/);
  });
});
