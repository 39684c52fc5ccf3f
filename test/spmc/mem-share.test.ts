// FFA_MEM_SHARE_64 / FFA_MEM_FRAG_TX / FFA_MEM_RECLAIM per personality. The descriptor is the
// one Xen's share_shm() writes (xen-ffa-revisions.md §2.7 table, v1.1 layout, 16-byte EMAD),
// built byte by byte here. Handles: Hafnium share_states index with bit 63 clear, TF-A's
// next_handle from 0xffffffc0, OP-TEE bit index | bit 44 (spmc-implementations §1.6, §3.3).
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame, w, type Frame } from '../../src/ffa/index';
import type { PhysMem } from '../../src/sim/memory';
import { Spmc, personality, DEFAULT_PARTITIONS, type PersonalityName } from '../../src/spmc/index';
import { ALL, GUEST, HYP_RX, HYP_TX, SECURE, VM1, VM2, boot, call, errCode, expectRefused, isOk, relinquishRequest, retrieveRequest, world } from './_world';

const SHARED = GUEST + 0x10000; // 4 pages of the guest, away from any RX/TX

interface Desc {
  sender?: number;
  receiver?: number;
  ranges?: [number, number][];
  emadOffset?: number;
  attr?: number;
}

/** Xen share_shm() layout: header 48, EMAD at 48, composite at 64, ranges from 80. */
function descriptor(d: Desc = {}): Uint8Array {
  const ranges = d.ranges ?? [[SHARED, 2]];
  const b = new Uint8Array(80 + 16 * ranges.length);
  const v = new DataView(b.buffer);
  v.setUint16(0, d.sender ?? VM1, true);
  v.setUint16(2, d.attr ?? 0x2f, true);
  v.setUint32(24, 16, true);
  v.setUint32(28, 1, true);
  v.setUint32(32, d.emadOffset ?? 48, true);
  v.setUint16(48, d.receiver ?? 0x8001, true);
  v.setUint8(50, 0x02);
  v.setUint32(52, 64, true);
  v.setUint32(64, ranges.reduce((n, [, p]) => n + p, 0), true);
  v.setUint32(68, ranges.length, true);
  ranges.forEach(([pa, pages], i) => {
    v.setBigUint64(80 + 16 * i, BigInt(pa), true);
    v.setUint32(88 + 16 * i, pages, true);
  });
  return b;
}

function share(mem: PhysMem, spmc: Spmc, d: Desc = {}, frag?: number): Frame {
  const bytes = descriptor(d);
  mem.write(HYP_TX, bytes, 'xen');
  return call(spmc, 0, FID.FFA_MEM_SHARE_64, bytes.length, frag ?? bytes.length, 0, 0);
}

function handleOf(f: Frame): bigint {
  return (BigInt(w(f, 3)) << 32n) | BigInt(w(f, 2));
}

const FIRST: Record<PersonalityName, bigint> = {
  'hafnium-v2.14': 0n, 'hafnium-v2.15': 0n, 'hafnium-head': 0n, 'tfa-el3-spmc': 0xffffffc0n, optee: 1n << 44n,
};
const SECOND: Record<PersonalityName, bigint> = {
  'hafnium-v2.14': 1n, 'hafnium-v2.15': 1n, 'hafnium-head': 1n, 'tfa-el3-spmc': 0xffffffc1n, optee: (1n << 44n) | 1n,
};

describe.each(ALL)('%s', (p) => {
  const ready = (): ReturnType<typeof world> => {
    const wld = world(p);
    boot(wld.spmc, 0x10001);
    call(wld.spmc, 0, FID.FFA_FEATURES, FID.FFA_MEM_SHARE_64);
    return wld;
  };

  it('shares, answers the handle in w2/w3, then reclaims it once', () => {
    const { spmc, mem } = ready();
    const f = share(mem, spmc);
    expect(w(f, 0)).toBe(FID.FFA_SUCCESS_32);
    expect(handleOf(f)).toBe(FIRST[p]);
    const g = share(mem, spmc, { ranges: [[SHARED + 0x2000, 1]] });
    expect(handleOf(g)).toBe(SECOND[p]);
    expect(spmc.handles()).toEqual([FIRST[p], SECOND[p]]);
    const [lo, hi] = [Number(FIRST[p] & 0xffffffffn), Number(FIRST[p] >> 32n)];
    expect(isOk(call(spmc, 0, FID.FFA_MEM_RECLAIM, lo, hi, 0))).toBe(true);
    expectRefused(spmc, 0, callFrame(FID.FFA_MEM_RECLAIM, lo, hi, 0), RET.INVALID_PARAMETERS);
  });

  it('refuses a receiver that is not an SP, and the same pages twice', () => {
    const { spmc, mem } = ready();
    mem.write(HYP_TX, descriptor({ receiver: VM2 }), 'xen');
    expectRefused(spmc, 0, callFrame(FID.FFA_MEM_SHARE_64, 96, 96, 0, 0), RET.INVALID_PARAMETERS, { mutates: p === 'tfa-el3-spmc' });
    expect(isOk(share(mem, spmc))).toBe(true);
    mem.write(HYP_TX, descriptor(), 'xen');
    const before = spmc.stateKey();
    const f = call(spmc, 0, FID.FFA_MEM_SHARE_64, 96, 96, 0, 0);
    expect(errCode(f)).toBe(RET.DENIED);
    // TF-A spends a handle on a refused descriptor (next_handle++ before the checks).
    if (p !== 'tfa-el3-spmc') expect(spmc.stateKey()).toBe(before);
  });

  it('refuses RX/TX pages and secure memory with DENIED', () => {
    const { spmc, mem } = ready();
    expect(errCode(share(mem, spmc, { ranges: [[HYP_RX, 1]] }))).toBe(RET.DENIED);
    expect(errCode(share(mem, spmc, { ranges: [[SECURE, 1]] }))).toBe(RET.DENIED);
  });

  it('refuses a fragment longer than the total, and a malformed EMAD offset', () => {
    const { spmc, mem } = ready();
    mem.write(HYP_TX, descriptor(), 'xen');
    expectRefused(spmc, 0, callFrame(FID.FFA_MEM_SHARE_64, 96, 112, 0, 0), RET.INVALID_PARAMETERS);
    expect(errCode(share(mem, spmc, { emadOffset: 40 }))).toBe(RET.INVALID_PARAMETERS);
  });

  it('a secure sender id from the normal world', () => {
    const { spmc, mem } = ready();
    expect(errCode(share(mem, spmc, { sender: 0x8002 }))).toBe(p === 'tfa-el3-spmc' ? RET.DENIED : RET.INVALID_PARAMETERS);
  });

  it('fragments: FFA_MEM_FRAG_RX then FFA_MEM_FRAG_TX completes (OP-TEE: refused, 1ff0a11d2)', () => {
    const { spmc, mem } = ready();
    const bytes = descriptor({ ranges: [[SHARED, 1], [SHARED + 0x2000, 1]] });
    mem.write(HYP_TX, bytes.subarray(0, 96), 'xen');
    const f = call(spmc, 0, FID.FFA_MEM_SHARE_64, 112, 96, 0, 0);
    if (p === 'optee') {
      expect(errCode(f)).toBe(RET.INVALID_PARAMETERS);
      return;
    }
    expect(w(f, 0)).toBe(FID.FFA_MEM_FRAG_RX);
    const handle = (BigInt(w(f, 2)) << 32n) | BigInt(w(f, 1));
    expect(handle).toBe(FIRST[p]);
    expect([w(f, 3), w(f, 4)]).toEqual([96, VM1 << 16]);
    expect(spmc.handles()).toEqual([]); // not complete yet
    mem.write(HYP_TX, bytes.subarray(96), 'xen');
    const g = call(spmc, 0, FID.FFA_MEM_FRAG_TX, w(f, 1), w(f, 2), 16, 0);
    expect([w(g, 0), handleOf(g)]).toEqual([FID.FFA_SUCCESS_32, FIRST[p]]);
    expect(errCode(call(spmc, 0, FID.FFA_MEM_FRAG_TX, w(f, 1), w(f, 2), 16, 0))).toBe(RET.INVALID_PARAMETERS);
  });

  it('no TX buffer mapped', () => {
    const { spmc, mem } = world(p);
    call(spmc, 0, FID.FFA_VERSION, 0x10001);
    call(spmc, 0, FID.FFA_FEATURES, FID.FFA_MEM_SHARE_64);
    mem.write(HYP_TX, descriptor(), 'xen');
    expectRefused(spmc, 0, callFrame(FID.FFA_MEM_SHARE_64, 96, 96, 0, 0), p === 'optee' ? RET.DENIED : RET.INVALID_PARAMETERS);
  });

  it('a descriptor in a separate buffer (x3 != 0)', () => {
    const { spmc, mem } = ready();
    mem.write(HYP_TX, descriptor(), 'xen');
    expectRefused(spmc, 0, callFrame(FID.FFA_MEM_SHARE_64, 96, 96, SHARED, 1), p === 'optee' ? RET.NOT_SUPPORTED : RET.INVALID_PARAMETERS);
  });
});

it('the transaction table fills up: NO_MEMORY', () => {
  const p = { ...personality('hafnium-head'), name: 'one-share', maxShares: 1 };
  const { mem } = world('hafnium-head');
  const spmc = new Spmc({ mem, personality: p, partitions: DEFAULT_PARTITIONS });
  boot(spmc, 0x10001);
  expect(isOk(share(mem, spmc))).toBe(true);
  mem.write(HYP_TX, descriptor({ ranges: [[SHARED + 0x2000, 1]] }), 'xen');
  expectRefused(spmc, 0, callFrame(FID.FFA_MEM_SHARE_64, 96, 96, 0, 0), RET.NO_MEMORY);
});

it('TF-A refuses shares from an SP (unsupported direction)', () => {
  const { spmc } = world('tfa-el3-spmc');
  call(spmc, 0x8001, FID.FFA_VERSION, 0x10001);
  call(spmc, 0x8001, FID.FFA_ID_GET);
  expectRefused(spmc, 0x8001, callFrame(FID.FFA_MEM_SHARE_64, 96, 96, 0, 0), RET.INVALID_PARAMETERS);
});

describe.each(['hafnium-head', 'tfa-el3-spmc'] as const)('a borrower holds the memory: %s', (p) => {
  const SP_TX = SECURE;
  const SP_RX = SECURE + 0x1000;

  it('RECLAIM is DENIED while retrieved, and succeeds after FFA_MEM_RELINQUISH', () => {
    const { spmc, mem } = world(p);
    boot(spmc, 0x10001);
    call(spmc, 0x8001, FID.FFA_VERSION, 0x10001);
    expect(isOk(call(spmc, 0x8001, FID.FFA_RXTX_MAP_64, SP_TX, SP_RX, 1))).toBe(true);
    const h = handleOf(share(mem, spmc));
    const [lo, hi] = [Number(h & 0xffffffffn), Number(h >> 32n)];
    mem.write(SP_TX, retrieveRequest(h, 0x8001), 'sp', { secure: true });
    const r = call(spmc, 0x8001, FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, 0, 0);
    expect([w(r, 0), w(r, 1), w(r, 2)]).toEqual([FID.FFA_MEM_RETRIEVE_RESP, 96, 96]);
    const resp = new DataView(mem.peek(SP_RX, 96).buffer);
    expect([resp.getUint16(0, true), resp.getBigUint64(8, true), resp.getUint16(48, true)]).toEqual([VM1, h, 0x8001]);
    expect(spmc.rxState(0x8001)?.ownership).toBe('full');
    expectRefused(spmc, 0, callFrame(FID.FFA_MEM_RECLAIM, lo, hi, 0), RET.DENIED);
    expectRefused(spmc, 0x8001, callFrame(FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, 0, 0), RET.DENIED);
    mem.write(SP_TX, relinquishRequest(h, 0x8001), 'sp', { secure: true });
    expect(isOk(call(spmc, 0x8001, FID.FFA_MEM_RELINQUISH))).toBe(true);
    expectRefused(spmc, 0x8001, callFrame(FID.FFA_MEM_RELINQUISH), RET.DENIED);
    // RX still full from the first response: a new retrieve is BUSY until the SP releases it.
    mem.write(SP_TX, retrieveRequest(h, 0x8001), 'sp', { secure: true });
    expectRefused(spmc, 0x8001, callFrame(FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, 0, 0), RET.BUSY);
    expect(isOk(call(spmc, 0x8001, FID.FFA_RX_RELEASE, 0))).toBe(true);
    expect(isOk(call(spmc, 0, FID.FFA_MEM_RECLAIM, lo, hi, 0))).toBe(true);
  });
});
