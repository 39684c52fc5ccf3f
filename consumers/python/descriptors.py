"""Descriptor vectors (suite "descriptors") checked with `struct` only.

For every valid or acceptable test:
  1. the vector's field table must tile its bytes and agree with them;
  2. decoding the bytes with the layouts of ffa_wire.py (following the header's own offsets)
     must give the same field table: names, offsets, sizes and values;
  3. a model rebuilt from the field table alone, re-encoded with the same layouts, must give the
     vector's bytes ("unused" rows laid over the bytes no structure defines).
Every test's bytes also go through this consumer's own validation (validate.py): invalid tests
must be refused for the stated rule, field and offset; valid ones accepted; acceptable ones with
an error refused for that rule by the strict check and accepted once that rule is waived.
"""
from __future__ import annotations

import re
import struct
from typing import Callable, Dict, List, Tuple

import validate
from ffa_wire import (COMPOSITE, CONSTITUENT, EMAD_16, EMAD_32, MEMTX_1_0, MEMTX_1_1, PARTINFO, RXTX_1_0,
                      RXTX_1_1, RXTX_PAD, Struct, uuid_to_words, words_to_uuid)

RULES = ('truncated', 'count-overflow', 'offset-past-end', 'offset-into-header', 'misaligned', 'reserved-nonzero',
         'zero-page-count', 'page-count-mismatch', 'bad-size', 'bad-value', 'overlap')

Row = Tuple[str, int, int, object]  # name, offset, size, value (int for uint rows, bytes for bytes rows)


class VectorError(Exception):
    """A vector disagrees with this consumer; the message says where."""


# ---------------------------------------------------------------- field tables

def load_rows(fields: list) -> List[Row]:
    rows: List[Row] = []
    seen = set()
    for i, f in enumerate(fields):
        name, off, size, kind, value = f['name'], f['offset'], f['size'], f['kind'], f['value']
        if name in seen and name != 'unused':
            raise VectorError(f'fields[{i}]: {name} listed twice')
        seen.add(name)
        if kind == 'uint':
            if size not in (1, 2, 4, 8) or not re.fullmatch(r'0x[0-9a-f]{%d}' % (2 * size), value):
                raise VectorError(f'fields[{i}] {name}: uint of size {size} written as {value}')
            rows.append((name, off, size, int(value, 16)))
        elif kind == 'bytes':
            if not re.fullmatch(r'(?:[0-9a-f]{2})*', value) or len(value) != 2 * size:
                raise VectorError(f'fields[{i}] {name}: {size} bytes written as {len(value)} hex digits')
            rows.append((name, off, size, bytes.fromhex(value)))
        else:
            raise VectorError(f'fields[{i}] {name}: unknown kind {kind}')
    return rows


def rows_match_bytes(rows: List[Row], buf: bytes) -> None:
    at = 0
    for name, off, size, value in sorted(rows, key=lambda r: r[1]):
        if off != at:
            raise VectorError(f'fields do not tile the buffer: {name} starts at {off}, expected {at}')
        chunk = buf[off:off + size]
        if len(chunk) != size:
            raise VectorError(f'field {name} ({off}:{size}) runs past the {len(buf)}-byte buffer')
        got = int.from_bytes(chunk, 'little') if isinstance(value, int) else chunk
        if got != value:
            raise VectorError(f'field {name} says {value!r}, the bytes at {off} hold {got!r}')
        at = off + size
    if at != len(buf):
        raise VectorError(f'fields cover {at} of the {len(buf)} bytes')


def compare_rows(mine: List[Row], theirs: List[Row]) -> None:
    by_name = {r[0]: r for r in theirs if r[0] != 'unused'}
    for name, off, size, value in mine:
        t = by_name.pop(name, None)
        if t is None:
            raise VectorError(f'the vector has no field {name} (decoded at {off}:{size})')
        if (t[1], t[2]) != (off, size):
            raise VectorError(f'field {name}: vector {t[1]}:{t[2]}, decoded {off}:{size}')
        if t[3] != value:
            raise VectorError(f'field {name}: vector {t[3]!r}, decoded {value!r}')
    if by_name:
        extra = ', '.join(sorted(by_name))
        raise VectorError(f'fields this consumer does not decode: {extra}')


def overlay_unused(rows: List[Row], buf: bytearray) -> None:
    for name, off, size, value in rows:
        if name == 'unused':
            buf[off:off + size] = value if isinstance(value, bytes) else value.to_bytes(size, 'little')


def struct_rows(s: Struct, values: Dict[str, object], at: int, prefix: str = '') -> List[Row]:
    return [(prefix + n, at + s.offsets[n][0], s.offsets[n][1], values[n]) for n, _ in s.fields]


class Model:
    """Field-table values by name, for rebuilding a descriptor from its rows alone."""

    def __init__(self, rows: List[Row]):
        self.rows = {r[0]: r for r in rows if r[0] != 'unused'}

    def __contains__(self, name: str) -> bool:
        return name in self.rows

    def __getitem__(self, name: str) -> object:
        if name not in self.rows:
            raise VectorError(f'cannot rebuild from the field table: no {name} row')
        return self.rows[name][3]

    def values(self, s: Struct, prefix: str = '') -> Dict[str, object]:
        return {n: self[prefix + n] for n, _ in s.fields}


# ---------------------------------------------------------------- composites

def composite_rows(buf: bytes, at: int, prefix: str) -> List[Row]:
    h = COMPOSITE.unpack(buf, at)
    rows = struct_rows(COMPOSITE, h, at, prefix + '.')
    for i in range(h['address_range_count']):
        rows += struct_rows(CONSTITUENT, CONSTITUENT.unpack(buf, at + 16 + 16 * i), at + 16 + 16 * i,
                            f'{prefix}.ranges[{i}].')
    return rows


def composite_size(count: int) -> int:
    return COMPOSITE.size + CONSTITUENT.size * count


def pack_composite(buf: bytearray, at: int, m: Model, prefix: str) -> int:
    COMPOSITE.pack_into(buf, at, m.values(COMPOSITE, prefix + '.'))
    count = m[prefix + '.address_range_count']
    for i in range(count):
        CONSTITUENT.pack_into(buf, at + 16 + 16 * i, m.values(CONSTITUENT, f'{prefix}.ranges[{i}].'))
    return at + composite_size(count)


# ---------------------------------------------------------------- endpoint RX/TX descriptor

def _rxtx_form(group: dict, rows: List[Row]) -> Tuple[str, int]:
    layout = group.get('layout')
    if layout in ('v1.1-aligned-16-48', 'v1.1-xen-12-44'):
        return 'v1.1', 0
    if layout == 'v1.0-range-counts':
        # The group does not say where the header ends; the field table does (gap noted in the report).
        first = [r for r in rows if r[0] == 'rx.total_page_count']
        return 'v1.0', first[0][1] if first else 16
    raise VectorError(f'unknown EndpointRxtxDescriptor layout {layout}')


def rxtx_decode(buf: bytes, group: dict, rows: List[Row]) -> List[Row]:
    form, header = _rxtx_form(group, rows)
    if form == 'v1.1':
        h = RXTX_1_1.unpack(buf)
        out = struct_rows(RXTX_1_1, h, 0)
        if len(buf) >= 16 and h['rx_region_offs'] >= 16 and h['tx_region_offs'] >= 16:
            out += struct_rows(RXTX_PAD, RXTX_PAD.unpack(buf, 12), 12)
        return out + composite_rows(buf, h['rx_region_offs'], 'rx') + composite_rows(buf, h['tx_region_offs'], 'tx')
    h = RXTX_1_0.unpack(buf)
    out = struct_rows(RXTX_1_0, h, 0)
    if header == 16:
        out += struct_rows(RXTX_PAD, RXTX_PAD.unpack(buf, 12), 12)
    rx_count = COMPOSITE.unpack(buf, header)['address_range_count']
    return out + composite_rows(buf, header, 'rx') + composite_rows(buf, header + composite_size(rx_count), 'tx')


def rxtx_encode(m: Model, group: dict, rows: List[Row], length: int) -> bytearray:
    form, _ = _rxtx_form(group, rows)
    buf = bytearray(length)
    header = 16 if 'padding' in m else 12
    if form == 'v1.1':
        RXTX_1_1.pack_into(buf, 0, m.values(RXTX_1_1))
        rx_at, tx_at = m['rx_region_offs'], m['tx_region_offs']
    else:
        RXTX_1_0.pack_into(buf, 0, m.values(RXTX_1_0))
        rx_at = header
        tx_at = header + composite_size(m['rx.address_range_count'])
    if header == 16:
        RXTX_PAD.pack_into(buf, 12, m.values(RXTX_PAD))
    pack_composite(buf, rx_at, m, 'rx')
    pack_composite(buf, tx_at, m, 'tx')
    return buf


# ---------------------------------------------------------------- memory transaction descriptor

def _memtx_shape(group: dict) -> Tuple[bool, int]:
    layout = group.get('layout')
    if layout not in ('v1.0-header-32', 'v1.1-header-48'):
        raise VectorError(f'unknown MemTransactionDescriptor layout {layout}')
    v10 = layout == 'v1.0-header-32'
    if v10 != (group.get('ffaVersion') == '1.0'):
        raise VectorError(f'layout {layout} does not go with FF-A {group.get("ffaVersion")}')
    return v10, group['emadSize']


def memtx_decode(buf: bytes, group: dict, rows: List[Row]) -> List[Row]:
    v10, emad_size = _memtx_shape(group)
    hs = MEMTX_1_0 if v10 else MEMTX_1_1
    h = hs.unpack(buf)
    out = struct_rows(hs, h, 0)
    size = 16 if v10 else h['mem_access_size']
    at0 = 32 if v10 else h['mem_access_offs']
    if size != emad_size:
        raise VectorError(f'mem_access_size {size}, the group says {emad_size}')
    es = EMAD_32 if size == 32 else EMAD_16
    composite_at = 0
    for i in range(h['mem_access_count']):
        e = es.unpack(buf, at0 + i * size)
        out += [(f'emads[{i}].access_perm.{n}' if n in ('endpoint_id', 'perm', 'flags') else f'emads[{i}].{n}', o, s, v)
                for (n, o, s, v) in struct_rows(es, e, at0 + i * size)]
        if e['region_offs'] and not composite_at:
            composite_at = e['region_offs']
        elif e['region_offs'] and e['region_offs'] != composite_at:
            raise VectorError('EMADs point at different composites: this consumer expects one shared composite')
    if composite_at:
        out += composite_rows(buf, composite_at, 'composite')
    return out


def memtx_encode(m: Model, group: dict, rows: List[Row], length: int) -> bytearray:
    v10, _ = _memtx_shape(group)
    buf = bytearray(length)
    hs = MEMTX_1_0 if v10 else MEMTX_1_1
    hs.pack_into(buf, 0, m.values(hs))
    size = 16 if v10 else m['mem_access_size']
    at0 = 32 if v10 else m['mem_access_offs']
    es = EMAD_32 if size == 32 else EMAD_16
    composite_at = 0
    for i in range(m['mem_access_count']):
        vals = {n: m[f'emads[{i}].access_perm.{n}' if n in ('endpoint_id', 'perm', 'flags') else f'emads[{i}].{n}']
                for n, _ in es.fields}
        es.pack_into(buf, at0 + i * size, vals)
        composite_at = composite_at or vals['region_offs']
    if composite_at:
        pack_composite(buf, composite_at, m, 'composite')
    return buf


# ---------------------------------------------------------------- partition info

def _entry_size(group: dict, test: dict) -> int:
    return test.get('entrySize', group.get('entrySize'))


def partinfo_decode(buf: bytes, group: dict, test: dict) -> List[Row]:
    size, count = _entry_size(group, test), test['entryCount']
    s = PARTINFO[size]
    out: List[Row] = []
    for i in range(count):
        out += struct_rows(s, s.unpack(buf, i * size), i * size, f'entries[{i}].')
    return out


def partinfo_encode(m: Model, group: dict, test: dict, length: int) -> bytearray:
    size, count = _entry_size(group, test), test['entryCount']
    s = PARTINFO[size]
    buf = bytearray(length)
    for i in range(count):
        s.pack_into(buf, i * size, m.values(s, f'entries[{i}].'))
    return buf


# ---------------------------------------------------------------- one test

def _validator(group: dict, test: dict, rows: List[Row], lenient: bool, waive: Tuple[str, ...] = ()) -> Callable[[], None]:
    gtype = group.get('type')
    buf = bytes.fromhex(test['bytes'])
    if gtype == 'EndpointRxtxDescriptor':
        form, header = _rxtx_form(group, rows)
        # Xen's 12/44 layout is what "lenient" means here: unaligned composite offsets.
        return lambda: validate.rxtx(buf, form, header or 16, allow_unaligned=lenient, waive=waive)
    if gtype == 'MemTransactionDescriptor':
        _memtx_shape(group)
        return lambda: validate.memtx(buf, group['ffaVersion'], waive=waive)
    if gtype == 'PartitionInfoDescriptors':
        return lambda: validate.partinfo(buf, test['entryCount'], _entry_size(group, test))
    raise VectorError(f'unknown descriptor group type {gtype}')


def check_test(group: dict, test: dict) -> str:
    """Raises VectorError on a disagreement; returns what was checked."""
    gtype = group.get('type')
    result = test.get('result')
    if result not in ('valid', 'invalid', 'acceptable'):
        raise VectorError(f'result {result!r}')
    if gtype == 'UuidRegisters':
        uuid = bytes.fromhex(test['uuid'])
        regs = test['registers']
        if len(uuid) != 16 or len(regs) != 4 or not all(re.fullmatch(r'0x[0-9a-f]{16}', r) for r in regs):
            raise VectorError('needs a 16-byte uuid and four 0x-prefixed 16-digit registers')
        words = tuple(int(r, 16) for r in regs)
        if words != uuid_to_words(uuid) or words_to_uuid(*words) != uuid:
            raise VectorError(f'registers {regs} do not carry the UUID {test["uuid"]} as four little-endian words')
        return 'uuid packing'
    buf = bytes.fromhex(test['bytes'])
    if test['bytes'] != test['bytes'].lower():
        raise VectorError('bytes are not lowercase hex')
    err = test.get('error')
    if result == 'invalid' and err is None:
        raise VectorError('an invalid test without an error')
    if err is not None and (not isinstance(err, dict) or err.get('rule') not in RULES
                            or not isinstance(err.get('field'), str) or not isinstance(err.get('offset'), int)):
        raise VectorError(f'error needs a known rule, a field and an offset: {err!r}')
    rows = load_rows(test['fields']) if 'fields' in test else []
    strict = _validator(group, test, rows, lenient=False)
    try:
        strict()
        refused = None
    except validate.Refusal as e:
        refused = e
    except (struct.error, KeyError) as e:
        raise VectorError(f'validation could not read the bytes: {e!r}') from None
    if err is None and refused is not None:
        raise VectorError(f'this consumer refuses a {result} vector: {refused}')
    if err is not None:
        if refused is None:
            raise VectorError(f'this consumer accepts bytes the vector says break {err["rule"]}')
        if (refused.rule, refused.field, refused.offset) != (err['rule'], err['field'], err['offset']):
            raise VectorError(f'refused for {refused}; the vector says {err["rule"]} at {err["field"]} '
                              f'(offset {err["offset"]})')
        if result == 'invalid':
            return 'invalid, refused for the stated rule'
        try:
            _validator(group, test, rows, lenient=True, waive=(err['rule'],))()
        except validate.Refusal as e:
            raise VectorError(f'still refused with {err["rule"]} waived: {e}') from None
    if 'fields' not in test:
        raise VectorError(f'a {result} test without a field table')
    rows_match_bytes(rows, buf)
    m = Model(rows)
    decoders: Dict[str, Callable[[], List[Row]]] = {
        'EndpointRxtxDescriptor': lambda: rxtx_decode(buf, group, rows),
        'MemTransactionDescriptor': lambda: memtx_decode(buf, group, rows),
        'PartitionInfoDescriptors': lambda: partinfo_decode(buf, group, test),
    }
    encoders: Dict[str, Callable[[], bytearray]] = {
        'EndpointRxtxDescriptor': lambda: rxtx_encode(m, group, rows, len(buf)),
        'MemTransactionDescriptor': lambda: memtx_encode(m, group, rows, len(buf)),
        'PartitionInfoDescriptors': lambda: partinfo_encode(m, group, test, len(buf)),
    }
    if gtype not in decoders:
        raise VectorError(f'unknown descriptor group type {gtype}')
    try:
        compare_rows(decoders[gtype](), rows)
        out = encoders[gtype]()
    except (struct.error, KeyError, IndexError) as e:
        raise VectorError(f'layout does not fit the buffer or the table: {e!r}') from None
    overlay_unused(rows, out)
    if bytes(out) != buf:
        at = next(i for i in range(len(buf)) if out[i] != buf[i])
        raise VectorError(f're-encoding from the fields differs at byte {at}: {out[at]:#04x}, the vector has {buf[at]:#04x}')
    return 'decoded, fields compared, re-encoded'
