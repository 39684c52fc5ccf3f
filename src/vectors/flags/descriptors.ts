// Flag notes of the descriptors suite (Arm DEN0077 descriptor rules as spmc-implementations.md §3
// and xen-ffa-revisions.md §3 summarise them): one flag per spec rule a malformed case breaks,
// and flags for the layouts and implementation choices a valid case exercises.
import type { FlagNote } from '../format';
import { LEDGER_FLAGS } from './ledger';

function malformed(description: string): FlagNote {
  return { bugType: 'MALFORMED', description, effect: 'a decoder that accepts it reads out of bounds or misinterprets the buffer' };
}

/** The flag each decode rule gives an invalid case (the rule itself is in the test's `error`). */
export const RULE_FLAG: Readonly<Record<string, string>> = Object.freeze({
  truncated: 'Truncated',
  'count-overflow': 'CountOverflow',
  'offset-past-end': 'OffsetPastEnd',
  'offset-into-header': 'OffsetIntoHeader',
  misaligned: 'Misaligned',
  'reserved-nonzero': 'ReservedNonZero',
  'zero-page-count': 'ZeroPageCount',
  'page-count-mismatch': 'PageCountMismatch',
  'bad-size': 'BadSize',
  'bad-value': 'BadValue',
  overlap: 'Overlap',
});

export const DESCRIPTOR_FLAGS: Readonly<Record<string, FlagNote>> = Object.freeze({
  Canonical: { bugType: 'BASIC', description: 'The layout the reference implementations produce for the common case (Hafnium, TF-A tests, Linux, Xen from 4.22.0).' },
  MultiRange: { bugType: 'EDGE_CASE', description: 'A composite memory region with more than one constituent address range.' },
  MultiPage: { bugType: 'EDGE_CASE', description: 'Buffers or ranges of more than one 4 KiB page.' },
  MultiReceiver: { bugType: 'EDGE_CASE', description: 'More than one endpoint memory access descriptor sharing one composite.' },
  HighAddress: { bugType: 'EDGE_CASE', description: 'Addresses above 4 GiB: the upper 32 bits of 64-bit fields must survive.' },
  ExtremeValues: { bugType: 'EDGE_CASE', description: 'Field values at the top of their range (ids, handles, tags, page counts).' },
  UnusualOffsets: { bugType: 'EDGE_CASE', description: 'Offsets that are legal but not where the usual builders put them (gaps, reversed order): a decoder must follow the offset fields, not assume positions.' },
  ByHandle: { bugType: 'EDGE_CASE', description: 'EMAD composite offset 0: the descriptor names the memory by its handle and carries no composite (the retrieve-request form).' },
  OlderEmadSize: { bugType: 'LEGACY', description: 'A v1.2+ reader given 16-byte EMADs: mem_access_size says which layout the sender used (Hafnium treats 16 as v1.1; Xen before a90376c6ad always sent 16).' },
  UuidPacking: { bugType: 'BASIC', description: 'The 16 UUID bytes are the four 32-bit register words w1..w4 written little-endian in order (Linux export_uuid/import_uuid, OP-TEE tee_uuid_from_octets).' },
  LegacyV10RxtxForm: {
    bugType: 'LEGACY',
    description: 'Xen\'s unused struct ffa_endpoint_rxtx_descriptor_1_0, whose words at 4 and 8 are RX/TX range counts; read as the header followed by the RX and then the TX composite. Not verified against the spec (spmc-implementations §3.2): no implementation is required to accept it.',
    implementations: ['Xen ffa_rxtx.c (declared, never written)'],
  },
  UnalignedRxtxOffsets: {
    ...LEDGER_FLAGS.UnalignedRxtxOffsets,
    implementations: ['Xen before d1b958a92c writes 12/44', 'Hafnium before b9c1912c took an alignment fault', 'Hafnium v2.15+ refuses with INVALID_PARAMETERS'],
  },
  StalePadding: {
    ...LEDGER_FLAGS.StalePadding,
    implementations: ['Xen from d1b958a92c leaves bytes 12..15 as they were', 'Hafnium and tftf write them as zero'],
  },
  Truncated: malformed('The buffer ends inside a fixed-size structure or array.'),
  CountOverflow: malformed('A count times its element size (plus its base offset) does not fit 32 bits, as a C decoder computes it.'),
  OffsetPastEnd: malformed('An offset field points where its structure cannot fit in the buffer.'),
  OffsetIntoHeader: malformed('An offset field points back into the header (or array) that holds it.'),
  Misaligned: malformed('An offset or address without the alignment the spec requires (8 bytes for RX/TX composites, 16 for EMAD arrays, 4 KiB for addresses).'),
  ReservedNonZero: malformed('A must-be-zero field or bit is set.'),
  ZeroPageCount: malformed('A constituent address range of 0 pages.'),
  PageCountMismatch: malformed('A composite\'s total_page_count is not the sum of its ranges\' page counts.'),
  BadSize: malformed('A size field (or size argument) that the layout does not allow.'),
  BadValue: malformed('A field value outside its defined encodings (no ranges, wrong count, an address range past 2^64...).'),
  Overlap: malformed('Two structures share bytes, or two ranges of one composite share pages.'),
});
