// Hex encodings of the golden-vector format (vectors.md: bytes as lowercase hex, registers and
// integer fields as 0x-prefixed fixed-width hex): one encoder per kind so consumers see one shape.

const HEX_BYTES = /^(?:[0-9a-f]{2})*$/;

/** Lowercase hex, two digits per byte, no prefix: how buffer bytes appear in every file. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Inverse of bytesToHex; undefined for anything that is not an even run of lowercase hex digits. */
export function hexToBytes(hex: string): Uint8Array | undefined {
  if (!HEX_BYTES.test(hex)) return undefined;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * An unsigned integer field of `size` bytes as 0x + 2*size digits. Fixed width so a consumer can
 * read the field size from the value too, and so 64-bit values never travel as JSON numbers.
 */
export function uintHex(value: number | bigint, size: number): string {
  const v = typeof value === 'bigint' ? value : BigInt(value);
  return `0x${v.toString(16).padStart(size * 2, '0')}`;
}

/** A 16-bit endpoint id as it appears in scenario headers: 0x8001, 0x0002. */
export function idHex(id: number): string {
  return uintHex(id & 0xffff, 2);
}

/** A physical address (model addresses are numbers below 2^53): 16 digits like a register. */
export function addrHex(pa: number | bigint): string {
  return uintHex(pa, 8);
}
