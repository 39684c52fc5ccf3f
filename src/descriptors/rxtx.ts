// Endpoint RX/TX descriptor (Arm DEN0077 v1.1 "Endpoint RX/TX descriptor", the payload of a
// forwarded FFA_RXTX_MAP; Xen ffa_rxtx.c struct ffa_endpoint_rxtx_descriptor_1_0/_1_1; Hafnium
// vmlib/ffa.c ffa_endpoint_rx_tx_descriptor_init).
//
// The v1.0 form (words at 4/8 are RX/TX range counts) exists only as Xen's unused
// ffa_endpoint_rxtx_descriptor_1_0; spmc-implementations §3.2 marks it unverified against the
// spec. Here it is read as that header followed by the RX composite and then the TX composite,
// each range count repeated in its composite: an assumption, not a checked fact.
import { compositeSize, COMPOSITE_HEADER_SIZE, readComposite, type ReadComposite } from './_composite';
import { firstMissing, Reader, sortedFields } from './_reader';
import { fail, ok, policyOf, relay, WAIVE_ALL, type Policy } from './_result';
import { encodeEndpointRxtxInto, RXTX_ALIGNMENT, RXTX_HEADER_SIZE, rxtxHeaderEnd } from './_rxtx-encode';
import type { Decoded, DecodedEndpointRxtx, DecodeOptions, EndpointRxtxDescriptor, Encoded, FieldSpan, RxtxForm, RxtxLayout } from './types';

export { RXTX_ALIGNMENT, RXTX_HEADER_SIZE, rxtxHeaderEnd } from './_rxtx-encode';

export interface RxtxEncodeOptions {
  readonly layout: RxtxLayout;
  readonly form?: RxtxForm;
}

export interface RxtxDecodeOptions extends DecodeOptions {
  /** Accept composite offsets that are not 8-byte aligned, as Xen wrote before d1b958a92c (12/44). */
  readonly allowUnalignedOffsets?: boolean;
  readonly form?: RxtxForm;
  /** v1.0 form only: where the header ends (12 or 16). Default 'aligned-16-48'. */
  readonly layout?: RxtxLayout;
}

/** Bytes the descriptor occupies: header (+ pad), RX composite, TX composite. */
export function endpointRxtxSize(d: EndpointRxtxDescriptor, layout: RxtxLayout): number {
  return rxtxHeaderEnd(layout) + compositeSize(d.rx.ranges.length) + compositeSize(d.tx.ranges.length);
}

/** A zero-filled buffer holding the descriptor. */
export function encodeEndpointRxtx(d: EndpointRxtxDescriptor, opts: RxtxEncodeOptions): Encoded {
  return encodeEndpointRxtxInto(null, d, opts);
}

/**
 * Write the descriptor at offset 0 of `target` (e.g. a TX page) as Xen does: bytes it does not
 * define, the 4-byte pad at 12..15 included, keep whatever they held (B20).
 */
export function writeEndpointRxtx(target: Uint8Array, d: EndpointRxtxDescriptor, opts: RxtxEncodeOptions): Encoded {
  return encodeEndpointRxtxInto(target, d, opts);
}

export function decodeEndpointRxtx(bytes: Uint8Array, opts?: RxtxDecodeOptions): Decoded<DecodedEndpointRxtx> {
  return readEndpointRxtx(new Reader(bytes), opts, policyOf(opts));
}

/** The fields of a descriptor, as far as its bounds can be followed (spec rules waived). */
export function fieldsOfEndpointRxtx(bytes: Uint8Array, opts?: RxtxDecodeOptions): FieldSpan[] {
  const trace: FieldSpan[] = [];
  readEndpointRxtx(new Reader(bytes, trace), opts, policyOf(opts, WAIVE_ALL));
  return sortedFields(trace);
}

const HEADER = {
  'v1.1': [['sender_id', 0, 2], ['reserved', 2, 2], ['rx_region_offs', 4, 4], ['tx_region_offs', 8, 4]],
  'v1.0': [['sender_id', 0, 2], ['reserved', 2, 2], ['rx_range_count', 4, 4], ['tx_range_count', 8, 4]],
} as const;

function readEndpointRxtx(r: Reader, opts: RxtxDecodeOptions | undefined, policy: Policy): Decoded<DecodedEndpointRxtx> {
  const form = opts?.form ?? 'v1.1';
  const header = HEADER[form];
  const missing = firstMissing(r, header);
  if (missing !== undefined) {
    return fail('truncated', missing[0], missing[1], `the ${RXTX_HEADER_SIZE}-byte header ends at ${r.length}, inside ${missing[0]}`);
  }
  const senderId = r.u16(0, 'sender_id');
  const reserved = r.u16(2, 'reserved');
  const word4 = r.u32(4, header[2][0]);
  const word8 = r.u32(8, header[3][0]);
  if (reserved !== 0 && policy.enforces('reserved-nonzero')) {
    return fail('reserved-nonzero', 'reserved', 2, `reserved is 0x${reserved.toString(16)}, must be zero`);
  }
  const found = form === 'v1.1'
    ? readByOffsets(r, word4, word8, opts?.allowUnalignedOffsets === true, policy)
    : readByCounts(r, word4, word8, rxtxHeaderEnd(opts?.layout ?? 'aligned-16-48'), policy);
  if (!found.ok) return relay(found);
  const { rx, tx, rxOffset, txOffset } = found.value;
  if (rxOffset < tx.end && txOffset < rx.end && policy.enforces('overlap')) {
    return fail('overlap', header[3][0], 8, `the TX composite [${txOffset}, ${tx.end}) overlaps the RX composite [${rxOffset}, ${rx.end})`);
  }
  return ok({ senderId, rx: rx.region, tx: tx.region, form, rxOffset, txOffset, length: Math.max(rx.end, tx.end) });
}

interface Pair {
  readonly rx: ReadComposite;
  readonly tx: ReadComposite;
  readonly rxOffset: number;
  readonly txOffset: number;
}

function readByOffsets(r: Reader, rxOffset: number, txOffset: number, unaligned: boolean, policy: Policy): Decoded<Pair> {
  if (Math.min(rxOffset, txOffset) >= RXTX_HEADER_SIZE + 4) r.mark(RXTX_HEADER_SIZE, 4, 'padding');
  const rx = readAt(r, rxOffset, 'rx', 'rx_region_offs', 4, unaligned, policy);
  if (!rx.ok) return relay(rx);
  const tx = readAt(r, txOffset, 'tx', 'tx_region_offs', 8, unaligned, policy);
  if (!tx.ok) return relay(tx);
  return ok({ rx: rx.value, tx: tx.value, rxOffset, txOffset });
}

function readAt(r: Reader, off: number, path: string, field: string, fieldOff: number, unaligned: boolean, policy: Policy): Decoded<ReadComposite> {
  if (off < RXTX_HEADER_SIZE) {
    return fail('offset-into-header', field, fieldOff, `${field} = ${off} points into the ${RXTX_HEADER_SIZE}-byte header`);
  }
  if (off % RXTX_ALIGNMENT !== 0 && !unaligned && policy.enforces('misaligned')) {
    return fail('misaligned', field, fieldOff, `${field} = ${off} is not 8-byte aligned (the spec requires it; Xen wrote 12/44 before d1b958a92c)`);
  }
  if (!r.fits(off, COMPOSITE_HEADER_SIZE)) {
    return fail('offset-past-end', field, fieldOff, `${field} = ${off}: a 16-byte composite there ends past the buffer (${r.length} bytes)`);
  }
  return readComposite(r, off, path, policy);
}

function readByCounts(r: Reader, rxCount: number, txCount: number, headerEnd: number, policy: Policy): Decoded<Pair> {
  if (headerEnd > RXTX_HEADER_SIZE) r.mark(RXTX_HEADER_SIZE, headerEnd - RXTX_HEADER_SIZE, 'padding');
  const rx = readFixed(r, headerEnd, 'rx', rxCount, 'rx_range_count', 4, policy);
  if (!rx.ok) return relay(rx);
  const tx = readFixed(r, rx.value.end, 'tx', txCount, 'tx_range_count', 8, policy);
  if (!tx.ok) return relay(tx);
  return ok({ rx: rx.value, tx: tx.value, rxOffset: headerEnd, txOffset: rx.value.end });
}

function readFixed(r: Reader, off: number, path: string, count: number, field: string, fieldOff: number, policy: Policy): Decoded<ReadComposite> {
  if (!r.fits(off, COMPOSITE_HEADER_SIZE)) {
    return fail('truncated', `${path}.total_page_count`, off, `the ${path} composite needs 16 bytes at ${off}, the buffer ends at ${r.length}`);
  }
  const got = readComposite(r, off, path, policy);
  if (!got.ok) return got;
  if (got.value.region.ranges.length !== count && policy.enforces('bad-value')) {
    return fail('bad-value', field, fieldOff, `${field} = ${count} but the ${path} composite holds ${got.value.region.ranges.length} ranges`);
  }
  return got;
}
