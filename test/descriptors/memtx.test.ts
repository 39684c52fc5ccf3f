// Memory transaction descriptor: xen-ffa-revisions.md §2.7 table and spmc-implementations.md §3.3-§3.6.
import { describe, expect, it } from 'vitest';
import { V1_0, V1_1, V1_2 } from '../../src/ffa/version';
import {
  decodeMemTransaction, encodeMemTransaction, fieldsOfMemTransaction, memTransactionLayout, mustDecode, mustEncode,
  runsOfPages, type MemTransaction,
} from '../../src/descriptors/index';
import { hex, image, type Row } from './_bytes';

const P0 = 0x8000_0000n;
const P1 = 0x8000_1000n; // P0 + 4096: same run
const P2 = 0x8000_5000n; // not contiguous: second run
const VM = 2; // domid 1
const SP = 0x8001; // bit 15: secure

const share = (impdef?: Uint8Array): MemTransaction => ({
  senderId: VM, attributes: 0x2f, flags: 0, handle: 0n, tag: 0n,
  receivers: [{ access: { endpointId: SP, perm: 0x02, flags: 0 }, ...(impdef ? { impdef } : {}) }],
  region: runsOfPages([P0, P1, P2]),
});

// xen-ffa-revisions §2.7, "Memory transaction descriptor written at offset 0 of Xen's TX buffer".
const xenRows: Row[] = [
  [0, 2, VM], [2, 2, 0x2f], [4, 4, 0], [8, 8, 0n], [16, 8, 0n], [24, 4, 16], [28, 4, 1], [32, 4, 48],
  [36, 4, 0], [40, 8, 0n],
  [48, 2, SP], [50, 1, 0x02], [51, 1, 0], [52, 4, 64], [56, 8, 0n],
  [64, 4, 3], [68, 4, 2], [72, 8, 0n],
  [80, 8, P0], [88, 4, 2], [92, 4, 0],
  [96, 8, P2], [104, 4, 1], [108, 4, 0],
];

describe('memory transaction, Xen share_shm layout (§2.7)', () => {
  it('3 pages, 2 contiguous: N = 2 ranges, tot_len = 80 + 16·2', () => {
    expect(runsOfPages([P0, P1, P2])).toEqual({ totalPageCount: 3, ranges: [{ address: P0, pageCount: 2 }, { address: P2, pageCount: 1 }] });
    const bytes = mustEncode(encodeMemTransaction(share(), { version: V1_1 }));
    expect(bytes.length).toBe(112);
    expect(hex(bytes)).toBe(hex(image(112, xenRows)));
  });

  it('decodes back to the same transaction with its layout', () => {
    const got = mustDecode(decodeMemTransaction(image(112, xenRows), { version: V1_1 }));
    expect(got).toEqual({ ...share(), emadSize: 16, emadOffset: 48, regionOffsets: [64], regions: [share().region], length: 112 });
  });

  it('matches Xen offset macros: MEM_ACCESS_OFFSET(0)=48, REGION_OFFSET(1,0)=64, ADDR_RANGE_OFFSET(1,1,k)=80+16k', () => {
    const l = memTransactionLayout(V1_1, 1, 5);
    expect([l.emadOffset, l.regionOffset, l.rangesOffset, l.length]).toEqual([48, 64, 80, 80 + 16 * 5]);
    // N > 251 makes tot_len exceed 4096 (Xen answers NOT_SUPPORTED before any SMC).
    expect(memTransactionLayout(V1_1, 1, 251).length).toBe(4096);
    expect(memTransactionLayout(V1_1, 1, 252).length).toBeGreaterThan(4096);
  });

  it('S-fix with firmware >= 1.2 (a90376c6ad): 32-byte EMAD, IMPDEF at 56..71, region_offs 80, ranges from 96', () => {
    const impdef = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const bytes = mustEncode(encodeMemTransaction(share(impdef), { version: V1_2 }));
    const rows: Row[] = [
      [0, 2, VM], [2, 2, 0x2f], [24, 4, 32], [28, 4, 1], [32, 4, 48],
      [48, 2, SP], [50, 1, 0x02], [52, 4, 80], [72, 8, 0n],
      [80, 4, 3], [84, 4, 2], [96, 8, P0], [104, 4, 2], [112, 8, P2], [120, 4, 1],
    ];
    const expected = image(96 + 16 * 2, rows);
    expected.set(impdef, 56);
    expect(hex(bytes)).toBe(hex(expected));
    expect(mustDecode(decodeMemTransaction(bytes, { version: V1_2 })).receivers[0]?.impdef).toEqual(impdef);
  });
});

describe('Linux single-receiver layouts (spmc-implementations §3.6), one constituent', () => {
  const one: MemTransaction = { ...share(), region: { totalPageCount: 1, ranges: [{ address: P0, pageCount: 1 }] } };

  it('v1.0: header 32, EMAD at 32 with composite offset 48, constituent at 64, word 24 zero', () => {
    const rows: Row[] = [
      [0, 2, VM], [2, 1, 0x2f], [3, 1, 0], [24, 4, 0], [28, 4, 1],
      [32, 2, SP], [34, 1, 2], [36, 4, 48], [40, 8, 0n],
      [48, 4, 1], [52, 4, 1], [64, 8, P0], [72, 4, 1],
    ];
    const bytes = mustEncode(encodeMemTransaction(one, { version: V1_0 }));
    expect(hex(bytes)).toBe(hex(image(80, rows)));
    expect(mustDecode(decodeMemTransaction(bytes, { version: V1_0 })).regionOffsets).toEqual([48]);
  });

  it('v1.1: EMAD size 16 at 48 with offset 64, composite at 64, constituent at 80', () => {
    const bytes = mustEncode(encodeMemTransaction(one, { version: V1_1 }));
    expect(hex(bytes)).toBe(hex(image(96, [
      [0, 2, VM], [2, 2, 0x2f], [24, 4, 16], [28, 4, 1], [32, 4, 48],
      [48, 2, SP], [50, 1, 2], [52, 4, 64], [64, 4, 1], [68, 4, 1], [80, 8, P0], [88, 4, 1],
    ])));
  });

  it('v1.2: EMAD size 32 at 48 with offset 80, composite at 80, constituent at 96', () => {
    const bytes = mustEncode(encodeMemTransaction(one, { version: V1_2 }));
    expect(hex(bytes)).toBe(hex(image(112, [
      [0, 2, VM], [2, 2, 0x2f], [24, 4, 32], [28, 4, 1], [32, 4, 48],
      [48, 2, SP], [50, 1, 2], [52, 4, 80], [80, 4, 1], [84, 4, 1], [96, 8, P0], [104, 4, 1],
    ])));
  });
});

describe('other shapes', () => {
  it('a retrieve request by handle has region_offs 0 and no composite (§3.4)', () => {
    const req: MemTransaction = { ...share(), handle: 0x8000_0000_0000_0007n, region: null };
    const bytes = mustEncode(encodeMemTransaction(req, { version: V1_1 }));
    expect(bytes.length).toBe(64);
    expect(new DataView(bytes.buffer).getUint32(52, true)).toBe(0);
    const got = mustDecode(decodeMemTransaction(bytes, { version: V1_1 }));
    expect([got.region, got.regions, got.handle]).toEqual([null, [null], 0x8000_0000_0000_0007n]);
  });

  it('two receivers share one composite placed after both EMADs (Linux, Hafnium)', () => {
    const two: MemTransaction = { ...share(), receivers: [...share().receivers, { access: { endpointId: 0x8002, perm: 1, flags: 0 } }] };
    const got = mustDecode(decodeMemTransaction(mustEncode(encodeMemTransaction(two, { version: V1_1 })), { version: V1_1 }));
    expect(got.regionOffsets).toEqual([80, 80]);
  });

  it('a v1.2 transaction may still carry 16-byte EMADs (Hafnium reads size 16 as the v1.1 layout)', () => {
    const bytes = mustEncode(encodeMemTransaction(share(), { version: V1_2, emadSize: 16 }));
    expect(mustDecode(decodeMemTransaction(bytes, { version: V1_2 })).emadSize).toBe(16);
    const v11 = decodeMemTransaction(mustEncode(encodeMemTransaction(share(new Uint8Array(16)), { version: V1_2 })), { version: V1_1 });
    expect(v11.ok || v11.error.rule).toBe('bad-size');
  });

  it('encoders refuse what cannot be written: impdef in a 16-byte EMAD, a 17-bit attribute, a wide id', () => {
    expect(encodeMemTransaction(share(new Uint8Array(16)), { version: V1_1 }).ok).toBe(false);
    expect(encodeMemTransaction({ ...share(), attributes: 0x100 }, { version: V1_0 }).ok).toBe(false);
    expect(encodeMemTransaction({ ...share(), senderId: 0x10000 }, { version: V1_1 }).ok).toBe(false);
    expect(encodeMemTransaction(share(), { version: V1_0, emadSize: 32 }).ok).toBe(false);
  });

  it('names fields at the §2.7 offsets', () => {
    const fields = fieldsOfMemTransaction(image(112, xenRows), { version: V1_1 });
    const at = (name: string) => fields.find((f) => f.name === name)?.offset;
    expect([at('mem_access_offs'), at('emads[0].access_perm.endpoint_id'), at('emads[0].region_offs'),
      at('composite.total_page_count'), at('composite.ranges[1].address')]).toEqual([32, 48, 52, 64, 96]);
  });
});
