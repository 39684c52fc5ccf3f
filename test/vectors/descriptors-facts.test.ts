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

describe('MEM_SHARE descriptor Xen writes (xen-ffa-revisions §2.7)', () => {
  const memtx = loadFile('descriptors/mem-transaction.json');
  it('xen-share-one-range is the §2.7 table for one 1-page range, tot_len 80 + 16', () => {
    const { test, group } = findCase(memtx, 'memtx/xen-share-one-range');
    expect(group).toMatchObject({ ffaVersion: '1.1', emadSize: 16 });
    const expected =
      le(1, 2) + le(0x2f, 2) + le(0, 4) + le(0, 8) + le(0, 8) + // sender, attributes, flags, handle 0, tag
      le(16, 4) + le(1, 4) + le(48, 4) + '00'.repeat(12) + // mem_access_size, count, offs, reserved
      le(0x8001, 2) + le(0x02, 1) + le(0, 1) + le(64, 4) + le(0, 8) + // EMAD: SP, RW, flags, region_offs 64
      le(1, 4) + le(1, 4) + le(0, 8) + // composite: total pages, range count, reserved
      le(0x89000000n, 8) + le(1, 4) + le(0, 4); // range[0]
    expect(str(test.bytes)).toBe(expected);
    expect(str(test.bytes).length / 2).toBe(80 + 16 * 1);
  });
  it('three ranges put range i at 80 + 16i (ADDR_RANGE_OFFSET)', () => {
    const { test } = findCase(memtx, 'memtx/xen-share-three-ranges');
    const b = str(test.bytes);
    expect(b.length / 2).toBe(80 + 16 * 3);
    expect(b.slice(64 * 2, 72 * 2)).toBe(le(5, 4) + le(3, 4)); // 5 pages in 3 ranges
    expect(b.slice(112 * 2, 120 * 2)).toBe(le(0x8a000000n, 8)); // range[2].address
  });
  it('v1.2 layout: 32-byte EMAD, IMPDEF at 56..71, composite at 80 (spmc-implementations §3.6)', () => {
    const { test } = findCase(memtx, 'memtx/linux-v1.2-impdef');
    const b = str(test.bytes);
    expect(b.slice(24 * 2, 36 * 2)).toBe(le(32, 4) + le(1, 4) + le(48, 4));
    expect(b.slice(52 * 2, 56 * 2)).toBe(le(80, 4));
    expect(b.slice(56 * 2, 72 * 2)).toBe('a0a1a2a3a4a5a6a7a8a9aaabacadaeaf');
    expect(b.length / 2).toBe(96 + 16);
  });
  it('v1.0 layout: EMAD at 32, composite at 48, ranges from 64 (spmc-implementations §3.6)', () => {
    const { test } = findCase(memtx, 'memtx/linux-v1.0-two-ranges');
    const b = str(test.bytes);
    expect(b.slice(24 * 2, 32 * 2)).toBe(le(0, 4) + le(1, 4));
    expect(b.slice(36 * 2, 40 * 2)).toBe(le(48, 4));
    expect(b.length / 2).toBe(64 + 16 * 2);
  });
  it('a 32-byte EMAD size is refused from a v1.1 reader', () => {
    const { test } = findCase(memtx, 'memtx/emad-size-32-at-v1.1');
    expect(test.result).toBe('invalid');
    expect(test.error).toMatchObject({ field: 'mem_access_size', offset: 24 });
  });
});

describe('partition info and UUID packing (spmc-implementations §3.1)', () => {
  const pi = loadFile('descriptors/partition-info.json');
  it('entries are 8, 24 and 48 bytes', () => {
    expect(str(findCase(pi, 'partinfo/v1.0-two-sps').test.bytes).length / 2).toBe(16);
    expect(str(findCase(pi, 'partinfo/v1.1-two-sps').test.bytes).length / 2).toBe(48);
    expect(str(findCase(pi, 'partinfo/v1.3-one-sp').test.bytes).length / 2).toBe(48);
  });
  it('a VM entry carries DIRECT_REQ_SEND | INDIRECT_MSGS | RECV_NOTIF | AARCH64 = 0x10e (xen-ffa-revisions §3)', () => {
    const { test } = findCase(pi, 'partinfo/v1.1-sps-and-vm');
    expect(str(test.bytes).slice(48 * 2, 56 * 2)).toBe(le(1, 2) + le(2, 2) + le(0x10e, 4));
  });
  it('UUID bytes 00..0f travel as w1 = 0x03020100 ... w4 = 0x0f0e0d0c', () => {
    const { test } = findCase(pi, 'partinfo/uuid-bytes-00-0f');
    expect(test.registers).toEqual(['0x0000000003020100', '0x0000000007060504', '0x000000000b0a0908', '0x000000000f0e0d0c']);
  });
});
