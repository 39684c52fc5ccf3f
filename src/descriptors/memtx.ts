// Memory transaction descriptor (Arm DEN0077 v1.0 32-byte and v1.1+ 48-byte headers, "Memory
// transaction descriptor"; Xen ffa_shm.c struct ffa_mem_transaction_1_0/_1_1; checks as Hafnium's
// ffa_memory_region_sanity_check applies them, without its implementation limits).
import { V1_2, type FfaVersion } from '../ffa/version';
import { checkHeader, MEMTX_HEADER_1_0, MEMTX_HEADER_1_1 } from './_memtx-header';
import { encodeMemTransactionBytes, isV10Layout, MEMTX_HEADER_SIZE_1_0, MEMTX_HEADER_SIZE_1_1 } from './_memtx-encode';
import { readRegions } from './_memtx-regions';
import { readEmad, type EmadSize } from './_emad';
import { firstMissing, Reader, sortedFields } from './_reader';
import { fail, ok, policyOf, relay, u32Span, WAIVE_ALL, type Policy } from './_result';
import type { Decoded, DecodedMemTransaction, DecodeOptions, Encoded, FieldSpan, MemReceiver, MemTransaction } from './types';

export { memTransactionLayout, MEMTX_HEADER_SIZE_1_0, MEMTX_HEADER_SIZE_1_1, type MemTxLayout } from './_memtx-encode';

export interface MemTxEncodeOptions {
  /** Selects the layout: < 1.1 the v1.0 header, 1.1 the 48-byte header, >= 1.2 also 32-byte EMADs. */
  readonly version: FfaVersion;
  /** v1.1+ only: override the EMAD size (16 as a v1.1 sender writes, 32 as v1.2+). */
  readonly emadSize?: 16 | 32;
}

export interface MemTxDecodeOptions extends DecodeOptions {
  readonly version: FfaVersion;
}

export function encodeMemTransaction(d: MemTransaction, opts: MemTxEncodeOptions): Encoded {
  return encodeMemTransactionBytes(d, opts.version, opts.emadSize);
}

export function decodeMemTransaction(bytes: Uint8Array, opts: MemTxDecodeOptions): Decoded<DecodedMemTransaction> {
  return readMemTransaction(new Reader(bytes), opts.version, policyOf(opts));
}

export function fieldsOfMemTransaction(bytes: Uint8Array, opts: MemTxDecodeOptions): FieldSpan[] {
  const trace: FieldSpan[] = [];
  readMemTransaction(new Reader(bytes, trace), opts.version, policyOf(opts, WAIVE_ALL));
  return sortedFields(trace);
}

function readMemTransaction(r: Reader, version: FfaVersion, policy: Policy): Decoded<DecodedMemTransaction> {
  const v10 = isV10Layout(version);
  const headerSize = v10 ? MEMTX_HEADER_SIZE_1_0 : MEMTX_HEADER_SIZE_1_1;
  const missing = firstMissing(r, v10 ? MEMTX_HEADER_1_0 : MEMTX_HEADER_1_1);
  if (missing !== undefined) {
    return fail('truncated', missing[0], missing[1], `the ${headerSize}-byte header ends at ${r.length}, inside ${missing[0]}`);
  }
  const head = checkHeader(r, v10, policy);
  if (!head.ok) return relay(head);
  const h = head.value;
  // Hafnium's reading (spmc-implementations §3.7): 16 means the v1.1 EMAD, 32 the v1.2 one, and a
  // v1.1 sender may not use 32. TF-A accepts any multiple of 16; that laxer rule is not modelled.
  const sizes: readonly number[] = v10 ? [16] : version >= V1_2 ? [16, 32] : [16];
  if (!sizes.includes(h.emadSize)) {
    return fail('bad-size', 'mem_access_size', 24, `mem_access_size ${h.emadSize}: FF-A ${v10 ? '1.0' : version >= V1_2 ? '1.2+' : '1.1'} EMADs are ${sizes.join(' or ')} bytes`);
  }
  if (h.count === 0 && policy.enforces('bad-value')) return fail('bad-value', 'mem_access_count', 28, 'a transaction needs at least one receiver');
  const array = locateEmads(r, v10, h.emadOffset, h.count, h.emadSize, policy);
  if (!array.ok) return relay(array);
  const receivers: MemReceiver[] = [];
  const regionOffsets: number[] = [];
  for (let i = 0; i < h.count; i++) {
    const got = readEmad(r, h.emadOffset + i * h.emadSize, `emads[${i}]`, h.emadSize as EmadSize, policy);
    if (!got.ok) return relay(got);
    receivers.push(got.value.receiver);
    regionOffsets.push(got.value.regionOffset);
  }
  const regions = readRegions(r, { headerSize, emadOffset: h.emadOffset, emadEnd: array.value, emadSize: h.emadSize }, regionOffsets, policy);
  if (!regions.ok) return relay(regions);
  const { sender, attributes, flags, handle, tag, emadSize, emadOffset } = h;
  return ok({
    senderId: sender, attributes, flags, handle, tag, receivers,
    region: regions.value.list.find((x) => x !== null) ?? null,
    emadSize, emadOffset, regionOffsets, regions: regions.value.list, length: Math.max(array.value, regions.value.end),
  });
}

/** Checks where the EMAD array sits and that it fits; returns where it ends. */
function locateEmads(r: Reader, v10: boolean, offset: number, count: number, size: number, policy: Policy): Decoded<number> {
  if (!v10) {
    if (offset < MEMTX_HEADER_SIZE_1_1) return fail('offset-into-header', 'mem_access_offs', 32, `mem_access_offs ${offset} points into the 48-byte header`);
    if (offset % 16 !== 0 && policy.enforces('misaligned')) return fail('misaligned', 'mem_access_offs', 32, `mem_access_offs ${offset} is not 16-byte aligned`);
  }
  const end = u32Span(offset, count, size);
  if (end === undefined) return fail('count-overflow', 'mem_access_count', 28, `${count} EMADs of ${size} bytes from ${offset} overflow 32 bits`);
  if (!v10 && count > 0 && !r.fits(offset, size)) {
    return fail('offset-past-end', 'mem_access_offs', 32, `mem_access_offs ${offset}: no room for a ${size}-byte EMAD in ${r.length} bytes`);
  }
  if (end > r.length) {
    const k = Math.max(0, Math.floor((r.length - offset) / size));
    return fail('truncated', `emads[${k}]`, offset + k * size, `emads[${k}] needs ${size} bytes at ${offset + k * size}, the buffer ends at ${r.length}`);
  }
  return ok(end);
}
