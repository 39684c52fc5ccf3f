// Test helper: build expected byte images from (offset, size, value) rows written out from the
// reference tables, independently of the codecs under test.

export type Row = readonly [offset: number, size: 1 | 2 | 4 | 8, value: number | bigint];

/** A buffer of `length` bytes (filled with `fill`) with each row stored little endian. */
export function image(length: number, rows: readonly Row[], fill = 0): Uint8Array {
  const out = new Uint8Array(length).fill(fill);
  for (const [off, size, value] of rows) {
    let v = BigInt(value);
    for (let i = 0; i < size; i++) {
      out[off + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
