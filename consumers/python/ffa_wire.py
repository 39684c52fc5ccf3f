"""FF-A descriptor wire layouts (Arm DEN0077 v1.0-v1.3) as `struct` formats, little endian.

Offsets and sizes come from the spec's tables as the project's reference notes restate them:
  [XEN3]  xen-ffa-revisions.md section 3 "Layouts and constants"
  [XEN26] xen-ffa-revisions.md section 2.6, endpoint RX/TX descriptor table
  [XEN27] xen-ffa-revisions.md section 2.7, memory transaction descriptor table
  [SPMC3.x] spmc-implementations.md section 3.x
Each layout lists (name, struct code) pairs; `offsets()` computes the offsets from the codes and
the module asserts them against the tables at import time (never against ffa-lab's TypeScript).
Standard library only.
"""
from __future__ import annotations

import struct
from typing import Dict, List, Tuple

Layout = List[Tuple[str, str]]


class Struct:
    """A packed little-endian layout with named fields."""

    def __init__(self, name: str, fields: Layout):
        self.name = name
        self.fields = fields
        self.codec = struct.Struct('<' + ''.join(code for _, code in fields))
        self.size = self.codec.size
        offs: Dict[str, Tuple[int, int]] = {}
        at = 0
        for fname, code in fields:
            size = struct.calcsize('<' + code)
            offs[fname] = (at, size)
            at += size
        self.offsets = offs

    def unpack(self, buf: bytes, at: int = 0) -> Dict[str, object]:
        return dict(zip((n for n, _ in self.fields), self.codec.unpack_from(buf, at)))

    def pack_into(self, buf: bytearray, at: int, values: Dict[str, object]) -> None:
        self.codec.pack_into(buf, at, *(values[n] for n, _ in self.fields))


def _expect(s: Struct, size: int, table: Dict[str, int], source: str) -> None:
    assert s.size == size, f'{source}: {s.name} is {size} bytes, struct gives {s.size}'
    for fname, off in table.items():
        got = s.offsets[fname][0]
        assert got == off, f'{source}: {s.name}.{fname} at {off}, struct gives {got}'


# Constituent memory region descriptor ("address range") [SPMC3.5], [XEN3] ffa_address_range
CONSTITUENT = Struct('constituent', [('address', 'Q'), ('page_count', 'I'), ('reserved', 'I')])
_expect(CONSTITUENT, 16, {'address': 0, 'page_count': 8, 'reserved': 12}, '[SPMC3.5]')

# Composite memory region descriptor header [SPMC3.5], [XEN3] ffa_mem_region (ranges from 16)
COMPOSITE = Struct('composite', [('total_page_count', 'I'), ('address_range_count', 'I'), ('reserved', 'Q')])
_expect(COMPOSITE, 16, {'total_page_count': 0, 'address_range_count': 4, 'reserved': 8}, '[SPMC3.5]')

# Endpoint RX/TX descriptor header [SPMC3.2], [XEN3] ffa_endpoint_rxtx_descriptor_1_1 / _1_0
RXTX_1_1 = Struct('rxtx_1_1', [('sender_id', 'H'), ('reserved', 'H'), ('rx_region_offs', 'I'), ('tx_region_offs', 'I')])
_expect(RXTX_1_1, 12, {'sender_id': 0, 'reserved': 2, 'rx_region_offs': 4, 'tx_region_offs': 8}, '[XEN3]')
RXTX_1_0 = Struct('rxtx_1_0', [('sender_id', 'H'), ('reserved', 'H'), ('rx_range_count', 'I'), ('tx_range_count', 'I')])
_expect(RXTX_1_0, 12, {'rx_range_count': 4, 'tx_range_count': 8}, '[XEN3]')
RXTX_PAD = Struct('rxtx_pad', [('padding', 'I')])  # bytes 12..15 when the composites start at 16

# The whole single-range blobs of [XEN26]: old 12/44 (76 bytes) and fixed 16/48 (80 bytes).
_BLOB_12_44 = Struct('rxtx_blob_12_44', RXTX_1_1.fields
                     + [('rx_' + n, c) for n, c in COMPOSITE.fields + CONSTITUENT.fields]
                     + [('tx_' + n, c) for n, c in COMPOSITE.fields + CONSTITUENT.fields])
_expect(_BLOB_12_44, 76, {'rx_total_page_count': 12, 'rx_address': 28, 'rx_page_count': 36,
                          'tx_total_page_count': 44, 'tx_address': 60, 'tx_page_count': 68}, '[XEN26] old')
_BLOB_16_48 = Struct('rxtx_blob_16_48', RXTX_1_1.fields + RXTX_PAD.fields
                     + [('rx_' + n, c) for n, c in COMPOSITE.fields + CONSTITUENT.fields]
                     + [('tx_' + n, c) for n, c in COMPOSITE.fields + CONSTITUENT.fields])
_expect(_BLOB_16_48, 80, {'padding': 12, 'rx_total_page_count': 16, 'rx_address': 32, 'rx_page_count': 40,
                          'tx_total_page_count': 48, 'tx_address': 64, 'tx_page_count': 72}, '[XEN26] fixed')

# Memory access permissions + EMAD [SPMC3.4], [XEN3] ffa_mem_access_perm / ffa_mem_access(_1_2)
ACCESS_PERM = [('endpoint_id', 'H'), ('perm', 'B'), ('flags', 'B')]
EMAD_16 = Struct('emad_16', ACCESS_PERM + [('region_offs', 'I'), ('reserved', 'Q')])
_expect(EMAD_16, 16, {'endpoint_id': 0, 'perm': 2, 'flags': 3, 'region_offs': 4, 'reserved': 8}, '[XEN3]')
EMAD_32 = Struct('emad_32', ACCESS_PERM + [('region_offs', 'I'), ('impdef', '16s'), ('reserved', 'Q')])
_expect(EMAD_32, 32, {'region_offs': 4, 'impdef': 8, 'reserved': 24}, '[XEN3] ffa_mem_access_1_2')

# Memory transaction descriptor headers [SPMC3.3], [XEN3] ffa_mem_transaction_1_0 / _1_1
MEMTX_1_0 = Struct('memtx_1_0', [('sender_id', 'H'), ('mem_reg_attr', 'B'), ('reserved0', 'B'), ('flags', 'I'),
                                 ('handle', 'Q'), ('tag', 'Q'), ('reserved1', 'I'), ('mem_access_count', 'I')])
_expect(MEMTX_1_0, 32, {'sender_id': 0, 'mem_reg_attr': 2, 'reserved0': 3, 'flags': 4, 'handle': 8, 'tag': 16,
                        'reserved1': 24, 'mem_access_count': 28}, '[XEN3]')
MEMTX_1_1 = Struct('memtx_1_1', [('sender_id', 'H'), ('mem_reg_attr', 'H'), ('flags', 'I'), ('handle', 'Q'),
                                 ('tag', 'Q'), ('mem_access_size', 'I'), ('mem_access_count', 'I'),
                                 ('mem_access_offs', 'I'), ('reserved', '12s')])
_expect(MEMTX_1_1, 48, {'sender_id': 0, 'mem_reg_attr': 2, 'flags': 4, 'handle': 8, 'tag': 16, 'mem_access_size': 24,
                        'mem_access_count': 28, 'mem_access_offs': 32, 'reserved': 36}, '[XEN3]')
# [XEN27]: Xen's one-receiver share puts the EMAD at 48 and the composite at 64, ranges from 80.
assert MEMTX_1_1.size + EMAD_16.size == 64 and MEMTX_1_1.size + EMAD_16.size + COMPOSITE.size == 80, '[XEN27]'
# [SPMC3.6]: v1.2 EMAD size 32, composite at 80, constituents at 96; v1.0 composite at 48.
assert MEMTX_1_1.size + EMAD_32.size == 80 and MEMTX_1_0.size + EMAD_16.size == 48, '[SPMC3.6]'

# Partition information descriptors [SPMC3.1], [XEN3] ffa_partition_info_1_0 / _1_1
PARTINFO_BASE = [('id', 'H'), ('exec_count', 'H'), ('properties', 'I')]
PARTINFO = {
    8: Struct('partinfo_8', PARTINFO_BASE),
    24: Struct('partinfo_24', PARTINFO_BASE + [('uuid', '16s')]),
    48: Struct('partinfo_48', PARTINFO_BASE + [('uuid', '16s'), ('image_uuid', '16s'), ('ffa_version', 'I'),
                                                ('reserved', 'I')]),
}
_expect(PARTINFO[8], 8, {'id': 0, 'exec_count': 2, 'properties': 4}, '[SPMC3.1]')
_expect(PARTINFO[24], 24, {'uuid': 8}, '[SPMC3.1]')
_expect(PARTINFO[48], 48, {'uuid': 8, 'image_uuid': 24, 'ffa_version': 40, 'reserved': 44}, '[SPMC3.1]')


def uuid_to_words(uuid: bytes) -> Tuple[int, int, int, int]:
    """FFA_PARTITION_INFO_GET w1..w4: the 16 bytes as four little-endian 32-bit words [SPMC3.1]."""
    assert len(uuid) == 16
    return struct.unpack('<4I', uuid)


def words_to_uuid(w1: int, w2: int, w3: int, w4: int) -> bytes:
    return struct.pack('<4I', w1 & 0xFFFFFFFF, w2 & 0xFFFFFFFF, w3 & 0xFFFFFFFF, w4 & 0xFFFFFFFF)
