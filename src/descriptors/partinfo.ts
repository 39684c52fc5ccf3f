// Partition information descriptor (Arm DEN0077 FFA_PARTITION_INFO_GET: v1.0 8 bytes, v1.1/v1.2
// 24 bytes, v1.3 ALP2 48 bytes as Hafnium v2.15+ returns it; Xen ffa_partinfo.c
// struct ffa_partition_info_1_0/_1_1; spmc-implementations §3.1).
import { Reader, sortedFields } from './_reader';
import { checkBytes, checkUint, encoded, encodeFail, fail, firstProblem, ok, policyOf, U16_MAX, U32_MAX, u32Span, WAIVE_ALL, type Policy } from './_result';
import { Writer } from './_writer';
import type { Decoded, DecodeOptions, Encoded, FieldSpan, PartInfo, PartInfoSize } from './types';

export const PART_INFO_SIZES: readonly PartInfoSize[] = Object.freeze([8, 24, 48] as const);

function isPartInfoSize(size: number): size is PartInfoSize {
  return (PART_INFO_SIZES as readonly number[]).includes(size);
}

/**
 * Each entry in `size` bytes. Smaller forms hold fewer fields, and dropping the rest is what an
 * SPMC does when it answers an older caller, so extra fields are left out on purpose. Property
 * bits are written as given: which are reserved depends on the caller's version.
 */
export function encodePartInfo(entries: readonly PartInfo[], size: PartInfoSize): Encoded {
  if (!isPartInfoSize(size)) return encodeFail('size', `partition info descriptors are 8, 24 or 48 bytes, not ${String(size)}`);
  const problem = firstProblem(entries.flatMap((e, i) => [
    checkUint(`entries[${i}].id`, e.id, U16_MAX),
    checkUint(`entries[${i}].exec_count`, e.execCount, U16_MAX),
    checkUint(`entries[${i}].properties`, e.properties, U32_MAX),
    e.uuid === undefined ? undefined : checkBytes(`entries[${i}].uuid`, e.uuid, 16),
    e.imageUuid === undefined ? undefined : checkBytes(`entries[${i}].image_uuid`, e.imageUuid, 16),
    e.partitionVersion === undefined ? undefined : checkUint(`entries[${i}].ffa_version`, e.partitionVersion, U32_MAX),
  ]));
  if (problem !== undefined) return { ok: false, error: problem };
  const w = new Writer(new Uint8Array(entries.length * size));
  entries.forEach((e, i) => {
    const at = i * size;
    w.u16(at, e.id);
    w.u16(at + 2, e.execCount);
    w.u32(at + 4, e.properties);
    if (size >= 24 && e.uuid !== undefined) w.raw(at + 8, e.uuid);
    if (size === 48 && e.imageUuid !== undefined) w.raw(at + 24, e.imageUuid);
    if (size === 48) w.u32(at + 40, e.partitionVersion ?? 0);
  });
  return encoded(w.bytes);
}

/** `count` entries of `size` bytes (w2 and w3 of the FFA_SUCCESS reply) from the start of `bytes`. */
export function decodePartInfo(bytes: Uint8Array, count: number, size: number, opts?: DecodeOptions): Decoded<PartInfo[]> {
  return readPartInfo(new Reader(bytes), count, size, policyOf(opts));
}

export function fieldsOfPartInfo(bytes: Uint8Array, count: number, size: number): FieldSpan[] {
  const trace: FieldSpan[] = [];
  readPartInfo(new Reader(bytes, trace), count, size, policyOf(undefined, WAIVE_ALL));
  return sortedFields(trace);
}

function readPartInfo(r: Reader, count: number, size: number, policy: Policy): Decoded<PartInfo[]> {
  if (!isPartInfoSize(size)) return fail('bad-size', 'size', 0, `partition info descriptors are 8, 24 or 48 bytes, not ${size}`);
  if (!Number.isInteger(count) || count < 0 || count > U32_MAX) return fail('bad-value', 'count', 0, `count ${count} is not a u32`);
  const end = u32Span(0, count, size);
  if (end === undefined) return fail('count-overflow', 'count', 0, `${count} entries of ${size} bytes overflow 32 bits`);
  if (end > r.length) {
    const k = Math.floor(r.length / size);
    return fail('truncated', `entries[${k}]`, k * size, `entries[${k}] needs ${size} bytes at ${k * size}, the buffer ends at ${r.length}`);
  }
  const out: PartInfo[] = [];
  for (let i = 0; i < count; i++) {
    const got = readEntry(r, i * size, `entries[${i}]`, size, policy);
    if (!got.ok) return got;
    out.push(got.value);
  }
  return ok(out);
}

/** One entry; readPartInfo has checked that all `size` bytes are in the buffer. */
function readEntry(r: Reader, at: number, path: string, size: PartInfoSize, policy: Policy): Decoded<PartInfo> {
  const base = { id: r.u16(at, `${path}.id`), execCount: r.u16(at + 2, `${path}.exec_count`), properties: r.u32(at + 4, `${path}.properties`) };
  if (size === 8) return ok(base);
  const uuid = r.raw(at + 8, 16, `${path}.uuid`);
  if (size === 24) return ok({ ...base, uuid });
  const imageUuid = r.raw(at + 24, 16, `${path}.image_uuid`);
  const partitionVersion = r.u32(at + 40, `${path}.ffa_version`);
  const reserved = r.u32(at + 44, `${path}.reserved`);
  if (reserved !== 0 && policy.enforces('reserved-nonzero')) {
    return fail('reserved-nonzero', `${path}.reserved`, at + 44, `${path}.reserved is 0x${reserved.toString(16)}, must be zero`);
  }
  return ok({ ...base, uuid, imageUuid, partitionVersion });
}
