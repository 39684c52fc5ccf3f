// The descriptors suite (vectors/descriptors/*.json): one file per descriptor kind, every layout
// and FF-A version of it, valid (fields -> bytes) and invalid (bytes -> rule, field, offset).
import { single, type FileDraft } from '../assemble';
import { DESCRIPTOR_FLAGS } from '../flags/descriptors';
import { DESCRIPTORS_SCHEMA_FILE } from '../schema/descriptors';
import { MEMTX_GROUPS, memtxCases } from './descriptors-memtx';
import { PARTINFO_GROUPS, partinfoCases } from './descriptors-partinfo';
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
      sections: single(rxtxCases()),
      notes: DESCRIPTOR_FLAGS,
    },
    {
      path: 'descriptors/mem-transaction.json',
      suite: 'descriptors',
      subject: 'mem-transaction',
      schema: DESCRIPTORS_SCHEMA_FILE,
      description: [
        'Memory transaction descriptor (FFA_MEM_SHARE/LEND/DONATE and retrieve): header, EMAD array, composite memory region with its constituent ranges.',
        'layout v1.0-header-32: 32-byte header (u8 attributes, reserved u32 at 24), 16-byte EMADs from 32. layout v1.1-header-48: 48-byte header with mem_access_size at 24, mem_access_count at 28, mem_access_offs at 32 and 12 reserved bytes; EMADs of emadSize bytes (16 in v1.1, 32 with a 16-byte IMPDEF value from v1.2).',
        'Group parameter ffaVersion is the version the reader decodes with: a v1.2 reader accepts 16- or 32-byte EMADs, a v1.1 reader only 16.',
        FIELD_DOC,
        'invalid tests: error gives the first rule the bytes break (header, then EMAD array, then composites), the field and its offset; a consumer need only refuse the bytes.',
      ],
      references: [
        ...COMMON_REFS,
        'xen-ffa-revisions.md §2.7 (what Xen writes for MEM_SHARE) and §3 (struct layouts); spmc-implementations.md §3.3-3.7 (Linux and Hafnium layouts, validation)',
      ],
      groups: MEMTX_GROUPS,
      sections: single(memtxCases()),
      notes: DESCRIPTOR_FLAGS,
    },
    {
      path: 'descriptors/partition-info.json',
      suite: 'descriptors',
      subject: 'partition-info',
      schema: DESCRIPTORS_SCHEMA_FILE,
      description: [
        'Partition information descriptors as FFA_PARTITION_INFO_GET writes them into the caller\'s RX buffer: entryCount entries (w2 of the reply) of entrySize bytes (w3).',
        'entrySize 8 (v1.0): id 0:2, execution context count 2:2, properties 4:4. 24 (v1.1/v1.2): plus UUID 8:16. 48 (v1.3 ALP2, Hafnium v2.15+): plus image UUID 24:16, partition FF-A version 40:4, reserved 44:4. Layout partinfo-bad-size: an entrySize no version defines (w3 of the reply), which a reader must refuse whatever the bytes.',
        'UuidRegisters tests: the 16 UUID bytes and the registers w1..w4 that carry them in FFA_PARTITION_INFO_GET (each word little-endian, in order).',
        FIELD_DOC,
      ],
      references: [
        ...COMMON_REFS,
        'spmc-implementations.md §3.1 (sizes, property bits, UUID packing); xen-ffa-revisions.md §3 (ffa_partition_info_1_0/_1_1, ffa_uuid)',
      ],
      groups: PARTINFO_GROUPS,
      sections: single(partinfoCases()),
      notes: DESCRIPTOR_FLAGS,
    },
  ];
}
