// 32-bit hash mixing (MurmurHash3's block and finalisation steps) for state fingerprints: two
// lanes with different constants give a 53-bit key, so ~10^6 states collide with odds ~10^-4.

export function mixA(h: number, x: number): number {
  let k = Math.imul(x | 0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

export function mixB(h: number, x: number): number {
  let k = Math.imul(x | 0, 0x85ebca6b);
  k = (k << 13) | (k >>> 19);
  k = Math.imul(k, 0xc2b2ae35);
  h ^= k;
  h = (h << 15) | (h >>> 17);
  return (Math.imul(h, 3) + 0x52dce729) | 0;
}

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Two 32-bit lanes folded into one safe integer (21 + 32 bits). */
export function key53(a: number, b: number): number {
  return (a & 0x1fffff) * 0x100000000 + (b >>> 0);
}

export function hashString(s: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = mixA(h, s.charCodeAt(i));
  return fmix(h ^ s.length);
}
