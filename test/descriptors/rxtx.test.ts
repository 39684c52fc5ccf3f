// Endpoint RX/TX descriptor: byte tables of xen-ffa-revisions.md §2.6 and spmc-implementations.md §3.2.
import { describe, expect, it } from 'vitest';
import { decodeEndpointRxtx, encodeEndpointRxtx, fieldsOfEndpointRxtx, mustEncode, writeEndpointRxtx, type EndpointRxtxDescriptor } from '../../src/descriptors/index';
import { hex, image } from './_bytes';

const RX = 0x4000_1000n;
const TX = 0x4000_2000n;
const desc = (id: number, n: number): EndpointRxtxDescriptor => ({
  senderId: id,
  rx: { totalPageCount: n, ranges: [{ address: RX, pageCount: n }] },
  tx: { totalPageCount: n, ranges: [{ address: TX, pageCount: n }] },
});

// xen-ffa-revisions §2.6, "fixed off" column (d1b958a92c onwards), and spmc-implementations §3.2.
const fixed = (id: number, n: number) => image(80, [
  [0, 2, id], [2, 2, 0], [4, 4, 16], [8, 4, 48], [12, 4, 0],
  [16, 4, n], [20, 4, 1], [24, 8, 0n], [32, 8, RX], [40, 4, n], [44, 4, 0],
  [48, 4, n], [52, 4, 1], [56, 8, 0n], [64, 8, TX], [72, 4, n], [76, 4, 0],
]);

// xen-ffa-revisions §2.6, "old off" column (S0 through a97fe0a4c7): no pad, composites at 12 and 44.
const old = (id: number) => image(76, [
  [0, 2, id], [2, 2, 0], [4, 4, 12], [8, 4, 44],
  [12, 4, 1], [16, 4, 1], [20, 8, 0n], [28, 8, RX], [36, 4, 1], [40, 4, 0],
  [44, 4, 1], [48, 4, 1], [52, 8, 0n], [60, 8, TX], [68, 4, 1], [72, 4, 0],
]);

describe('endpoint RX/TX descriptor, aligned 16/48 layout', () => {
  it('encodes the canonical 80-byte blob (spmc-implementations §3.2, N = 1 as Xen and tftf write it)', () => {
    const got = encodeEndpointRxtx(desc(2, 1), { layout: 'aligned-16-48' });
    expect(got.ok && hex(got.bytes)).toBe(hex(fixed(2, 1)));
  });

  it('encodes N = 4 pages (Hafnium HEAD writes the real page count in totals and constituent)', () => {
    const got = encodeEndpointRxtx(desc(0x7e, 4), { layout: 'aligned-16-48' });
    expect(got.ok && hex(got.bytes)).toBe(hex(fixed(0x7e, 4)));
  });

  it('decodes the blob strictly', () => {
    const got = decodeEndpointRxtx(fixed(2, 1));
    expect(got).toEqual({ ok: true, value: { ...desc(2, 1), form: 'v1.1', rxOffset: 16, txOffset: 48, length: 80 } });
  });

  it('ignores the 4 pad bytes: they are not a spec field and Xen leaves them stale (B20)', () => {
    const bytes = fixed(2, 1);
    bytes.fill(0xcc, 12, 16);
    expect(decodeEndpointRxtx(bytes).ok).toBe(true);
  });

  it('writes in place like Xen: pad and bytes past the descriptor keep their old contents', () => {
    const page = new Uint8Array(4096).fill(0xaa);
    const got = writeEndpointRxtx(page, desc(2, 1), { layout: 'aligned-16-48' });
    expect(got.ok && got.bytes.length).toBe(80);
    expect(Array.from(page.subarray(12, 16))).toEqual([0xaa, 0xaa, 0xaa, 0xaa]);
    expect(page[80]).toBe(0xaa);
    const expected = fixed(2, 1);
    expected.fill(0xaa, 12, 16);
    expect(hex(page.subarray(0, 80))).toBe(hex(expected));
  });

  it('refuses a target that is too small, without writing', () => {
    const small = new Uint8Array(79);
    const got = writeEndpointRxtx(small, desc(2, 1), { layout: 'aligned-16-48' });
    expect(got.ok).toBe(false);
    expect(small.every((b) => b === 0)).toBe(true);
  });
});

describe('endpoint RX/TX descriptor, old Xen 12/44 layout', () => {
  it('encodes 76 bytes with composites at 12 and 44', () => {
    const got = encodeEndpointRxtx(desc(3, 1), { layout: 'xen-12-44' });
    expect(got.ok && hex(got.bytes)).toBe(hex(old(3)));
  });

  it('is refused by default: 12 is not 8-byte aligned (d1b958a92c; Hafnium b9c1912c)', () => {
    const got = decodeEndpointRxtx(old(3));
    expect(got.ok).toBe(false);
    if (!got.ok) expect([got.error.rule, got.error.field, got.error.offset]).toEqual(['misaligned', 'rx_region_offs', 4]);
  });

  it('decodes with allowUnalignedOffsets, the option modelling an SPMC that accepts it', () => {
    const got = decodeEndpointRxtx(old(3), { allowUnalignedOffsets: true });
    expect(got).toEqual({ ok: true, value: { ...desc(3, 1), form: 'v1.1', rxOffset: 12, txOffset: 44, length: 76 } });
  });
});

describe('endpoint RX/TX descriptor, v1.0 form (header words are range counts)', () => {
  // Assumed layout (see rxtx.ts): same composites; words 4 and 8 hold the range counts 1 and 1.
  it('round-trips through both layouts', () => {
    for (const layout of ['aligned-16-48', 'xen-12-44'] as const) {
      const bytes = mustEncode(encodeEndpointRxtx(desc(5, 2), { layout, form: 'v1.0' }));
      const view = new DataView(bytes.buffer);
      expect([view.getUint32(4, true), view.getUint32(8, true)]).toEqual([1, 1]);
      const back = decodeEndpointRxtx(bytes, { form: 'v1.0', layout });
      expect(back.ok && back.value.rx).toEqual(desc(5, 2).rx);
      expect(back.ok && back.value.txOffset).toBe(layout === 'xen-12-44' ? 44 : 48);
    }
  });
});

describe('field table', () => {
  it('names every field at its §2.6 offset', () => {
    const fields = fieldsOfEndpointRxtx(fixed(2, 1));
    const at = (name: string) => fields.find((f) => f.name === name)?.offset;
    expect(at('rx_region_offs')).toBe(4);
    expect(at('padding')).toBe(12);
    expect(at('rx.total_page_count')).toBe(16);
    expect(at('rx.ranges[0].address')).toBe(32);
    expect(at('tx.address_range_count')).toBe(52);
    expect(at('tx.ranges[0].page_count')).toBe(72);
    expect(fields.find((f) => f.name === 'tx.ranges[0].address')?.value).toBe(TX);
  });
});
