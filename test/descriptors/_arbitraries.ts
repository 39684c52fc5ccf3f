// fast-check generators of spec-valid FF-A descriptors (Arm DEN0077): page-aligned, non-zero,
// non-overlapping ranges whose total matches, ids and fields within their widths.
import fc from 'fast-check';
import type { AddressRange, CompositeRegion, EndpointRxtxDescriptor, MemReceiver, MemTransaction, PartInfo, PartInfoSize } from '../../src/descriptors/index';

export const RUNS = Number(process.env.FC_RUNS ?? 1000);
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
/** fast-check parameters: FC_RUNS runs (default 1000) and, to replay a failure, FC_SEED. */
export const FC_OPTS: { numRuns: number; seed?: number } = SEED === undefined ? { numRuns: RUNS } : { numRuns: RUNS, seed: SEED };

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

/** Disjoint runs laid out upward from a start page, listed in either order. */
export const composite: fc.Arbitrary<CompositeRegion> = fc.record({
  startPage: fc.bigInt({ min: 0n, max: 1n << 51n }),
  runs: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 << 20 }), fc.integer({ min: 1, max: 1 << 16 })), { minLength: 1, maxLength: 8 }),
  reversed: fc.boolean(),
}).map(({ startPage, runs, reversed }) => {
  let page = startPage;
  const ranges: AddressRange[] = runs.map(([gap, len]) => {
    page += BigInt(gap);
    const r = { address: page * 4096n, pageCount: len };
    page += BigInt(len);
    return r;
  });
  if (reversed) ranges.reverse();
  return { totalPageCount: ranges.reduce((s, r) => s + r.pageCount, 0), ranges };
});

export const rxtxDescriptor: fc.Arbitrary<EndpointRxtxDescriptor> = fc.record({ senderId: u16, rx: composite, tx: composite });

/** A valid permissions byte: data and instruction access in 0..2, bits [7:4] zero. */
const perm = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })).map(([d, i]) => d | (i << 2));

const receiver = (impdef: boolean): fc.Arbitrary<MemReceiver> => fc.record({
  access: fc.record({ endpointId: u16, perm, flags: fc.integer({ min: 0, max: 0xff }) }),
  ...(impdef ? { impdef: fc.uint8Array({ minLength: 16, maxLength: 16 }) } : {}),
});

/** Attributes with no reserved encoding: shareability 0/2/3, Normal cacheability 1/3, or Device any. */
const attributes = (ns: boolean): fc.Arbitrary<number> => fc.oneof(
  fc.tuple(fc.constantFrom(0, 2, 3), fc.constantFrom(1, 3)).map(([s, c]) => s | (c << 2) | (2 << 4)),
  fc.tuple(fc.constantFrom(0, 2, 3), fc.integer({ min: 0, max: 3 })).map(([s, c]) => s | (c << 2) | (1 << 4)),
  fc.constant(0),
).chain((a) => (ns ? fc.constantFrom(a, a | 0x40) : fc.constant(a)));

export const memTransaction = (v10: boolean, impdef: boolean): fc.Arbitrary<MemTransaction> => fc.record({
  senderId: u16, attributes: attributes(!v10), flags: u32, handle: u64, tag: u64,
  receivers: fc.array(receiver(impdef), { minLength: 1, maxLength: 4 }),
  region: fc.option(composite, { nil: null }),
});

export const partInfo = (size: PartInfoSize): fc.Arbitrary<PartInfo> => {
  const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 });
  const base = { id: u16, execCount: u16, properties: u32 };
  if (size === 8) return fc.record(base);
  if (size === 24) return fc.record({ ...base, uuid });
  return fc.record({ ...base, uuid, imageUuid: uuid, partitionVersion: u32 });
};
