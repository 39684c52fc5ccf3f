// Cases of the memory transaction descriptor (Arm DEN0077 "Memory transaction descriptor", v1.0
// 32-byte and v1.1+ 48-byte headers, 16- and 32-byte EMADs; layouts in xen-ffa-revisions.md §2.7
// and spmc-implementations.md §3.3-3.6). Append-only list: the position of a case is its tcId.
import {
  decodeMemTransaction, encodeMemTransaction, fieldsOfMemTransaction, type MemReceiver, type MemTransaction,
} from '../../descriptors/index';
import { V1_0, V1_1, V1_2, type FfaVersion } from '../../ffa/version';
import type { CaseDraft, GroupDraft } from '../assemble';
import { VectorGenerationError } from '../errors';
import { invalidTest, patched, validTest, type CaseText, type ExpectedError } from './_descriptor';

interface GroupSpec {
  readonly key: string;
  readonly version: FfaVersion;
  readonly emadSize: 16 | 32;
}

const V10: GroupSpec = { key: 'memtx-v1.0', version: V1_0, emadSize: 16 };
const V11: GroupSpec = { key: 'memtx-v1.1', version: V1_1, emadSize: 16 };
const V12: GroupSpec = { key: 'memtx-v1.2', version: V1_2, emadSize: 32 };
const V12_16: GroupSpec = { key: 'memtx-v1.2-emad16', version: V1_2, emadSize: 16 };

export const MEMTX_GROUPS: readonly GroupDraft[] = Object.freeze([
  { key: V10.key, params: { type: 'MemTransactionDescriptor', ffaVersion: '1.0', layout: 'v1.0-header-32', emadSize: 16 } },
  { key: V11.key, params: { type: 'MemTransactionDescriptor', ffaVersion: '1.1', layout: 'v1.1-header-48', emadSize: 16 } },
  { key: V12.key, params: { type: 'MemTransactionDescriptor', ffaVersion: '1.2', layout: 'v1.1-header-48', emadSize: 32 } },
  { key: V12_16.key, params: { type: 'MemTransactionDescriptor', ffaVersion: '1.2', layout: 'v1.1-header-48', emadSize: 16 } },
]);

/** Xen's FFA_NORMAL_MEM_REG_ATTR (Normal, write-back, inner shareable) and FFA_MEM_ACC_RW. */
const ATTR_NORMAL_WB_IS = 0x2f;
const PERM_RW = 0x02;
const PERM_RO_NX = 0x05;

function rcv(endpointId: number, perm = PERM_RW, impdef?: Uint8Array): MemReceiver {
  return impdef === undefined ? { access: { endpointId, perm, flags: 0 } } : { access: { endpointId, perm, flags: 0 }, impdef };
}

function share(ranges: readonly (readonly [bigint, number])[], receivers: readonly MemReceiver[] = [rcv(0x8001)], extra: Partial<MemTransaction> = {}): MemTransaction {
  const list = ranges.map(([address, pageCount]) => ({ address, pageCount }));
  return {
    senderId: 1, attributes: ATTR_NORMAL_WB_IS, flags: 0, handle: 0n, tag: 0n, receivers,
    region: { totalPageCount: list.reduce((n, r) => n + r.pageCount, 0), ranges: list }, ...extra,
  };
}

function encode(c: CaseText, g: GroupSpec, d: MemTransaction): Uint8Array {
  const e = encodeMemTransaction(d, { version: g.version, emadSize: g.emadSize });
  if (!e.ok) throw new VectorGenerationError(c.caseId, `cannot encode: ${e.error.field}: ${e.error.message}`);
  return e.bytes;
}

function text(caseId: string, comment: string, flags: readonly string[] = []): CaseText {
  return { caseId: `memtx/${caseId}`, comment, flags };
}

function valid(c: CaseText, g: GroupSpec, d: MemTransaction): CaseDraft {
  const bytes = encode(c, g, d);
  const opts = { version: g.version };
  return { group: g.key, test: validTest(c, bytes, decodeMemTransaction(bytes, opts), fieldsOfMemTransaction(bytes, opts)) };
}

function invalid(c: CaseText, g: GroupSpec, bytes: Uint8Array, expect: ExpectedError): CaseDraft {
  return { group: g.key, test: invalidTest(c, bytes, decodeMemTransaction(bytes, { version: g.version }), expect) };
}

const IMPDEF = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const ONE = [[0x89000000n, 1]] as const;
const THREE = [[0x89000000n, 2], [0x89010000n, 1], [0x8a000000n, 2]] as const;

export function memtxCases(): CaseDraft[] {
  const xen = encode(text('base', ''), V11, share(ONE));
  const v10 = encode(text('base10', ''), V10, share(ONE));
  const v12 = encode(text('base12', ''), V12, share(ONE, [rcv(0x8001, PERM_RW, IMPDEF)]));
  const three = encode(text('three', ''), V11, share(THREE));
  return [
    valid(text('xen-share-one-range', 'What Xen writes in its TX buffer for MEM_SHARE (xen-ffa-revisions §2.7): VM 1 to SP 0x8001, RW, one 1-page range; tot_len 96', ['Canonical']), V11, share(ONE)),
    valid(text('xen-share-three-ranges', 'Xen §2.7 layout with three physically contiguous runs (5 pages); tot_len 80 + 16*3', ['Canonical', 'MultiRange', 'MultiPage']), V11, share(THREE)),
    valid(text('linux-v1.0-two-ranges', 'Linux v1.0 layout: 32-byte header, EMAD at 32, composite at 48, ranges from 64', ['Canonical', 'MultiRange']), V10, share([[0x89000000n, 1], [0x89004000n, 3]])),
    valid(text('linux-v1.2-impdef', 'v1.2 layout: 32-byte EMAD at 48 with an IMPDEF value, composite at 80, ranges from 96', ['Canonical']), V12, share(ONE, [rcv(0x8001, PERM_RW, IMPDEF)])),
    valid(text('v1.2-zero-impdef', 'v1.2 layout, IMPDEF all zero (what Xen 4.22.0 forwards for a guest that gave none)'), V12, share(THREE)),
    valid(text('two-receivers-v1.1', 'Two EMADs (0x8001 RW, 0x8002 RO/NX) sharing one composite at 80', ['MultiReceiver']), V11, share(ONE, [rcv(0x8001), rcv(0x8002, PERM_RO_NX)])),
    valid(text('two-receivers-v1.2', 'Two 32-byte EMADs sharing one composite at 112', ['MultiReceiver']), V12, share(THREE, [rcv(0x8001, PERM_RW, IMPDEF), rcv(0x8003)])),
    valid(text('extreme-values', 'Handle and tag near 2^64, flags all set, sender 0x7fff, addresses above 4 GiB', ['ExtremeValues', 'HighAddress']), V11,
      share([[0x0000ffff00000000n, 0x10]], [rcv(0xffff)], { senderId: 0x7fff, flags: 0xffffffff, handle: 0xfffffffffffffffen, tag: 0xffffffffffffffffn })),
    valid(text('by-handle', 'Retrieve-request form: handle set, EMAD composite offset 0, no composite', ['ByHandle']), V11,
      { senderId: 1, attributes: ATTR_NORMAL_WB_IS, flags: 0x8, handle: 0x8000000000000001n, tag: 0n, receivers: [rcv(0x8001)], region: null }),
    valid(text('v1.2-reader-16-byte-emads', 'A v1.1-style descriptor (16-byte EMADs) read by a v1.2 endpoint: mem_access_size tells the EMAD size', ['OlderEmadSize']), V12_16, share(ONE)),
    valid(text('v1.0-three-ranges', 'v1.0 layout with three ranges', ['MultiRange']), V10, share(THREE)),
    invalid(text('truncated-header', '40 bytes: the 48-byte header ends inside reserved'), V11, xen.slice(0, 40), { rule: 'truncated', field: 'reserved', offset: 36 }),
    invalid(text('truncated-range', 'The buffer ends at 88, inside the range at 80'), V11, xen.slice(0, 88), { rule: 'truncated', field: 'composite.ranges[0]', offset: 80 }),
    invalid(text('emad-offset-misaligned', 'mem_access_offs 56 is not 16-byte aligned'), V11, patched(xen, [[32, 4, 56]]), { rule: 'misaligned', field: 'mem_access_offs', offset: 32 }),
    invalid(text('emad-offset-into-header', 'mem_access_offs 32 points into the 48-byte header'), V11, patched(xen, [[32, 4, 32]]), { rule: 'offset-into-header', field: 'mem_access_offs', offset: 32 }),
    invalid(text('emad-offset-past-end', 'mem_access_offs 96: no room for an EMAD'), V11, patched(xen, [[32, 4, 96]]), { rule: 'offset-past-end', field: 'mem_access_offs', offset: 32 }),
    invalid(text('emad-size-24', 'mem_access_size 24 is neither 16 nor 32'), V11, patched(xen, [[24, 4, 24]]), { rule: 'bad-size', field: 'mem_access_size', offset: 24 }),
    invalid(text('emad-size-32-at-v1.1', 'mem_access_size 32 from a v1.1 endpoint (32-byte EMADs are v1.2+)'), V11, patched(xen, [[24, 4, 32]]), { rule: 'bad-size', field: 'mem_access_size', offset: 24 }),
    invalid(text('no-receivers', 'mem_access_count 0'), V11, patched(xen, [[28, 4, 0]]), { rule: 'bad-value', field: 'mem_access_count', offset: 28 }),
    invalid(text('emad-count-overflow', 'mem_access_count 0xffffffff: the EMAD array overflows 32 bits'), V11, patched(xen, [[28, 4, 0xffffffff]]), { rule: 'count-overflow', field: 'mem_access_count', offset: 28 }),
    invalid(text('header-reserved', 'Reserved byte 40 of the header is set'), V11, patched(xen, [[40, 1, 1]]), { rule: 'reserved-nonzero', field: 'reserved', offset: 36 }),
    invalid(text('attributes-reserved-bits', 'mem_reg_attr 0xaf sets bit 7 (bits 15:7 MBZ from v1.1)'), V11, patched(xen, [[2, 2, 0xaf]]), { rule: 'reserved-nonzero', field: 'mem_reg_attr', offset: 2 }),
    invalid(text('attributes-reserved-type', 'mem_reg_attr 0x3f: memory type 0b11 is reserved'), V11, patched(xen, [[2, 2, 0x3f]]), { rule: 'bad-value', field: 'mem_reg_attr', offset: 2 }),
    invalid(text('perm-reserved-bits', 'EMAD permissions 0x12 set bit 4 (bits 7:4 MBZ)'), V11, patched(xen, [[50, 1, 0x12]]), { rule: 'reserved-nonzero', field: 'emads[0].access_perm.perm', offset: 50 }),
    invalid(text('perm-reserved-data-access', 'EMAD permissions 0x03: data access 0b11 is reserved'), V11, patched(xen, [[50, 1, 0x03]]), { rule: 'bad-value', field: 'emads[0].access_perm.perm', offset: 50 }),
    invalid(text('emad-reserved', 'The EMAD\'s reserved u64 at 56 is set'), V11, patched(xen, [[56, 8, 1]]), { rule: 'reserved-nonzero', field: 'emads[0].reserved', offset: 56 }),
    invalid(text('region-offset-into-header', 'EMAD composite offset 16 points into the header'), V11, patched(xen, [[52, 4, 16]]), { rule: 'offset-into-header', field: 'emads[0].region_offs', offset: 52 }),
    invalid(text('region-offset-into-emads', 'EMAD composite offset 48 points at the EMAD array itself'), V11, patched(xen, [[52, 4, 48]]), { rule: 'overlap', field: 'emads[0].region_offs', offset: 52 }),
    invalid(text('region-offset-past-end', 'EMAD composite offset 96: no room for a composite'), V11, patched(xen, [[52, 4, 96]]), { rule: 'offset-past-end', field: 'emads[0].region_offs', offset: 52 }),
    invalid(text('composite-reserved', 'The composite\'s reserved u64 at 72 is set'), V11, patched(xen, [[72, 8, 1]]), { rule: 'reserved-nonzero', field: 'composite.reserved', offset: 72 }),
    invalid(text('composite-no-ranges', 'address_range_count 0'), V11, patched(xen, [[68, 4, 0]]), { rule: 'bad-value', field: 'composite.address_range_count', offset: 68 }),
    invalid(text('composite-total-mismatch', 'total_page_count 2 for one 1-page range'), V11, patched(xen, [[64, 4, 2]]), { rule: 'page-count-mismatch', field: 'composite.total_page_count', offset: 64 }),
    invalid(text('range-zero-pages', 'A range of 0 pages'), V11, patched(xen, [[88, 4, 0]]), { rule: 'zero-page-count', field: 'composite.ranges[0].page_count', offset: 88 }),
    invalid(text('range-misaligned', 'Range address 0x89000800 is not 4 KiB aligned'), V11, patched(xen, [[80, 8, 0x89000800]]), { rule: 'misaligned', field: 'composite.ranges[0].address', offset: 80 }),
    invalid(text('ranges-overlap', 'The third range starts inside the first (0x89001000, which the 2-page first range covers)'), V11, patched(three, [[112, 8, 0x89001000]]), { rule: 'overlap', field: 'composite.ranges[2].address', offset: 112 }),
    invalid(text('range-reserved', 'A range\'s reserved u32 at 92 is set'), V11, patched(xen, [[92, 4, 7]]), { rule: 'reserved-nonzero', field: 'composite.ranges[0].reserved', offset: 92 }),
    invalid(text('v1.0-reserved0', 'v1.0: reserved byte 3 is set'), V10, patched(v10, [[3, 1, 1]]), { rule: 'reserved-nonzero', field: 'reserved0', offset: 3 }),
    invalid(text('v1.0-reserved1', 'v1.0: the reserved u32 at 24 is set (the field v1.1 made mem_access_size)'), V10, patched(v10, [[24, 4, 16]]), { rule: 'reserved-nonzero', field: 'reserved1', offset: 24 }),
    invalid(text('v1.0-attributes-bit6', 'v1.0: mem_reg_attr 0x6f sets bit 6 (bits 7:6 reserved in v1.0; NS from v1.1)'), V10, patched(v10, [[2, 1, 0x6f]]), { rule: 'reserved-nonzero', field: 'mem_reg_attr', offset: 2 }),
    invalid(text('v1.2-emad-reserved', 'v1.2: the 32-byte EMAD\'s reserved u64 at 72 is set'), V12, patched(v12, [[72, 8, 1]]), { rule: 'reserved-nonzero', field: 'emads[0].reserved', offset: 72 }),
    invalid(text('v1.2-emad-size-48', 'v1.2: mem_access_size 48'), V12, patched(v12, [[24, 4, 48]]), { rule: 'bad-size', field: 'mem_access_size', offset: 24 }),
  ];
}
