// The descriptors suite (vectors/descriptors/*.json): one file per descriptor kind, every layout
// and FF-A version of it, valid (fields -> bytes) and invalid (bytes -> rule, field, offset).
import type { FileDraft } from '../assemble';
import { DESCRIPTOR_FLAGS } from '../flags/descriptors';
import { DESCRIPTORS_SCHEMA_FILE } from '../schema/descriptors';
import { RXTX_GROUPS, rxtxCases } from './descriptors-rxtx';

const COMMON_REFS: readonly string[] = Object.freeze([
  'Arm DEN0077 (FF-A) v1.1/v1.2: descriptor layouts, as summarised in spmc-implementations.md §3 and xen-ffa-revisions.md §3',
]);

const FIELD_DOC =
  'fields: one row per field tiling the whole buffer: name, offset, size, kind (uint: little-endian unsigned integer, value as 0x + 2*size hex digits; bytes: raw bytes as hex), value. Rows named `unused` cover bytes no structure defines.';

export function descriptorFiles(): FileDraft[] {
  return [
    {
      path: 'descriptors/endpoint-rxtx.json',
      suite: 'descriptors',
      subject: 'endpoint-rxtx',
      schema: DESCRIPTORS_SCHEMA_FILE,
      description: [
        'Endpoint RX/TX descriptor: what a hypervisor writes at offset 0 of its own TX buffer before a forwarded FFA_RXTX_MAP_64 with w1 = w2 = w3 = 0.',
        'layout v1.1-aligned-16-48: header (sender_id 0:2, reserved 2:2, rx_region_offs 4:4, tx_region_offs 8:4), 4-byte pad, composites at 8-byte aligned offsets (the spec; Hafnium, tftf, Xen from d1b958a92c).',
        'layout v1.1-xen-12-44: the same header with composites at 12 and 44 (Xen before d1b958a92c): acceptable, the spec forbids the unaligned offsets.',
        'layout v1.0-range-counts: Xen\'s unused v1.0 struct, words at 4/8 are range counts; unverified, acceptable only.',
        FIELD_DOC,
        'invalid tests: error gives the first rule the bytes break (decode checks in offset order), the field and its offset; a consumer need only refuse the bytes.',
      ],
      references: [
        ...COMMON_REFS,
        'spmc-implementations.md §3.2 (the canonical 80-byte blob); xen-ffa-revisions.md §2.6 (Xen\'s offsets, old and fixed)',
        'Xen d1b958a92c "Fix RX/TX map layout and errors"; Hafnium b9c1912c (offsets must be 8-byte aligned)',
      ],
      groups: RXTX_GROUPS,
      cases: rxtxCases(),
      notes: DESCRIPTOR_FLAGS,
    },
  ];
}
