// Composite memory region descriptor and its constituent address ranges (Arm DEN0077 v1.1
// "Composite memory region descriptor" / "Constituent memory region descriptor"; Xen
// ffa_private.h struct ffa_mem_region / struct ffa_address_range), shared by every codec.
import type { Reader } from './_reader';
import { checkU64, checkUint, fail, firstProblem, ok, u32Span, U32_MAX, type EncodeCheck, type Policy } from './_result';
import type { Writer } from './_writer';
import type { AddressRange, CompositeRegion, Decoded } from './types';

export const COMPOSITE_HEADER_SIZE = 16;
export const ADDRESS_RANGE_SIZE = 16;
/** Constituent addresses are in units of the 4 KiB FF-A translation granule. */
export const FFA_PAGE_SIZE = 4096;
const ADDRESS_SPACE_END = 1n << 64n;

export function compositeSize(rangeCount: number): number {
  return COMPOSITE_HEADER_SIZE + ADDRESS_RANGE_SIZE * rangeCount;
}

export interface ReadComposite {
  readonly region: CompositeRegion;
  /** One past the composite's last range. */
  readonly end: number;
}

/**
 * Decode the composite at `off`. The caller has already checked that its 16-byte header fits
 * (how it got there, by offset field or fixed position, decides which rule a miss breaks).
 */
export function readComposite(r: Reader, off: number, path: string, policy: Policy): Decoded<ReadComposite> {
  const total = r.u32(off, `${path}.total_page_count`);
  const count = r.u32(off + 4, `${path}.address_range_count`);
  const reserved = r.u64(off + 8, `${path}.reserved`);
  if (reserved !== 0n && policy.enforces('reserved-nonzero')) {
    return fail('reserved-nonzero', `${path}.reserved`, off + 8, `${path}.reserved is 0x${reserved.toString(16)}, must be zero`);
  }
  if (count === 0 && policy.enforces('bad-value')) {
    return fail('bad-value', `${path}.address_range_count`, off + 4, `${path} describes no address range`);
  }
  const end = u32Span(off + COMPOSITE_HEADER_SIZE, count, ADDRESS_RANGE_SIZE);
  if (end === undefined) {
    return fail('count-overflow', `${path}.address_range_count`, off + 4, `${count} ranges of 16 bytes from offset ${off + 16} overflow 32 bits`);
  }
  if (end > r.length) {
    const k = Math.floor((r.length - off - COMPOSITE_HEADER_SIZE) / ADDRESS_RANGE_SIZE);
    const at = off + COMPOSITE_HEADER_SIZE + ADDRESS_RANGE_SIZE * k;
    return fail('truncated', `${path}.ranges[${k}]`, at, `${path}.ranges[${k}] needs 16 bytes at ${at}, the buffer ends at ${r.length}`);
  }
  const ranges: AddressRange[] = [];
  for (let i = 0; i < count; i++) {
    const got = readRange(r, off + COMPOSITE_HEADER_SIZE + ADDRESS_RANGE_SIZE * i, `${path}.ranges[${i}]`, policy);
    if (!got.ok) return got;
    ranges.push(got.value);
  }
  const clash = policy.enforces('overlap') ? firstOverlap(ranges) : undefined;
  if (clash !== undefined) {
    const at = off + COMPOSITE_HEADER_SIZE + ADDRESS_RANGE_SIZE * clash.later;
    return fail('overlap', `${path}.ranges[${clash.later}].address`, at,
      `${path}.ranges[${clash.later}] shares pages with ${path}.ranges[${clash.earlier}]`);
  }
  const sum = ranges.reduce((s, x) => s + x.pageCount, 0);
  if (sum !== total && policy.enforces('page-count-mismatch')) {
    return fail('page-count-mismatch', `${path}.total_page_count`, off, `${path}.total_page_count is ${total}, its ranges add up to ${sum}`);
  }
  return ok({ region: { totalPageCount: total, ranges }, end });
}

function readRange(r: Reader, off: number, path: string, policy: Policy): Decoded<AddressRange> {
  const address = r.u64(off, `${path}.address`);
  const pageCount = r.u32(off + 8, `${path}.page_count`);
  const reserved = r.u32(off + 12, `${path}.reserved`);
  if (reserved !== 0 && policy.enforces('reserved-nonzero')) {
    return fail('reserved-nonzero', `${path}.reserved`, off + 12, `${path}.reserved is 0x${reserved.toString(16)}, must be zero`);
  }
  if (pageCount === 0 && policy.enforces('zero-page-count')) {
    return fail('zero-page-count', `${path}.page_count`, off + 8, `${path} has 0 pages`);
  }
  if (address % BigInt(FFA_PAGE_SIZE) !== 0n && policy.enforces('misaligned')) {
    return fail('misaligned', `${path}.address`, off, `${path}.address 0x${address.toString(16)} is not 4 KiB aligned`);
  }
  if (address + BigInt(pageCount) * BigInt(FFA_PAGE_SIZE) > ADDRESS_SPACE_END && policy.enforces('bad-value')) {
    return fail('bad-value', `${path}.address`, off, `${path} runs past the end of the 64-bit address space`);
  }
  return ok({ address, pageCount });
}

/**
 * A pair of ranges whose pages intersect, found by a sweep in address order (n log n: a page of
 * ranges must not cost a quadratic scan). Deterministic: the first clash in address order.
 */
function firstOverlap(ranges: readonly AddressRange[]): { earlier: number; later: number } | undefined {
  const page = BigInt(FFA_PAGE_SIZE);
  const order = ranges.map((x, i) => ({ lo: x.address, hi: x.address + BigInt(x.pageCount) * page, i }))
    .filter((x) => x.hi > x.lo)
    .sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.i - b.i));
  const [first, ...rest] = order;
  if (first === undefined) return undefined;
  let reach = first;
  for (const cur of rest) {
    if (cur.lo < reach.hi) return { earlier: Math.min(reach.i, cur.i), later: Math.max(reach.i, cur.i) };
    if (cur.hi > reach.hi) reach = cur;
  }
  return undefined;
}

/** Write a composite and its ranges at `off`; the caller validated widths and sized the buffer. */
export function writeComposite(w: Writer, off: number, region: CompositeRegion): number {
  w.u32(off, region.totalPageCount);
  w.u32(off + 4, region.ranges.length);
  w.u64(off + 8, 0n);
  region.ranges.forEach((x, i) => {
    const at = off + COMPOSITE_HEADER_SIZE + ADDRESS_RANGE_SIZE * i;
    w.u64(at, x.address);
    w.u32(at + 8, x.pageCount);
    w.u32(at + 12, 0);
  });
  return off + compositeSize(region.ranges.length);
}

/** Encoder-side check: every value of the composite fits its wire field. */
export function checkComposite(path: string, region: CompositeRegion): EncodeCheck {
  return firstProblem([
    checkUint(`${path}.total_page_count`, region.totalPageCount, U32_MAX),
    checkUint(`${path}.address_range_count`, region.ranges.length, U32_MAX),
    ...region.ranges.flatMap((x, i) => [
      checkU64(`${path}.ranges[${i}].address`, x.address),
      checkUint(`${path}.ranges[${i}].page_count`, x.pageCount, U32_MAX),
    ]),
  ]);
}
