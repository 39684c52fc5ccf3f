// FF-A UUID register packing (Arm DEN0077 FFA_PARTITION_INFO_GET w1..w4, partition info UUID
// field; Linux export_uuid/import_uuid) and Xen's view of it (ffa_private.h struct ffa_uuid,
// uint64_t val[2], from 5c85600270).
//
// Two statements of one fact: the 16 bytes are w1..w4 stored little endian in order, and Xen's
// val[0]/val[1] are those bytes read as two little-endian u64, with w1 = val[0] low half,
// w2 = val[0] high, w3 = val[1] low, w4 = val[1] high. No string form is offered: projects
// disagree on how a printed UUID maps to these bytes, and nothing here needs one.

export type UuidWords = readonly [number, number, number, number];
export type XenUuidVal = readonly [bigint, bigint];

export const UUID_SIZE = 16;
const MASK32 = 0xffffffffn;

/** A UUID that is not 16 bytes: a caller bug, not a malformed descriptor. */
export class UuidLengthError extends RangeError {
  override readonly name = 'UuidLengthError';
}

function viewOf(uuid: Uint8Array): DataView {
  if (uuid.length !== UUID_SIZE) throw new UuidLengthError(`a UUID has 16 bytes, got ${uuid.length}`);
  return new DataView(uuid.buffer, uuid.byteOffset, UUID_SIZE);
}

export function uuidToWords(uuid: Uint8Array): UuidWords {
  const v = viewOf(uuid);
  return [v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true)];
}

/** Only the low 32 bits of each word count, as an SMC32 callee sees w1..w4. */
export function wordsToUuid(w1: number, w2: number, w3: number, w4: number): Uint8Array {
  const out = new Uint8Array(UUID_SIZE);
  const v = new DataView(out.buffer);
  [w1, w2, w3, w4].forEach((w, i) => v.setUint32(4 * i, w >>> 0, true));
  return out;
}

export function uuidToXenVal(uuid: Uint8Array): XenUuidVal {
  const v = viewOf(uuid);
  return [v.getBigUint64(0, true), v.getBigUint64(8, true)];
}

export function xenValToUuid(val: XenUuidVal): Uint8Array {
  const out = new Uint8Array(UUID_SIZE);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt.asUintN(64, val[0]), true);
  v.setBigUint64(8, BigInt.asUintN(64, val[1]), true);
  return out;
}

/** Xen's register packing of struct ffa_uuid, written from its own statement of the rule. */
export function xenValToWords(val: XenUuidVal): UuidWords {
  const [lo, hi] = [BigInt.asUintN(64, val[0]), BigInt.asUintN(64, val[1])];
  return [Number(lo & MASK32), Number(lo >> 32n), Number(hi & MASK32), Number(hi >> 32n)];
}

export function nilUuid(): Uint8Array {
  return new Uint8Array(UUID_SIZE);
}

export function isNilUuid(uuid: Uint8Array): boolean {
  return uuid.length === UUID_SIZE && uuid.every((b) => b === 0);
}

export function uuidEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** 32 lowercase hex digits of the bytes in order (the vector format), not an RFC 4122 string. */
export function uuidToHex(uuid: Uint8Array): string {
  viewOf(uuid);
  return Array.from(uuid, (b) => b.toString(16).padStart(2, '0')).join('');
}
