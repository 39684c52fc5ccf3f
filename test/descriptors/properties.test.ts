// Round-trip and totality properties of every descriptor codec (Arm DEN0077 layouts). Run count
// from FC_RUNS (default 1000; `npm run fuzz` uses 10000+).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { V1_0, V1_1, V1_2 } from '../../src/ffa/version';
import {
  DECODE_RULES, decodeComposite, decodeEmad, decodeEndpointRxtx, decodeMemAccessPerm, decodeMemTransaction, decodePartInfo,
  encodeComposite, encodeEmad, encodeEndpointRxtx, encodeMemAccessPerm, encodeMemTransaction, encodePartInfo,
  fieldsOfEndpointRxtx, fieldsOfMemTransaction, fieldsOfPartInfo, mustDecode, mustEncode, type Decoded, type PartInfoSize,
} from '../../src/descriptors/index';
import { composite, FC_OPTS, memTransaction, partInfo, rxtxDescriptor } from './_arbitraries';

const opts = FC_OPTS;

describe('round trips: decode(encode(x)) = x', () => {
  it('composite', () => {
    fc.assert(fc.property(composite, (c) => {
      expect(mustDecode(decodeComposite(mustEncode(encodeComposite(c))))).toEqual({ ...c, length: 16 + 16 * c.ranges.length });
    }), opts);
  });

  it('endpoint RX/TX descriptor, both forms and both layouts', () => {
    fc.assert(fc.property(rxtxDescriptor, fc.constantFrom('aligned-16-48', 'xen-12-44') as fc.Arbitrary<'aligned-16-48' | 'xen-12-44'>,
      fc.constantFrom('v1.1', 'v1.0') as fc.Arbitrary<'v1.1' | 'v1.0'>, (d, layout, form) => {
        const bytes = mustEncode(encodeEndpointRxtx(d, { layout, form }));
        const got = mustDecode(decodeEndpointRxtx(bytes, { form, layout, allowUnalignedOffsets: layout === 'xen-12-44' }));
        expect({ senderId: got.senderId, rx: got.rx, tx: got.tx }).toEqual(d);
        expect(got.length).toBe(bytes.length);
        expect(got.rxOffset).toBe(layout === 'xen-12-44' ? 12 : 16);
      }), opts);
  });

  it('memory access permissions and EMADs of both sizes', () => {
    fc.assert(fc.property(memTransaction(false, true), fc.integer({ min: 0, max: 0xffffffff }), (t, off) => {
      const rcv = t.receivers[0];
      if (rcv === undefined) return;
      expect(mustDecode(decodeMemAccessPerm(mustEncode(encodeMemAccessPerm(rcv.access))))).toEqual(rcv.access);
      expect(mustDecode(decodeEmad(mustEncode(encodeEmad(rcv, off, 32)), 32))).toEqual({ ...rcv, regionOffset: off });
      const small = { access: rcv.access };
      expect(mustDecode(decodeEmad(mustEncode(encodeEmad(small, off, 16)), 16))).toEqual({ ...small, regionOffset: off });
    }), opts);
  });

  for (const [label, version, impdef] of [['1.0', V1_0, false], ['1.1', V1_1, false], ['1.2', V1_2, true]] as const) {
    it(`memory transaction v${label}`, () => {
      fc.assert(fc.property(memTransaction(version === V1_0, impdef), (t) => {
        const bytes = mustEncode(encodeMemTransaction(t, { version }));
        const got = mustDecode(decodeMemTransaction(bytes, { version }));
        const { senderId, attributes, flags, handle, tag, receivers, region } = got;
        expect({ senderId, attributes, flags, handle, tag, receivers, region }).toEqual(t);
        expect(got.length).toBe(bytes.length);
      }), opts);
    });
  }

  for (const size of [8, 24, 48] as const) {
    it(`partition info, ${size}-byte entries`, () => {
      fc.assert(fc.property(fc.array(partInfo(size), { maxLength: 6 }), (entries) => {
        const bytes = mustEncode(encodePartInfo(entries, size));
        expect(bytes.length).toBe(entries.length * size);
        expect(mustDecode(decodePartInfo(bytes, entries.length, size))).toEqual(entries);
      }), opts);
    });
  }
});

/** A failure must name a known rule and an offset inside (or just at the end of) the buffer. */
function wellFormed<T>(result: Decoded<T>, length: number): void {
  if (result.ok) return;
  expect(DECODE_RULES).toContain(result.error.rule);
  expect(result.error.offset).toBeGreaterThanOrEqual(0);
  // A missing structure is reported where it should start: at most the 4-byte pad past the end.
  expect(result.error.offset).toBeLessThanOrEqual(length + 4);
  expect(result.error.field.length).toBeGreaterThan(0);
}

/** Arbitrary bytes, and valid encodings with a few bytes overwritten: the latter reach deep checks. */
const junk = fc.uint8Array({ maxLength: 200 });
const mutated = (base: fc.Arbitrary<Uint8Array>) => fc.tuple(base, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }))
  .map(([bytes, edits]) => {
    const out = bytes.slice();
    for (const [at, v] of edits) if (out.length > 0) out[at % out.length] = v;
    return out;
  });
const rxtxBytes = mutated(rxtxDescriptor.map((d) => mustEncode(encodeEndpointRxtx(d, { layout: 'aligned-16-48' }))));
const memtxBytes = mutated(memTransaction(false, true).map((t) => mustEncode(encodeMemTransaction(t, { version: V1_2 }))));

describe('decoders are total: they never throw, and failures are well formed', () => {
  it('endpoint RX/TX descriptor', () => {
    fc.assert(fc.property(fc.oneof(junk, rxtxBytes), fc.boolean(), fc.constantFrom('v1.1', 'v1.0') as fc.Arbitrary<'v1.1' | 'v1.0'>, (bytes, loose, form) => {
      wellFormed(decodeEndpointRxtx(bytes, { form, allowUnalignedOffsets: loose }), bytes.length);
      fieldsOfEndpointRxtx(bytes, { form });
    }), opts);
  });

  it('memory transaction, every version', () => {
    fc.assert(fc.property(fc.oneof(junk, memtxBytes), fc.constantFrom(V1_0, V1_1, V1_2), (bytes, version) => {
      wellFormed(decodeMemTransaction(bytes, { version }), bytes.length);
      fieldsOfMemTransaction(bytes, { version });
    }), opts);
  });

  it('partition info, composite, EMAD, permissions', () => {
    fc.assert(fc.property(junk, fc.integer({ min: -1, max: 0x1_0000_0001 }), fc.constantFrom(0, 8, 16, 24, 48), (bytes, count, size) => {
      wellFormed(decodePartInfo(bytes, count, size), bytes.length);
      fieldsOfPartInfo(bytes, count, size as PartInfoSize);
      wellFormed(decodeComposite(bytes), bytes.length);
      wellFormed(decodeEmad(bytes, 16), bytes.length);
      wellFormed(decodeEmad(bytes, 32), bytes.length);
      wellFormed(decodeMemAccessPerm(bytes), bytes.length);
    }), opts);
  });
});
