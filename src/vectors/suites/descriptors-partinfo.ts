// Cases of the partition information descriptor (Arm DEN0077 FFA_PARTITION_INFO_GET: 8 bytes for
// v1.0, 24 for v1.1/v1.2, 48 for v1.3 ALP2; spmc-implementations.md §3.1) and of the UUID register
// packing (w1..w4). Append-only list: the position of a case is its tcId.
import {
  decodePartInfo, encodePartInfo, fieldsOfPartInfo, uuidToWords, type PartInfo, type PartInfoSize,
} from '../../descriptors/index';
import { regHex } from '../../ffa/frame';
import type { CaseDraft, GroupDraft } from '../assemble';
import { VectorGenerationError } from '../errors';
import { bytesToHex } from '../hex';
import { invalidTest, patched, validTest, type CaseText, type ExpectedError } from './_descriptor';

export const PARTINFO_GROUPS: readonly GroupDraft[] = Object.freeze([
  { key: 'pi-8', params: { type: 'PartitionInfoDescriptors', ffaVersion: '1.0', layout: 'partinfo-8', entrySize: 8 } },
  { key: 'pi-24', params: { type: 'PartitionInfoDescriptors', ffaVersion: '1.1', layout: 'partinfo-24', entrySize: 24 } },
  { key: 'pi-48', params: { type: 'PartitionInfoDescriptors', ffaVersion: '1.3', layout: 'partinfo-48', entrySize: 48 } },
  // An entry size no FF-A version defines: its own group, so the size a consumer decodes with is
  // the one the test is about (a size-16 test in the 24 group decoded as valid 24-byte entries).
  { key: 'pi-16', params: { type: 'PartitionInfoDescriptors', ffaVersion: '1.1', layout: 'partinfo-bad-size', entrySize: 16 } },
  { key: 'uuid', params: { type: 'UuidRegisters', ffaVersion: '1.1', layout: 'uuid-w1-w4' } },
]);

/** Property bits (spmc-implementations §3.1). */
const DIRECT_RECV = 1 << 0;
const DIRECT_SEND = 1 << 1;
const INDIRECT = 1 << 2;
const NOTIF_RECV = 1 << 3;
const VM_CREATED = 1 << 6;
const VM_DESTROYED = 1 << 7;
const AARCH64 = 1 << 8;

function uuid(seed: number): Uint8Array {
  return Uint8Array.from({ length: 16 }, (_, i) => (seed * 16 + i) & 0xff);
}

const SP1: PartInfo = { id: 0x8001, execCount: 8, properties: DIRECT_RECV | INDIRECT | VM_CREATED | VM_DESTROYED | AARCH64, uuid: uuid(1) };
const SP2: PartInfo = { id: 0x8002, execCount: 1, properties: DIRECT_RECV | NOTIF_RECV | AARCH64, uuid: uuid(2) };
/** A VM entry as Xen reports it: DIRECT_REQ_SEND | INDIRECT_MSGS | RECV_NOTIF | AARCH64 (xen-ffa-revisions §3). */
const VM1: PartInfo = { id: 0x0001, execCount: 2, properties: DIRECT_SEND | INDIRECT | NOTIF_RECV | AARCH64, uuid: new Uint8Array(16) };

function text(caseId: string, comment: string, flags: readonly string[] = []): CaseText {
  return { caseId: `partinfo/${caseId}`, comment, flags };
}

function encode(c: CaseText, entries: readonly PartInfo[], size: PartInfoSize): Uint8Array {
  const e = encodePartInfo(entries, size);
  if (!e.ok) throw new VectorGenerationError(c.caseId, `cannot encode: ${e.error.field}: ${e.error.message}`);
  return e.bytes;
}

function valid(c: CaseText, entries: readonly PartInfo[], size: PartInfoSize): CaseDraft {
  const bytes = encode(c, entries, size);
  const n = entries.length;
  return { group: `pi-${size}`, test: validTest(c, bytes, decodePartInfo(bytes, n, size), fieldsOfPartInfo(bytes, n, size), { entryCount: n }) };
}

function invalid(c: CaseText, group: string, bytes: Uint8Array, count: number, size: number, expect: ExpectedError): CaseDraft {
  return { group, test: invalidTest(c, bytes, decodePartInfo(bytes, count, size), expect, { entryCount: count }) };
}

function uuidCase(c: CaseText, bytes: Uint8Array): CaseDraft {
  return { group: 'uuid', test: { ...c, result: 'valid', uuid: bytesToHex(bytes), registers: uuidToWords(bytes).map((w) => regHex(BigInt(w))) } };
}

export function partinfoCases(): CaseDraft[] {
  const v13 = (p: PartInfo, seed: number): PartInfo => ({ ...p, imageUuid: uuid(seed), partitionVersion: 0x10003 });
  const two24 = encode(text('x', ''), [SP1, SP2], 24);
  const one48 = encode(text('x', ''), [v13(SP1, 9)], 48);
  return [
    valid(text('v1.0-two-sps', 'Two SPs as 8-byte v1.0 entries (id, execution context count, properties)', ['Canonical']), [SP1, SP2], 8),
    valid(text('v1.1-two-sps', 'Two SPs as 24-byte entries with their UUIDs (w3 = 24 in the reply)', ['Canonical']), [SP1, SP2], 24),
    valid(text('v1.1-sps-and-vm', 'Two SPs and one VM entry the way Xen appends VMs (properties 0x10e, nil UUID)'), [SP1, SP2, VM1], 24),
    valid(text('v1.3-one-sp', 'One 48-byte v1.3 entry: protocol UUID, image UUID, partition FF-A version 1.3 (Hafnium v2.15+)', ['Canonical']), [v13(SP1, 9)], 48),
    valid(text('v1.3-two-sps', 'Two 48-byte entries'), [v13(SP1, 9), v13(SP2, 10)], 48),
    valid(text('v1.1-max-values', 'Id 0xffff, 0xffff contexts, every property bit set', ['ExtremeValues']), [{ id: 0xffff, execCount: 0xffff, properties: 0xffffffff, uuid: uuid(15) }], 24),
    invalid(text('truncated-third-entry', 'Count 3 with only two 24-byte entries in the buffer'), 'pi-24', two24, 3, 24, { rule: 'truncated', field: 'entries[2]', offset: 48 }),
    invalid(text('size-16', 'Descriptor size 16 is none of 8, 24, 48'), 'pi-16', two24, 2, 16, { rule: 'bad-size', field: 'size', offset: 0 }),
    invalid(text('count-overflow', 'Count 0x10000000 of 24-byte entries overflows 32 bits'), 'pi-24', two24, 0x10000000, 24, { rule: 'count-overflow', field: 'count', offset: 0 }),
    invalid(text('v1.3-reserved', 'The reserved u32 at 44 of a 48-byte entry is set'), 'pi-48', patched(one48, [[44, 4, 1]]), 1, 48, { rule: 'reserved-nonzero', field: 'entries[0].reserved', offset: 44 }),
    invalid(text('v1.0-truncated', 'Count 2 of 8-byte entries in 12 bytes'), 'pi-8', encode(text('x', ''), [SP1, SP2], 8).slice(0, 12), 2, 8, { rule: 'truncated', field: 'entries[1]', offset: 8 }),
    uuidCase(text('uuid-nil', 'The nil UUID (all partitions) is w1..w4 = 0', ['UuidPacking']), new Uint8Array(16)),
    uuidCase(text('uuid-bytes-00-0f', 'Bytes 00..0f: w1 = 0x03020100, w2 = 0x07060504, w3 = 0x0b0a0908, w4 = 0x0f0e0d0c', ['UuidPacking']), uuid(0)),
    uuidCase(text('uuid-high-bits', 'Bytes with the top bit set in every word survive as unsigned 32-bit registers', ['UuidPacking']), Uint8Array.from([0xff, 0xee, 0xdd, 0xcc, 0x80, 0, 0, 0x80, 1, 2, 3, 0xf4, 0x9a, 0x5e, 0x1d, 0xb7])),
  ];
}
