// Partition information descriptors (spmc-implementations.md §3.1, xen-ffa-revisions.md §3) and the
// UUID <-> w1..w4 packing (spmc-implementations §3.1 "UUID bytes", xen-ffa-revisions §3 ffa_uuid).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodePartInfo, encodePartInfo, fieldsOfPartInfo, mustDecode, mustEncode, uuidToWords, uuidToXenVal, wordsToUuid,
  xenValToUuid, xenValToWords, type PartInfo,
} from '../../src/descriptors/index';
import { FC_OPTS } from './_arbitraries';
import { hex, image } from './_bytes';

const U1 = Uint8Array.from({ length: 16 }, (_, i) => 0x10 + i);
const U2 = Uint8Array.from({ length: 16 }, (_, i) => 0xf0 - i);
// A v1.1 SP: direct req recv+send, indirect messages, AArch64 (bits 0, 1, 2, 8).
const sp: PartInfo = { id: 0x8001, execCount: 4, properties: 0x107, uuid: U1, imageUuid: U2, partitionVersion: 0x10003 };

describe('partition info descriptor sizes', () => {
  it('8 bytes (v1.0): id 0:2, execution context count 2:2, properties 4:4', () => {
    const bytes = mustEncode(encodePartInfo([sp], 8));
    expect(hex(bytes)).toBe('0180040007010000');
    expect(mustDecode(decodePartInfo(bytes, 1, 8))).toEqual([{ id: 0x8001, execCount: 4, properties: 0x107 }]);
  });

  it('24 bytes (v1.1/v1.2): UUID at 8:16; entries stride by 24', () => {
    const second: PartInfo = { id: 0x8002, execCount: 1, properties: 0x1, uuid: U2 };
    const bytes = mustEncode(encodePartInfo([sp, second], 24));
    const expected = image(48, [[0, 2, 0x8001], [2, 2, 4], [4, 4, 0x107], [24, 2, 0x8002], [26, 2, 1], [28, 4, 1]]);
    expected.set(U1, 8);
    expected.set(U2, 32);
    expect(hex(bytes)).toBe(hex(expected));
    expect(mustDecode(decodePartInfo(bytes, 2, 24))).toEqual([{ id: 0x8001, execCount: 4, properties: 0x107, uuid: U1 }, second]);
  });

  it('48 bytes (v1.3 ALP2, Hafnium v2.15+): protocol UUID 8, image UUID 24, FF-A version 40, reserved 44', () => {
    const bytes = mustEncode(encodePartInfo([sp], 48));
    const expected = image(48, [[0, 2, 0x8001], [2, 2, 4], [4, 4, 0x107], [40, 4, 0x10003], [44, 4, 0]]);
    expected.set(U1, 8);
    expected.set(U2, 24);
    expect(hex(bytes)).toBe(hex(expected));
    expect(mustDecode(decodePartInfo(bytes, 1, 48))).toEqual([sp]);
  });

  it('count 0 decodes to no entries, even from an empty buffer (count-only replies)', () => {
    expect(mustDecode(decodePartInfo(new Uint8Array(0), 0, 24))).toEqual([]);
  });

  it('refuses sizes other than 8/24/48 and entries that do not fit', () => {
    const a = decodePartInfo(new Uint8Array(64), 1, 16);
    expect(a.ok || [a.error.rule, a.error.field]).toEqual(['bad-size', 'size']);
    const b = decodePartInfo(new Uint8Array(47), 2, 24);
    expect(b.ok || [b.error.rule, b.error.field, b.error.offset]).toEqual(['truncated', 'entries[1]', 24]);
    expect(encodePartInfo([{ ...sp, uuid: new Uint8Array(15) }], 24).ok).toBe(false);
  });

  it('field table strides by the entry size', () => {
    const fields = fieldsOfPartInfo(mustEncode(encodePartInfo([sp, sp], 24)), 2, 24);
    expect(fields.find((f) => f.name === 'entries[1].properties')?.offset).toBe(28);
    expect(fields.find((f) => f.name === 'entries[1].uuid')?.offset).toBe(32);
  });
});

describe('UUID register packing', () => {
  const words = [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321] as const;
  const bytes = '78563412' + 'f0debc9a' + 'a9cbed0f' + '21436587'; // w1..w4, each little endian, in order

  it('the 16 bytes are w1..w4 stored little endian in order', () => {
    expect(hex(wordsToUuid(...words))).toBe(bytes);
    expect(uuidToWords(wordsToUuid(...words))).toEqual(words);
  });

  it("Xen's ffa_uuid: w1 = val[0] low, w2 = val[0] high, w3 = val[1] low, w4 = val[1] high", () => {
    const val = [0x9abcdef0_12345678n, 0x87654321_0fedcba9n] as const;
    expect(uuidToXenVal(wordsToUuid(...words))).toEqual(val);
    expect(xenValToWords(val)).toEqual(words);
    expect(hex(xenValToUuid(val))).toBe(bytes);
  });

  it('both statements agree for every UUID', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (u) => {
      expect(xenValToWords(uuidToXenVal(u))).toEqual(uuidToWords(u));
      expect(wordsToUuid(...uuidToWords(u))).toEqual(u);
    }), FC_OPTS);
  });
});
