// Cases of the endpoint RX/TX descriptor (Arm DEN0077 v1.1 "Endpoint RX/TX descriptor"; layout in
// spmc-implementations.md §3.2 and xen-ffa-revisions.md §2.6): the payload of a forwarded
// FFA_RXTX_MAP. Append-only list: the position of a case is its tcId.
import {
  decodeEndpointRxtx, encodeEndpointRxtx, fieldsOfEndpointRxtx, writeEndpointRxtx,
  type EndpointRxtxDescriptor, type RxtxDecodeOptions, type RxtxEncodeOptions,
} from '../../descriptors/index';
import type { CaseDraft, GroupDraft } from '../assemble';
import { VectorGenerationError } from '../errors';
import { acceptableTest, invalidTest, patched, validTest, type CaseText, type ExpectedError } from './_descriptor';

const RX = 0x88002000n;
const TX = 0x88001000n;

function desc(senderId: number, rx: bigint, tx: bigint, pages = 1): EndpointRxtxDescriptor {
  return { senderId, rx: { totalPageCount: pages, ranges: [{ address: rx, pageCount: pages }] }, tx: { totalPageCount: pages, ranges: [{ address: tx, pageCount: pages }] } };
}

const CANONICAL = desc(1, RX, TX);
const MULTI: EndpointRxtxDescriptor = {
  senderId: 3,
  rx: { totalPageCount: 2, ranges: [{ address: 0x90000000n, pageCount: 1 }, { address: 0x90008000n, pageCount: 1 }] },
  tx: { totalPageCount: 3, ranges: [{ address: 0x91000000n, pageCount: 1 }, { address: 0x91004000n, pageCount: 1 }, { address: 0x91008000n, pageCount: 1 }] },
};

export const RXTX_GROUPS: readonly GroupDraft[] = Object.freeze([
  { key: 'rxtx-aligned', params: { type: 'EndpointRxtxDescriptor', ffaVersion: '1.1', layout: 'v1.1-aligned-16-48' } },
  { key: 'rxtx-xen-12-44', params: { type: 'EndpointRxtxDescriptor', ffaVersion: '1.1', layout: 'v1.1-xen-12-44' } },
  { key: 'rxtx-v1.0', params: { type: 'EndpointRxtxDescriptor', ffaVersion: '1.0', layout: 'v1.0-range-counts' } },
]);

const ALIGNED: RxtxEncodeOptions = { layout: 'aligned-16-48' };

function encode(c: CaseText, d: EndpointRxtxDescriptor, opts: RxtxEncodeOptions = ALIGNED): Uint8Array {
  const e = encodeEndpointRxtx(d, opts);
  if (!e.ok) throw new VectorGenerationError(c.caseId, `cannot encode: ${e.error.field}: ${e.error.message}`);
  return e.bytes;
}

function valid(c: CaseText, bytes: Uint8Array, opts?: RxtxDecodeOptions): CaseDraft {
  return { group: 'rxtx-aligned', test: validTest(c, bytes, decodeEndpointRxtx(bytes, opts), fieldsOfEndpointRxtx(bytes, opts)) };
}

function invalid(c: CaseText, bytes: Uint8Array, expect: ExpectedError): CaseDraft {
  return { group: 'rxtx-aligned', test: invalidTest(c, bytes, decodeEndpointRxtx(bytes), expect) };
}

function text(caseId: string, comment: string, flags: readonly string[] = []): CaseText {
  return { caseId: `rxtx/${caseId}`, comment, flags };
}

/** The canonical blob with its composites swapped: TX composite at 16, RX composite at 48. */
function reversed(): Uint8Array {
  const b = encode(text('x', ''), CANONICAL);
  const out = b.slice();
  out.set(b.subarray(48, 80), 16);
  out.set(b.subarray(16, 48), 48);
  return patched(out, [[4, 4, 48], [8, 4, 16]]);
}

/** The canonical content with the RX composite moved to 24: an 8-byte gap at 16..23. */
function gapped(): Uint8Array {
  const b = encode(text('x', ''), CANONICAL);
  const out = new Uint8Array(88);
  out.set(b.subarray(0, 16), 0);
  out.set(b.subarray(16, 48), 24);
  out.set(b.subarray(48, 80), 56);
  return patched(out, [[4, 4, 24], [8, 4, 56]]);
}

function xen1244(c: CaseText, d: EndpointRxtxDescriptor): CaseDraft {
  const bytes = encode(c, d, { layout: 'xen-12-44' });
  const lenient: RxtxDecodeOptions = { allowUnalignedOffsets: true };
  return {
    group: 'rxtx-xen-12-44',
    test: acceptableTest(c, bytes, decodeEndpointRxtx(bytes), { rule: 'misaligned', field: 'rx_region_offs', offset: 4 },
      decodeEndpointRxtx(bytes, lenient), fieldsOfEndpointRxtx(bytes, lenient)),
  };
}

function stalePadding(c: CaseText): CaseDraft {
  const page = new Uint8Array(80).fill(0xa5);
  const w = writeEndpointRxtx(page, CANONICAL, ALIGNED);
  if (!w.ok) throw new VectorGenerationError(c.caseId, w.error.message);
  const bytes = w.bytes.slice();
  return { group: 'rxtx-aligned', test: acceptableTest(c, bytes, decodeEndpointRxtx(bytes), undefined, decodeEndpointRxtx(bytes), fieldsOfEndpointRxtx(bytes)) };
}

function legacy(c: CaseText, layout: 'aligned-16-48' | 'xen-12-44'): CaseDraft {
  const bytes = encode(c, CANONICAL, { layout, form: 'v1.0' });
  const opts: RxtxDecodeOptions = { form: 'v1.0', layout };
  const got = decodeEndpointRxtx(bytes, opts);
  return { group: 'rxtx-v1.0', test: acceptableTest(c, bytes, got, undefined, got, fieldsOfEndpointRxtx(bytes, opts)) };
}

export function rxtxCases(): CaseDraft[] {
  const canon = encode(text('canonical', ''), CANONICAL);
  const multi = encode(text('multi', ''), MULTI);
  const wrap: EndpointRxtxDescriptor = { ...CANONICAL, rx: { totalPageCount: 2, ranges: [{ address: 0xfffffffffffff000n, pageCount: 2 }] } };
  return [
    valid(text('canonical-vm1', 'The 80-byte blob Hafnium, tftf and Xen (4.22.0) write for VM 1 with one RX and one TX page', ['Canonical']), canon),
    valid(text('max-vm-id', 'VM id 0x7fff, the largest normal-world id', ['ExtremeValues']), encode(text('max-vm-id', ''), desc(0x7fff, RX, TX))),
    valid(text('high-addresses', 'RX and TX above 4 GiB', ['HighAddress']), encode(text('high-addresses', ''), desc(2, 0x0000008800002000n, 0x0000008800001000n))),
    valid(text('four-pages', 'Four-page buffers (Hafnium HEAD writes the VM\'s real page count)', ['MultiPage']), encode(text('four-pages', ''), desc(4, 0x88010000n, 0x88020000n, 4))),
    valid(text('multi-range', 'RX composite of 2 ranges at 16, TX composite of 3 ranges at 64', ['MultiRange']), multi),
    valid(text('reversed-composites', 'TX composite at 16 before the RX composite at 48: a decoder must follow the offsets', ['UnusualOffsets']), reversed()),
    valid(text('gap-before-rx', 'RX composite at 24, TX at 56: legal 8-byte aligned offsets with an unused gap', ['UnusualOffsets']), gapped()),
    invalid(text('truncated-header', 'Only 10 bytes: the header ends inside tx_region_offs'), canon.slice(0, 10), { rule: 'truncated', field: 'tx_region_offs', offset: 8 }),
    invalid(text('truncated-tx-range', 'The buffer ends at 72, inside the TX constituent at 64'), canon.slice(0, 72), { rule: 'truncated', field: 'tx.ranges[0]', offset: 64 }),
    invalid(text('rx-offset-misaligned', 'rx_region_offs = 20, not a multiple of 8'), patched(canon, [[4, 4, 20]]), { rule: 'misaligned', field: 'rx_region_offs', offset: 4 }),
    invalid(text('tx-offset-misaligned', 'tx_region_offs = 52, not a multiple of 8'), patched(canon, [[8, 4, 52]]), { rule: 'misaligned', field: 'tx_region_offs', offset: 8 }),
    invalid(text('rx-offset-into-header', 'rx_region_offs = 8 points into the 12-byte header'), patched(canon, [[4, 4, 8]]), { rule: 'offset-into-header', field: 'rx_region_offs', offset: 4 }),
    invalid(text('tx-offset-past-end', 'tx_region_offs = 80, the end of the 80-byte buffer'), patched(canon, [[8, 4, 80]]), { rule: 'offset-past-end', field: 'tx_region_offs', offset: 8 }),
    invalid(text('reserved-nonzero', 'The reserved u16 at 2 is 1'), patched(canon, [[2, 2, 1]]), { rule: 'reserved-nonzero', field: 'reserved', offset: 2 }),
    invalid(text('rx-composite-reserved', 'The RX composite\'s reserved u64 at 24 is non-zero'), patched(canon, [[24, 8, 0x100]]), { rule: 'reserved-nonzero', field: 'rx.reserved', offset: 24 }),
    invalid(text('tx-range-reserved', 'The TX constituent\'s reserved u32 at 76 is non-zero'), patched(canon, [[76, 4, 1]]), { rule: 'reserved-nonzero', field: 'tx.ranges[0].reserved', offset: 76 }),
    invalid(text('rx-zero-pages', 'The RX constituent has 0 pages'), patched(canon, [[40, 4, 0]]), { rule: 'zero-page-count', field: 'rx.ranges[0].page_count', offset: 40 }),
    invalid(text('rx-total-mismatch', 'RX total_page_count 2 with one range of 1 page'), patched(canon, [[16, 4, 2]]), { rule: 'page-count-mismatch', field: 'rx.total_page_count', offset: 16 }),
    invalid(text('rx-no-ranges', 'RX address_range_count 0'), patched(canon, [[20, 4, 0]]), { rule: 'bad-value', field: 'rx.address_range_count', offset: 20 }),
    invalid(text('tx-count-overflow', 'TX address_range_count 0xffffffff: 16-byte ranges from 64 overflow 32 bits'), patched(canon, [[52, 4, 0xffffffff]]), { rule: 'count-overflow', field: 'tx.address_range_count', offset: 52 }),
    invalid(text('rx-address-misaligned', 'RX address 0x88002100 is not 4 KiB aligned'), patched(canon, [[32, 8, 0x88002100]]), { rule: 'misaligned', field: 'rx.ranges[0].address', offset: 32 }),
    invalid(text('composites-overlap', 'tx_region_offs = 16: both composites at the same bytes'), patched(canon, [[8, 4, 16]]), { rule: 'overlap', field: 'tx_region_offs', offset: 8 }),
    invalid(text('ranges-overlap', 'The two RX ranges name the same page'), patched(multi, [[48, 8, 0x90000000]]), { rule: 'overlap', field: 'rx.ranges[1].address', offset: 48 }),
    invalid(text('range-wraps', 'An RX range of 2 pages from 0xfffffffffffff000 runs past 2^64'), encode(text('range-wraps', ''), wrap), { rule: 'bad-value', field: 'rx.ranges[0].address', offset: 32 }),
    xen1244(text('xen-12-44-vm1', 'The 76-byte blob Xen wrote before d1b958a92c: composites at 12 and 44, not 8-byte aligned', ['UnalignedRxtxOffsets']), CANONICAL),
    xen1244(text('xen-12-44-multi-range', 'Xen\'s 12/44 header with multi-range composites (the TX composite follows the RX one)', ['UnalignedRxtxOffsets', 'MultiRange']), MULTI),
    stalePadding(text('stale-padding', 'The canonical blob written over a TX page full of 0xa5: Xen leaves the pad at 12..15 as it was', ['StalePadding'])),
    legacy(text('v1.0-form-16', 'Xen\'s unused v1.0 form: words at 4/8 are range counts (1, 1), composites at 16 and 48', ['LegacyV10RxtxForm']), 'aligned-16-48'),
    legacy(text('v1.0-form-12', 'The v1.0 form with the composites right after the 12-byte header', ['LegacyV10RxtxForm']), 'xen-12-44'),
  ];
}
