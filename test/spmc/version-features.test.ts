// FFA_VERSION negotiation, FFA_ID_GET/FFA_SPM_ID_GET and FFA_FEATURES per personality. Facts:
// spmc-implementations.md §2.3-§2.6, §1.5 (TF-A), §1.6 (OP-TEE); xen-ffa-revisions.md §2.0 (the
// ABIs Xen probes at boot).
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame, w } from '../../src/ffa/index';
import type { PersonalityName } from '../../src/spmc/index';
import { ALL, boot, call, errCode, expectRefused, isOk, world } from './_world';

const NOT_SUPPORTED_W0 = 0xffffffff;

describe('FFA_VERSION', () => {
  it.each(ALL)('%s: bit 31 set is NOT_SUPPORTED in w0 (SPMD)', (p) => {
    const { spmc } = world(p);
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x80010002), 0)).toBe(NOT_SUPPORTED_W0);
  });

  const table: [string, number, Record<PersonalityName, number>][] = [
    // [request, w0 of the reply per personality]
    ['v2.0', 0x20000, { 'hafnium-v2.14': NOT_SUPPORTED_W0, 'hafnium-v2.15': NOT_SUPPORTED_W0, 'hafnium-head': NOT_SUPPORTED_W0, 'tfa-el3-spmc': 0x10002, optee: 0x10002 }],
    ['v1.4', 0x10004, { 'hafnium-v2.14': NOT_SUPPORTED_W0, 'hafnium-v2.15': NOT_SUPPORTED_W0, 'hafnium-head': NOT_SUPPORTED_W0, 'tfa-el3-spmc': 0x10002, optee: 0x10002 }],
    ['v1.0', 0x10000, { 'hafnium-v2.14': 0x10003, 'hafnium-v2.15': 0x10003, 'hafnium-head': 0x10003, 'tfa-el3-spmc': 0x10002, optee: 0x10002 }],
  ];
  describe.each(table)('request %s', (_n, req, exp) => {
    it.each(ALL)('%s', (p) => expect(w(call(world(p).spmc, 0, FID.FFA_VERSION, req), 0)).toBe(exp[p]));
  });

  it.each(ALL)('%s: the version negotiated is what later calls see', (p) => {
    const { spmc } = world(p);
    call(spmc, 0, FID.FFA_VERSION, 0x10004); // TF-A: incompatible, not recorded; OP-TEE: recorded as 1.2
    call(spmc, 0, FID.FFA_VERSION, 0x10001);
    expect(spmc.version(0)?.version).toBe(0x10001);
  });

  it('Hafnium: renegotiation is free until another call, then only the same version is OK', () => {
    const { spmc } = world('hafnium-head');
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x10001), 0)).toBe(0x10003);
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x10002), 0)).toBe(0x10003);
    call(spmc, 0, FID.FFA_ID_GET); // answered by the SPMD: negotiation still open
    expect(spmc.version(0)).toEqual({ version: 0x10002, locked: false });
    call(spmc, 0, FID.FFA_FEATURES, FID.FFA_VERSION);
    expect(spmc.version(0)).toEqual({ version: 0x10002, locked: true });
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x10002), 0)).toBe(0x10003);
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x10000), 0)).toBe(NOT_SUPPORTED_W0); // ACS: lower after use
  });

  it('TF-A: any call before FFA_VERSION is NOT_SUPPORTED and closes negotiation for good', () => {
    const { spmc } = world('tfa-el3-spmc');
    expect(errCode(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_VERSION))).toBe(RET.NOT_SUPPORTED);
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x10002), 0)).toBe(NOT_SUPPORTED_W0);
  });

  it('OP-TEE: renegotiation is always allowed, the answer is always v1.2', () => {
    const { spmc } = world('optee');
    boot(spmc, 0x10002);
    expect(w(call(spmc, 0, FID.FFA_VERSION, 0x10000), 0)).toBe(0x10002);
    expect(spmc.version(0)?.version).toBe(0x10000);
  });
});

describe('FFA_ID_GET / FFA_SPM_ID_GET', () => {
  it.each(ALL)('%s: the SPMD answers the NWd 0 and 0x8000; the SPMC answers an SP its own id', (p) => {
    const { spmc } = world(p);
    call(spmc, 0x8002, FID.FFA_VERSION, 0x10002);
    expect(w(call(spmc, 0, FID.FFA_ID_GET), 2)).toBe(0);
    expect(w(call(spmc, 0, FID.FFA_SPM_ID_GET), 2)).toBe(0x8000);
    expect(w(call(spmc, 0x8002, FID.FFA_ID_GET), 2)).toBe(0x8002);
  });
});

// The ABIs Xen's ffa_fw_abi_needed[] probes (xen-ffa-revisions §2.0, plus RX_ACQUIRE from
// 4992308e97), and whether each SPMC's FFA_FEATURES reports them to the hypervisor (§2.4 and
// the FFA_FEATURES handlers cited in src/spmc/features-tables.ts).
const PROBED: [string, number, readonly PersonalityName[]][] = [
  ['FFA_VERSION', FID.FFA_VERSION, ALL],
  ['FFA_FEATURES', FID.FFA_FEATURES, ALL],
  ['FFA_NOTIFICATION_BITMAP_CREATE', FID.FFA_NOTIFICATION_BITMAP_CREATE, ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'optee']],
  ['FFA_NOTIFICATION_BITMAP_DESTROY', FID.FFA_NOTIFICATION_BITMAP_DESTROY, ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'optee']],
  ['FFA_PARTITION_INFO_GET', FID.FFA_PARTITION_INFO_GET, ALL],
  ['FFA_NOTIFICATION_INFO_GET_64', FID.FFA_NOTIFICATION_INFO_GET_64, ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'optee']],
  ['FFA_NOTIFICATION_GET', FID.FFA_NOTIFICATION_GET, ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'optee']],
  ['FFA_RX_RELEASE', FID.FFA_RX_RELEASE, ALL],
  ['FFA_RXTX_MAP_64', FID.FFA_RXTX_MAP_64, ALL],
  ['FFA_RXTX_UNMAP', FID.FFA_RXTX_UNMAP, ALL],
  ['FFA_MEM_SHARE_32', FID.FFA_MEM_SHARE_32, ALL],
  ['FFA_MEM_SHARE_64', FID.FFA_MEM_SHARE_64, ALL],
  ['FFA_MEM_RECLAIM', FID.FFA_MEM_RECLAIM, ALL],
  ['FFA_MSG_SEND_DIRECT_REQ_32', FID.FFA_MSG_SEND_DIRECT_REQ_32, ALL],
  ['FFA_MSG_SEND_DIRECT_REQ_64', FID.FFA_MSG_SEND_DIRECT_REQ_64, ALL],
  ['FFA_MSG_SEND2', FID.FFA_MSG_SEND2, ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head']],
  ['FFA_MSG_SEND_DIRECT_REQ2', FID.FFA_MSG_SEND_DIRECT_REQ2, ALL],
  ['FFA_RUN', FID.FFA_RUN, ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'tfa-el3-spmc']],
  ['FFA_RX_ACQUIRE', FID.FFA_RX_ACQUIRE, ['hafnium-v2.15', 'hafnium-head']],
];

describe.each(PROBED)('FFA_FEATURES(%s) from a v1.2 hypervisor', (_name, fid, yes) => {
  it.each(ALL)('%s', (p) => {
    const { spmc } = world(p);
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    expect(isOk(call(spmc, 0, FID.FFA_FEATURES, fid))).toBe(yes.includes(p));
  });
});

describe('FFA_FEATURES details', () => {
  it('Hafnium RXTX_MAP: max page count in w2[31:16] only for v1.2+ callers (0fd67290)', () => {
    for (const [v, w2] of [[0x10001, 0], [0x10002, 0x10000]] as const) {
      const { spmc } = world('hafnium-head');
      call(spmc, 0, FID.FFA_VERSION, v);
      expect(w(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64), 2)).toBe(w2);
    }
  });
  it('Hafnium feature ids: SRI (8) to the NWd; NPI (5) and MEI (4) only to SPs; bits [30:8] set refused', () => {
    const { spmc } = world('hafnium-v2.14');
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    call(spmc, 0x8001, FID.FFA_VERSION, 0x10002);
    expect(w(call(spmc, 0, FID.FFA_FEATURES, 2), 2)).toBe(8);
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, 1), RET.NOT_SUPPORTED);
    expect(w(call(spmc, 0x8001, FID.FFA_FEATURES, 1), 2)).toBe(5);
    expect(w(call(spmc, 0x8001, FID.FFA_FEATURES, 3), 2)).toBe(4);
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, 0x102), RET.NOT_SUPPORTED);
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, 2, 1), RET.NOT_SUPPORTED);
  });
  it('Hafnium MEM_RETRIEVE_REQ: a v1.1+ caller must ask with the NS bit; answer bits 1 and 2', () => {
    const { spmc } = world('hafnium-head');
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    // The first call after FFA_VERSION closes negotiation even when refused: the trace says so.
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, FID.FFA_MEM_RETRIEVE_REQ_64, 0), RET.NOT_SUPPORTED, { mutates: true });
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, FID.FFA_MEM_RETRIEVE_REQ_64, 0), RET.NOT_SUPPORTED);
    expect(w(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_MEM_RETRIEVE_REQ_64, 2), 2)).toBe(6);
  });
  it('Hafnium v2.15 reports FFA_SUCCESS_64, v2.14 does not; RX_ACQUIRE is not shown to SPs', () => {
    expect(isOk(call(world('hafnium-v2.15').spmc, 0, FID.FFA_FEATURES, FID.FFA_SUCCESS_64))).toBe(true);
    expect(isOk(call(world('hafnium-v2.14').spmc, 0, FID.FFA_FEATURES, FID.FFA_SUCCESS_64))).toBe(false);
    expect(errCode(call(world('hafnium-v2.15').spmc, 0x8001, FID.FFA_FEATURES, FID.FFA_RX_ACQUIRE))).toBe(RET.NOT_SUPPORTED);
  });
  it('TF-A: no feature ids, non-zero input refused, MEM_SHARE only to the NWd, MSG_WAIT only to SPs', () => {
    const { spmc } = world('tfa-el3-spmc');
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    call(spmc, 0x8001, FID.FFA_VERSION, 0x10002);
    expect(isOk(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_VERSION))).toBe(true);
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, 2), RET.NOT_SUPPORTED);
    expectRefused(spmc, 0, callFrame(FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64, 1), RET.NOT_SUPPORTED);
    expect(errCode(call(spmc, 0x8001, FID.FFA_FEATURES, FID.FFA_MEM_SHARE_64))).toBe(RET.NOT_SUPPORTED);
    expect(errCode(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_MSG_WAIT))).toBe(RET.NOT_SUPPORTED);
    expect(isOk(call(spmc, 0x8001, FID.FFA_FEATURES, FID.FFA_MSG_WAIT))).toBe(true);
  });
  it('OP-TEE: MEM_SHARE w2 bit 0 (descriptor in an allocated buffer); DIRECT_REQ2 only for v1.2 callers', () => {
    const { spmc } = world('optee');
    call(spmc, 0, FID.FFA_VERSION, 0x10001);
    expect(w(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_MEM_SHARE_64), 2)).toBe(1);
    expect(errCode(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_MSG_SEND_DIRECT_REQ2))).toBe(RET.NOT_SUPPORTED);
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    expect(isOk(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_MSG_SEND_DIRECT_REQ2))).toBe(true);
  });
});
