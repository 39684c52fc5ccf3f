// FF-A UUID register packing (Arm DEN0077 FFA_PARTITION_INFO_GET w1..w4; Xen ffa_private.h
// struct ffa_uuid { uint64_t val[2]; }). STUB: API first.

export type UuidWords = readonly [number, number, number, number];

export function uuidToWords(_uuid: Uint8Array): UuidWords {
  return [0, 0, 0, 0];
}

export function wordsToUuid(_w1: number, _w2: number, _w3: number, _w4: number): Uint8Array {
  return new Uint8Array(16);
}
