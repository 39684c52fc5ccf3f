// Malformed inputs, one per refusal the spec requires (Arm DEN0077 layouts as written out in
// xen-ffa-revisions.md §2.6/§2.7/§3 and spmc-implementations.md §3.1-§3.5). Each case states the
// rule, the field and the byte offset of that field; together they must reach every DecodeRule.
import { describe, expect, it } from 'vitest';
import { V1_0, V1_1, V1_2 } from '../../src/ffa/version';
import { DECODE_RULES, decodeEndpointRxtx, decodeMemTransaction, decodePartInfo, type DecodeRule, type Decoded } from '../../src/descriptors/index';
import { image, type Row } from './_bytes';

const RX = 0x4000_1000n;
const TX = 0x4000_2000n;
// §2.6 fixed layout / §3.2 canonical blob, N = 1.
const rxtxRows: Row[] = [
  [0, 2, 2], [4, 4, 16], [8, 4, 48], [16, 4, 1], [20, 4, 1], [32, 8, RX], [40, 4, 1],
  [48, 4, 1], [52, 4, 1], [64, 8, TX], [72, 4, 1],
];
const rxtx = (...edits: Row[]) => image(80, [...rxtxRows, ...edits]);

// §2.7 with ranges (P0, 2 pages) and (P2, 1 page): 112 bytes.
const P0 = 0x8000_0000n;
const P2 = 0x8000_5000n;
const memRows: Row[] = [
  [0, 2, 2], [2, 2, 0x2f], [24, 4, 16], [28, 4, 1], [32, 4, 48],
  [48, 2, 0x8001], [50, 1, 2], [52, 4, 64], [64, 4, 3], [68, 4, 2], [80, 8, P0], [88, 4, 2], [96, 8, P2], [104, 4, 1],
];
const mem = (...edits: Row[]) => image(112, [...memRows, ...edits]);
// spmc-implementations §3.6 v1.0: header 32, EMAD at 32 -> composite 48, one range at 64.
const mem10 = (...edits: Row[]) => image(80, [[0, 2, 2], [2, 1, 0x2f], [28, 4, 1], [32, 2, 0x8001], [34, 1, 2], [36, 4, 48],
  [48, 4, 1], [52, 4, 1], [64, 8, P0], [72, 4, 1], ...edits]);

type Case = readonly [label: string, run: () => Decoded<unknown>, rule: DecodeRule, field: string, offset: number];

const cases: Case[] = [
  // Endpoint RX/TX descriptor (v1.1 form unless stated).
  ['rxtx header cut at 10 bytes', () => decodeEndpointRxtx(rxtx().subarray(0, 10)), 'truncated', 'tx_region_offs', 8],
  ['rxtx TX range cut off', () => decodeEndpointRxtx(rxtx().subarray(0, 72)), 'truncated', 'tx.ranges[0]', 64],
  ['rxtx reserved half-word', () => decodeEndpointRxtx(rxtx([2, 2, 1])), 'reserved-nonzero', 'reserved', 2],
  ['rxtx RX offset inside the header', () => decodeEndpointRxtx(rxtx([4, 4, 8])), 'offset-into-header', 'rx_region_offs', 4],
  ["rxtx Xen's old 12/44 offsets", () => decodeEndpointRxtx(rxtx([4, 4, 12], [8, 4, 44])), 'misaligned', 'rx_region_offs', 4],
  ['rxtx TX composite past the end', () => decodeEndpointRxtx(rxtx([8, 4, 72])), 'offset-past-end', 'tx_region_offs', 8],
  ['rxtx huge RX range count', () => decodeEndpointRxtx(rxtx([20, 4, 0x1000_0000])), 'count-overflow', 'rx.address_range_count', 20],
  ['rxtx RX composite with no range', () => decodeEndpointRxtx(rxtx([20, 4, 0])), 'bad-value', 'rx.address_range_count', 20],
  ['rxtx composite reserved', () => decodeEndpointRxtx(rxtx([24, 1, 0x80])), 'reserved-nonzero', 'rx.reserved', 24],
  ['rxtx range reserved', () => decodeEndpointRxtx(rxtx([44, 4, 1])), 'reserved-nonzero', 'rx.ranges[0].reserved', 44],
  ['rxtx RX range of 0 pages', () => decodeEndpointRxtx(rxtx([16, 4, 0], [40, 4, 0])), 'zero-page-count', 'rx.ranges[0].page_count', 40],
  ['rxtx RX address not 4K aligned', () => decodeEndpointRxtx(rxtx([32, 8, RX + 0x800n])), 'misaligned', 'rx.ranges[0].address', 32],
  ['rxtx RX total disagrees', () => decodeEndpointRxtx(rxtx([16, 4, 2])), 'page-count-mismatch', 'rx.total_page_count', 16],
  ['rxtx TX range wraps 2^64', () => decodeEndpointRxtx(rxtx([64, 8, 0xffff_ffff_ffff_f000n], [72, 4, 2], [48, 4, 2])), 'bad-value', 'tx.ranges[0].address', 64],
  ['rxtx TX composite is the RX one', () => decodeEndpointRxtx(rxtx([8, 4, 16])), 'overlap', 'tx_region_offs', 8],
  ['rxtx v1.0 form, range count disagrees', () => decodeEndpointRxtx(rxtx([4, 4, 2], [8, 4, 1]), { form: 'v1.0' }), 'bad-value', 'rx_range_count', 4],
  // Memory transaction v1.1 (§2.7).
  ['memtx header cut at 40 bytes', () => decodeMemTransaction(mem().subarray(0, 40), { version: V1_1 }), 'truncated', 'reserved', 36],
  ['memtx reserved bytes 36..47', () => decodeMemTransaction(mem([44, 1, 1]), { version: V1_1 }), 'reserved-nonzero', 'reserved', 36],
  ['memtx attribute bit 7', () => decodeMemTransaction(mem([2, 2, 0xaf]), { version: V1_1 }), 'reserved-nonzero', 'mem_reg_attr', 2],
  ['memtx memory type 0b11', () => decodeMemTransaction(mem([2, 2, 0x3f]), { version: V1_1 }), 'bad-value', 'mem_reg_attr', 2],
  ['memtx EMAD size 24', () => decodeMemTransaction(mem([24, 4, 24]), { version: V1_1 }), 'bad-size', 'mem_access_size', 24],
  ['memtx 32-byte EMADs from a v1.1 sender', () => decodeMemTransaction(mem([24, 4, 32]), { version: V1_1 }), 'bad-size', 'mem_access_size', 24],
  ['memtx no receiver', () => decodeMemTransaction(mem([28, 4, 0]), { version: V1_1 }), 'bad-value', 'mem_access_count', 28],
  ['memtx EMAD array inside the header', () => decodeMemTransaction(mem([32, 4, 32]), { version: V1_1 }), 'offset-into-header', 'mem_access_offs', 32],
  ['memtx EMAD array at 56', () => decodeMemTransaction(mem([32, 4, 56]), { version: V1_2 }), 'misaligned', 'mem_access_offs', 32],
  ['memtx EMAD array past the end', () => decodeMemTransaction(mem([32, 4, 112]), { version: V1_1 }), 'offset-past-end', 'mem_access_offs', 32],
  ['memtx 2^28 EMADs', () => decodeMemTransaction(mem([28, 4, 0x1000_0000]), { version: V1_1 }), 'count-overflow', 'mem_access_count', 28],
  ['memtx 5 EMADs in 112 bytes', () => decodeMemTransaction(mem([28, 4, 5]), { version: V1_1 }), 'truncated', 'emads[4]', 112],
  ['memtx permission bits [7:4]', () => decodeMemTransaction(mem([50, 1, 0x12]), { version: V1_1 }), 'reserved-nonzero', 'emads[0].access_perm.perm', 50],
  ['memtx data access 0b11', () => decodeMemTransaction(mem([50, 1, 3]), { version: V1_1 }), 'bad-value', 'emads[0].access_perm.perm', 50],
  ['memtx EMAD reserved', () => decodeMemTransaction(mem([60, 1, 1]), { version: V1_1 }), 'reserved-nonzero', 'emads[0].reserved', 56],
  ['memtx composite inside the header', () => decodeMemTransaction(mem([52, 4, 40]), { version: V1_1 }), 'offset-into-header', 'emads[0].region_offs', 52],
  ['memtx composite on the EMAD array', () => decodeMemTransaction(mem([52, 4, 56]), { version: V1_1 }), 'overlap', 'emads[0].region_offs', 52],
  ['memtx composite past the end', () => decodeMemTransaction(mem([52, 4, 104]), { version: V1_1 }), 'offset-past-end', 'emads[0].region_offs', 52],
  ['memtx second range of 0 pages', () => decodeMemTransaction(mem([104, 4, 0]), { version: V1_1 }), 'zero-page-count', 'composite.ranges[1].page_count', 104],
  ['memtx second range inside the first', () => decodeMemTransaction(mem([96, 8, P0 + 0x1000n]), { version: V1_1 }), 'overlap', 'composite.ranges[1].address', 96],
  ['memtx total 4 for 2 + 1 pages', () => decodeMemTransaction(mem([64, 4, 4]), { version: V1_1 }), 'page-count-mismatch', 'composite.total_page_count', 64],
  ['memtx third range missing', () => decodeMemTransaction(mem([68, 4, 3]), { version: V1_1 }), 'truncated', 'composite.ranges[2]', 112],
  // Memory transaction v1.0 (§3.3/§3.6).
  ['memtx v1.0 reserved byte 3', () => decodeMemTransaction(mem10([3, 1, 1]), { version: V1_0 }), 'reserved-nonzero', 'reserved0', 3],
  ['memtx v1.0 reserved word 24', () => decodeMemTransaction(mem10([24, 4, 16]), { version: V1_0 }), 'reserved-nonzero', 'reserved1', 24],
  ['memtx v1.0 attribute bit 6 (no NS bit before v1.1)', () => decodeMemTransaction(mem10([2, 1, 0x6f]), { version: V1_0 }), 'reserved-nonzero', 'mem_reg_attr', 2],
  ['memtx v1.0 count 2: the second EMAD covers the composite at 48', () => decodeMemTransaction(mem10([28, 4, 2]), { version: V1_0 }), 'overlap', 'emads[0].region_offs', 36],
  ['memtx v1.0 6 EMADs', () => decodeMemTransaction(mem10([28, 4, 6]), { version: V1_0 }), 'truncated', 'emads[3]', 80],
  // Partition info (§3.1).
  ['partinfo size 16', () => decodePartInfo(new Uint8Array(32), 2, 16), 'bad-size', 'size', 0],
  ['partinfo 2^28 entries of 24 bytes', () => decodePartInfo(new Uint8Array(48), 0x1000_0000, 24), 'count-overflow', 'count', 0],
  ['partinfo count -1', () => decodePartInfo(new Uint8Array(48), -1, 24), 'bad-value', 'count', 0],
  ['partinfo 3 entries in 100 bytes', () => decodePartInfo(new Uint8Array(100), 3, 48), 'truncated', 'entries[2]', 96],
  ['partinfo v1.3 reserved', () => decodePartInfo(image(96, [[92, 4, 1]]), 2, 48), 'reserved-nonzero', 'entries[1].reserved', 92],
];

describe('malformed descriptors', () => {
  it.each(cases)('%s', (_label, run, rule, field, offset) => {
    const got = run();
    expect(got.ok).toBe(false);
    if (!got.ok) expect({ rule: got.error.rule, field: got.error.field, offset: got.error.offset }).toEqual({ rule, field, offset });
  });

  it('the cases reach every rule', () => {
    expect(new Set(cases.map((c) => c[2]))).toEqual(new Set(DECODE_RULES));
  });

  it('the unmodified images decode, so each case fails for its one edit', () => {
    expect(decodeEndpointRxtx(rxtx()).ok).toBe(true);
    expect(decodeMemTransaction(mem(), { version: V1_1 }).ok).toBe(true);
    expect(decodeMemTransaction(mem10(), { version: V1_0 }).ok).toBe(true);
    expect(decodePartInfo(image(96, []), 2, 48).ok).toBe(true);
  });

  it('waived rules model lenient implementations; bounds rules cannot be waived', () => {
    expect(decodeEndpointRxtx(rxtx([16, 4, 2]), { waive: ['page-count-mismatch'] }).ok).toBe(true);
    expect(decodeMemTransaction(mem([44, 1, 1]), { version: V1_1, waive: ['reserved-nonzero'] }).ok).toBe(true);
    const cut = decodeEndpointRxtx(rxtx().subarray(0, 72), { waive: ['misaligned', 'overlap', 'bad-value'] });
    expect(cut.ok || cut.error.rule).toBe('truncated');
  });
});
