// Facts from xen-ffa-revisions.md §3 and spmc-implementations.md §2.1-2.3, written out here by hand.
import { describe, expect, it } from 'vitest';
import {
  FID, RET, V1_0, V1_1, V1_2, allFids, callFrame, errorFrame, fidName, fidOf, fidNumber, frameFromHex, frameLabel,
  frameToHex, getRetCode, isSmc64, makeVersion, maskForConvention, regs, retFromWire, retName, retToWire, success32,
  success64, versionMajor, versionMinor, w, x,
} from '../../src/ffa/index';

describe('function ids (reference §3 table)', () => {
  const table: Array<[string, number]> = [
    ['FFA_ERROR', 0x84000060], ['FFA_SUCCESS_32', 0x84000061], ['FFA_SUCCESS_64', 0xc4000061],
    ['FFA_VERSION', 0x84000063], ['FFA_FEATURES', 0x84000064], ['FFA_RX_RELEASE', 0x84000065],
    ['FFA_RXTX_MAP_32', 0x84000066], ['FFA_RXTX_MAP_64', 0xc4000066], ['FFA_RXTX_UNMAP', 0x84000067],
    ['FFA_PARTITION_INFO_GET', 0x84000068], ['FFA_ID_GET', 0x84000069], ['FFA_MSG_SEND_DIRECT_REQ_32', 0x8400006f],
    ['FFA_MSG_SEND_DIRECT_RESP_32', 0x84000070], ['FFA_MEM_SHARE_32', 0x84000073], ['FFA_MEM_SHARE_64', 0xc4000073],
    ['FFA_MEM_RECLAIM', 0x84000077], ['FFA_MEM_FRAG_RX', 0x8400007a], ['FFA_MEM_FRAG_TX', 0x8400007b],
    ['FFA_RX_ACQUIRE', 0x84000084], ['FFA_SPM_ID_GET', 0x84000085], ['FFA_MSG_SEND2', 0x84000086],
    ['FFA_PARTITION_INFO_GET_REGS', 0xc400008b], ['FFA_MSG_SEND_DIRECT_REQ2', 0xc400008d],
  ];
  it.each(table)('%s = 0x%s', (name, id) => {
    expect(fidOf(name as never)).toBe(id);
    expect(fidName(id)).toBe(name);
  });
  it('name <-> id is a bijection and the 64-bit form is the 32-bit one with bit 30 set', () => {
    const ids = allFids().map(([, id]) => id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [name, id] of allFids()) {
      expect(fidName(id)).toBe(name);
      if (name.endsWith('_64')) {
        const twin = fidOf(name.replace(/_64$/, '_32') as never);
        if (twin !== undefined) expect(id).toBe((twin | 0x40000000) >>> 0);
        expect(isSmc64(id)).toBe(true);
      }
    }
    expect(fidNumber(FID.FFA_RX_ACQUIRE)).toBe(0x84);
    expect(fidName(0x84000099)).toBeUndefined();
  });
});

describe('status codes', () => {
  it('signed values and 32-bit wire form (spmc-implementations §2.2)', () => {
    expect(RET.NOT_SUPPORTED).toBe(-1);
    expect(RET.DENIED).toBe(-6);
    expect(RET.NO_DATA).toBe(-9);
    expect(retToWire(RET.NOT_SUPPORTED)).toBe(0xffffffff);
    expect(retToWire(RET.INVALID_PARAMETERS)).toBe(0xfffffffe);
    expect(retFromWire(0xfffffffan)).toBe(RET.DENIED);
    expect(retFromWire(0xffffffff_fffffffan)).toBe(RET.DENIED);
    expect(retName(-4)).toBe('BUSY');
  });
});

describe('versions', () => {
  it('(major << 16) | minor', () => {
    expect(V1_0).toBe(0x10000);
    expect(V1_1).toBe(0x10001);
    expect(V1_2).toBe(0x10002);
    expect(makeVersion(1, 3)).toBe(0x10003);
    expect(versionMajor(0x10002)).toBe(1);
    expect(versionMinor(0x10002)).toBe(2);
  });
});

describe('register frames', () => {
  it('errorFrame carries the status zero-extended in x2', () => {
    const f = errorFrame(RET.DENIED);
    expect(x(f, 0)).toBe(0x84000060n);
    expect(x(f, 2)).toBe(0xfffffffan);
    expect(f).toHaveLength(18);
  });
  it('success32 puts results from w2', () => {
    const f = success32(3, 24);
    expect(x(f, 0)).toBe(0x84000061n);
    expect(w(f, 1)).toBe(0);
    expect(w(f, 2)).toBe(3);
    expect(w(f, 3)).toBe(24);
  });
  it('SMC32 masks upper halves; SMC64 keeps them', () => {
    const f32 = callFrame(FID.FFA_RXTX_MAP_32, 0x1_0000_2000n, 0x3_0000_4000n, 1);
    expect(maskForConvention(f32).slice(0, 4)).toEqual([0x84000066n, 0x2000n, 0x4000n, 1n]);
    const f64 = callFrame(FID.FFA_RXTX_MAP_64, 0x1_0000_2000n, 0x3_0000_4000n, 1);
    expect(maskForConvention(f64)).toBe(f64);
  });
  it('hex round trip uses 0x + 16 lowercase digits', () => {
    const f = regs({ 0: FID.FFA_SUCCESS_32, 2: 0xdeadbeefn, 17: 0xffffffffffffffffn });
    const h = frameToHex(f);
    expect(h[0]).toBe('0x0000000084000061');
    expect(h[17]).toBe('0xffffffffffffffff');
    expect(frameFromHex(h)).toEqual(f);
    expect(() => frameFromHex(['0x1'])).toThrow(/x0/);
    expect(frameLabel(errorFrame(RET.BUSY))).toBe('FFA_ERROR(BUSY)');
  });
});

describe("getRetCode behaves like Xen's ffa_get_ret_code", () => {
  it.each([
    ['FFA_ERROR with w2 = DENIED', errorFrame(RET.DENIED), RET.DENIED],
    ['FFA_ERROR with w2 = 0 is NOT_SUPPORTED', callFrame(FID.FFA_ERROR, 0, 0), RET.NOT_SUPPORTED],
    ['FFA_ERROR with garbage in x2[63:32]', callFrame(FID.FFA_ERROR, 0, 0xabcd0000_fffffffen), RET.INVALID_PARAMETERS],
    ['FFA_SUCCESS_32', success32(), RET.OK],
    ['FFA_SUCCESS_64', success64(), RET.OK],
    ['FFA_MEM_FRAG_RX is not a status', callFrame(FID.FFA_MEM_FRAG_RX, 1, 2, 3), RET.NOT_SUPPORTED],
    ['a bare version word', callFrame(0x10001), RET.NOT_SUPPORTED],
  ] as const)('%s', (_n, frame, want) => {
    expect(getRetCode(frame)).toBe(want);
  });
});
