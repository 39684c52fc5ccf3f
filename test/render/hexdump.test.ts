// Hex dump rendering of descriptor bytes; layouts and values from xen-ffa-revisions.md §2.6.
import { describe, expect, it } from 'vitest';
import { decodeEndpointRxtx, fieldsOfEndpointRxtx, type FieldSpan } from '../../src/descriptors/index';
import { formatDecodeError, hexdump, hexdumpHtml } from '../../src/render/hexdump';
import { image } from '../descriptors/_bytes';

// §2.6 fixed layout, VM id 2, RX at 0x40001000, TX at 0x40002000, one page each.
const blob = image(80, [
  [0, 2, 2], [4, 4, 16], [8, 4, 48], [16, 4, 1], [20, 4, 1], [32, 8, 0x4000_1000n], [40, 4, 1],
  [48, 4, 1], [52, 4, 1], [64, 8, 0x4000_2000n], [72, 4, 1],
]);

describe('hexdump', () => {
  it('prints offset, 16 bytes with a gap after 8, and the fields starting on the row', () => {
    const lines = hexdump(blob, { fields: fieldsOfEndpointRxtx(blob) }).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('0000  02 00 00 00 10 00 00 00  30 00 00 00 00 00 00 00  '
      + 'sender_id=2, reserved=0, rx_region_offs=16, tx_region_offs=48, padding=00000000');
    expect(lines[1]).toBe('0010  01 00 00 00 01 00 00 00  00 00 00 00 00 00 00 00  '
      + 'rx.total_page_count=1, rx.address_range_count=1, rx.reserved=0');
    expect(lines[2]).toBe('0020  00 10 00 40 00 00 00 00  01 00 00 00 00 00 00 00  '
      + 'rx.ranges[0].address=0x40001000, rx.ranges[0].page_count=1, rx.ranges[0].reserved=0');
  });

  it('without fields it is a plain dump; a short last row keeps its columns', () => {
    expect(hexdump(Uint8Array.from([1, 2, 3]))).toBe('0000  01 02 03');
    expect(hexdump(new Uint8Array(0))).toBe('0000');
  });

  it('base shifts the printed addresses, width changes the row length', () => {
    expect(hexdump(blob, { base: 0x8000_0000 }).split('\n')[1]?.slice(0, 8)).toBe('80000010');
    const narrow = hexdump(blob, { width: 8 }).split('\n');
    expect(narrow).toHaveLength(10);
    expect(narrow[1]).toBe('0008  30 00 00 00 00 00 00 00');
  });

  it('marks a highlighted range with ^^ under its bytes', () => {
    const lines = hexdump(blob, { highlight: { offset: 4, length: 4 } }).split('\n');
    expect(lines[1]).toBe(`${' '.repeat(6)}${' '.repeat(12)}^^ ^^ ^^ ^^`);
    expect(lines).toHaveLength(6);
  });
});

describe('formatDecodeError', () => {
  it("shows rule, field and offset, and marks the field in Xen's old 12/44 descriptor", () => {
    const old = image(76, [[0, 2, 2], [4, 4, 12], [8, 4, 44], [12, 4, 1], [16, 4, 1], [44, 4, 1], [48, 4, 1]]);
    const got = decodeEndpointRxtx(old);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    const text = formatDecodeError(old, got.error, { fields: fieldsOfEndpointRxtx(old) }).split('\n');
    expect(text[0]).toMatch(/^misaligned at offset 4 \(0x4\) in rx_region_offs: /);
    expect(text[1]?.startsWith('0000  02 00 00 00 0c 00 00 00  2c 00 00 00')).toBe(true);
    expect(text[2]).toBe(`${' '.repeat(18)}^^ ^^ ^^ ^^`);
    expect(text).toHaveLength(5); // message, rows 0x00 0x10 0x20 with the mark after 0x00
  });

  it('marks a truncated structure up to the end and shows only the rows around it', () => {
    const cut = blob.subarray(0, 72);
    const got = decodeEndpointRxtx(cut);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    const text = formatDecodeError(cut, got.error, { context: 1 });
    expect(text.split('\n')[0]).toMatch(/^truncated at offset 64 \(0x40\) in tx\.ranges\[0\]/);
    expect(text).not.toContain('\n0020');
    expect(text).toContain('\n0030');
    expect(text.split('\n').at(-1)).toBe(`${' '.repeat(6)}^^ ^^ ^^ ^^ ^^ ^^ ^^ ^^`);
  });

  it('says so when the offset is past the end', () => {
    const text = formatDecodeError(new Uint8Array(4), { rule: 'truncated', field: 'x', offset: 8, message: 'm' });
    expect(text).toContain('the buffer has 4 bytes');
  });
});

describe('hexdumpHtml', () => {
  it('is one <pre> with inline styles only, escapes names, and marks highlighted bytes', () => {
    const fields: FieldSpan[] = [{ offset: 0, size: 2, name: 'a<b>&"c"', value: 1 }];
    const html = hexdumpHtml(blob.subarray(0, 20), { fields, highlight: { offset: 4, length: 4 } });
    expect(html.startsWith('<pre style="')).toBe(true);
    expect(html).not.toMatch(/class=|<link|<style/);
    expect(html).toContain('a&lt;b&gt;&amp;&quot;c&quot;=1');
    expect(html).not.toContain('a<b>');
    expect(html.match(/outline:1px solid/g)).toHaveLength(4);
  });
});
