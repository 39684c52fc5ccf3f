// The committed descriptor vectors checked against facts written out by hand from the reference
// notes: spmc-implementations.md §3.2 (canonical endpoint RX/TX blob) and xen-ffa-revisions.md §2.6
// (Xen's 12/44 and 16/48 offsets).
import { describe, expect, it } from 'vitest';
import { findCase, le, loadFile, str, testsOf, type Json } from './_load';

const rxtx = loadFile('descriptors/endpoint-rxtx.json');

function field(t: Json, name: string): Json | undefined {
  return (Array.isArray(t.fields) ? t.fields : []).find((f: unknown) => typeof f === 'object' && f !== null && (f as Json).name === name) as Json | undefined;
}

describe('endpoint RX/TX descriptor (spmc-implementations §3.2)', () => {
  it('canonical-vm1 is the 80-byte blob of the table, word by word', () => {
    const { test, group } = findCase(rxtx, 'rxtx/canonical-vm1');
    expect(group.layout).toBe('v1.1-aligned-16-48');
    expect(test.result).toBe('valid');
    // §3.2: 0 u16 VM id; 2 u16 0; 4 u32 16; 8 u32 48; 12 u32 0
    // 16 RX composite: u32 N, u32 1, u64 0; 32 RX constituent: u64 address, u32 N, u32 0
    // 48 TX composite: u32 N, u32 1, u64 0; 64 TX constituent: u64 address, u32 N, u32 0
    const rx = 0x88002000n;
    const tx = 0x88001000n;
    const expected =
      le(1, 2) + le(0, 2) + le(16, 4) + le(48, 4) + le(0, 4) +
      le(1, 4) + le(1, 4) + le(0, 8) + le(rx, 8) + le(1, 4) + le(0, 4) +
      le(1, 4) + le(1, 4) + le(0, 8) + le(tx, 8) + le(1, 4) + le(0, 4);
    expect(str(test.bytes)).toBe(expected);
    expect(str(test.bytes).length).toBe(160);
  });

  it('the field table names the offsets of §3.2', () => {
    const { test } = findCase(rxtx, 'rxtx/canonical-vm1');
    expect(field(test, 'rx_region_offs')).toMatchObject({ offset: 4, size: 4, value: '0x00000010' });
    expect(field(test, 'tx_region_offs')).toMatchObject({ offset: 8, size: 4, value: '0x00000030' });
    expect(field(test, 'rx.ranges[0].address')).toMatchObject({ offset: 32, size: 8, value: '0x0000000088002000' });
    expect(field(test, 'tx.ranges[0].address')).toMatchObject({ offset: 64, size: 8, value: '0x0000000088001000' });
  });

  it('every valid or acceptable field table tiles its bytes exactly', () => {
    for (const t of testsOf(rxtx).filter((x) => Array.isArray(x.fields))) {
      let at = 0;
      for (const f of t.fields as Json[]) {
        expect(f.offset, String(t.caseId)).toBe(at);
        at += Number(f.size);
      }
      expect(at * 2, String(t.caseId)).toBe(str(t.bytes).length);
    }
  });
});

describe("Xen's 12/44 layout (xen-ffa-revisions §2.6, ledger B5)", () => {
  const { test, group } = findCase(rxtx, 'rxtx/xen-12-44-vm1');
  it('is acceptable, not valid, and names the misaligned rx_region_offs', () => {
    expect(group.layout).toBe('v1.1-xen-12-44');
    expect(test.result).toBe('acceptable');
    expect(test.error).toEqual({ rule: 'misaligned', field: 'rx_region_offs', offset: 4 });
    expect(test.flags).toContain('UnalignedRxtxOffsets');
  });
  it('has the old offsets of the §2.6 table: RX composite at 12, TX at 44, end at 76', () => {
    const b = str(test.bytes);
    expect(b.length).toBe(76 * 2);
    expect(b.slice(8, 16)).toBe(le(12, 4)); // rx_region_offs
    expect(b.slice(16, 24)).toBe(le(44, 4)); // tx_region_offs
    expect(b.slice(28 * 2, 36 * 2)).toBe(le(0x88002000n, 8)); // RX range[0].address at 28
    expect(b.slice(60 * 2, 68 * 2)).toBe(le(0x88001000n, 8)); // TX range[0].address at 60
  });
  it('the flag note gives the ledger id and the fixing commit', () => {
    const note = (rxtx.flags as Json).UnalignedRxtxOffsets as Json;
    expect(note.ledgerId).toBe('B5');
    expect(String(note.fixedBy)).toContain('d1b958a92c');
  });
});

describe('stale padding (ledger B20)', () => {
  it('keeps the 0xa5 filler at 12..15 and is acceptable', () => {
    const { test } = findCase(rxtx, 'rxtx/stale-padding');
    expect(test.result).toBe('acceptable');
    expect(str(test.bytes).slice(24, 32)).toBe('a5a5a5a5');
    expect(((rxtx.flags as Json).StalePadding as Json).ledgerId).toBe('B20');
  });
});
