// Standalone codec for one composite memory region descriptor with its constituent address
// ranges (Arm DEN0077 "Composite memory region descriptor"; Xen struct ffa_mem_region).
import { checkComposite, compositeSize, COMPOSITE_HEADER_SIZE, readComposite, writeComposite } from './_composite';
import { Reader } from './_reader';
import { encoded, fail, ok, policyOf, relay } from './_result';
import { Writer } from './_writer';
import type { CompositeRegion, Decoded, DecodeOptions, Encoded } from './types';

export { ADDRESS_RANGE_SIZE, COMPOSITE_HEADER_SIZE, compositeSize, FFA_PAGE_SIZE } from './_composite';

export function encodeComposite(region: CompositeRegion): Encoded {
  const problem = checkComposite('composite', region);
  if (problem !== undefined) return { ok: false, error: problem };
  const w = new Writer(new Uint8Array(compositeSize(region.ranges.length)));
  writeComposite(w, 0, region);
  return encoded(w.bytes);
}

export function decodeComposite(bytes: Uint8Array, opts?: DecodeOptions): Decoded<CompositeRegion & { readonly length: number }> {
  const r = new Reader(bytes);
  if (!r.fits(0, COMPOSITE_HEADER_SIZE)) return fail('truncated', 'composite', 0, `a composite needs 16 bytes, the buffer has ${r.length}`);
  const got = readComposite(r, 0, 'composite', policyOf(opts));
  if (!got.ok) return relay(got);
  return ok({ ...got.value.region, length: got.value.end });
}

/**
 * Merge pages into runs, as Xen's share_shm does: a page continues the current run when its
 * address is the previous page's plus 4096. Pure helper for building composites.
 */
export function runsOfPages(pages: readonly bigint[]): CompositeRegion {
  const ranges: { address: bigint; pageCount: number }[] = [];
  for (const p of pages) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last.address + BigInt(last.pageCount) * 4096n === p) last.pageCount += 1;
    else ranges.push({ address: p, pageCount: 1 });
  }
  return { totalPageCount: pages.length, ranges };
}
