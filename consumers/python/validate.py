"""Validation of FF-A descriptors (Arm DEN0077 v1.0-v1.3) with `struct`: each refusal names one rule
of the vectors' vocabulary, the field and its byte offset.

Checks run the way a careful C decoder reads: a structure's fields in offset order, bounds before
contents; for a composite: count, reserved, the range array, each range, then overlap and the
total (which need every range). Layouts: ffa_wire.py.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from ffa_wire import COMPOSITE, CONSTITUENT, EMAD_16, EMAD_32, MEMTX_1_0, MEMTX_1_1, PARTINFO, RXTX_1_0, RXTX_1_1

PAGE = 4096
U32_MAX = 0xFFFFFFFF


class Refusal(Exception):
    def __init__(self, rule: str, field: str, offset: int, why: str):
        super().__init__(f'{rule} at {field} (offset {offset}): {why}')
        self.rule, self.field, self.offset = rule, field, offset


def _truncated_header(buf: bytes, s, names: Optional[dict] = None) -> None:
    for name, _ in s.fields:
        off, size = s.offsets[name]
        if off + size > len(buf):
            raise Refusal('truncated', (names or {}).get(name, name), off, f'the {len(buf)}-byte buffer ends inside the header')


def composite(buf: bytes, at: int, path: str, waive: Tuple[str, ...] = ()) -> int:
    """Validates the composite whose header fits at `at`; returns its range count."""
    h = COMPOSITE.unpack(buf, at)
    count = h['address_range_count']
    if count == 0 and 'bad-value' not in waive:
        raise Refusal('bad-value', f'{path}.address_range_count', at + 4, 'no address range')
    arr = at + COMPOSITE.size
    end = arr + CONSTITUENT.size * count
    if end > U32_MAX:
        raise Refusal('count-overflow', f'{path}.address_range_count', at + 4, f'{count} ranges overflow 32 bits')
    if h['reserved'] and 'reserved-nonzero' not in waive:
        raise Refusal('reserved-nonzero', f'{path}.reserved', at + 8, 'reserved u64 not zero')
    if end > len(buf):
        k = max(0, len(buf) - arr) // CONSTITUENT.size
        raise Refusal('truncated', f'{path}.ranges[{k}]', arr + 16 * k, 'buffer ends inside the range array')
    ranges: List[Tuple[int, int]] = []
    for i in range(count):
        r_at = arr + 16 * i
        r = CONSTITUENT.unpack(buf, r_at)
        if r['address'] % PAGE and 'misaligned' not in waive:
            raise Refusal('misaligned', f'{path}.ranges[{i}].address', r_at, 'not 4 KiB aligned')
        if r['page_count'] == 0 and 'zero-page-count' not in waive:
            raise Refusal('zero-page-count', f'{path}.ranges[{i}].page_count', r_at + 8, 'range of 0 pages')
        if r['address'] + r['page_count'] * PAGE > 1 << 64 and 'bad-value' not in waive:
            raise Refusal('bad-value', f'{path}.ranges[{i}].address', r_at, 'range runs past 2^64')
        if r['reserved'] and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', f'{path}.ranges[{i}].reserved', r_at + 12, 'reserved u32 not zero')
        ranges.append((r['address'], r['page_count']))
    if 'overlap' not in waive:
        for j in range(1, count):
            for i in range(j):
                (a, an), (c, cn) = ranges[i], ranges[j]
                if an and cn and a < c + cn * PAGE and c < a + an * PAGE:
                    raise Refusal('overlap', f'{path}.ranges[{j}].address', arr + 16 * j, f'shares pages with range {i}')
    total = sum(n for _, n in ranges)
    if total != h['total_page_count'] and 'page-count-mismatch' not in waive:
        raise Refusal('page-count-mismatch', f'{path}.total_page_count', at, f'total {h["total_page_count"]}, ranges sum to {total}')
    return count


def rxtx(buf: bytes, form: str = 'v1.1', header: int = 16, allow_unaligned: bool = False,
         waive: Tuple[str, ...] = ()) -> None:
    """Endpoint RX/TX descriptor [SPMC3.2]; v1.0 form: RX then TX composite after a 12- or 16-byte header."""
    if form == 'v1.0':
        _truncated_header(buf, RXTX_1_0)
        h = RXTX_1_0.unpack(buf)
        if h['reserved'] and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', 'reserved', 2, 'reserved u16 not zero')
        if len(buf) < header:
            raise Refusal('truncated', 'padding', 12, 'buffer ends inside the 16-byte header')
        at = header
        for side, count_name, count_at in (('rx', 'rx_range_count', 4), ('tx', 'tx_range_count', 8)):
            if at + COMPOSITE.size > len(buf):
                raise Refusal('truncated', f'{side}.total_page_count', at, f'buffer ends inside the {side} composite')
            n = composite(buf, at, side, waive)
            if n != h[count_name] and 'bad-value' not in waive:
                raise Refusal('bad-value', count_name, count_at, f'header says {h[count_name]} ranges, the composite {n}')
            at += COMPOSITE.size + CONSTITUENT.size * n
        return
    _truncated_header(buf, RXTX_1_1)
    h = RXTX_1_1.unpack(buf)
    if h['reserved'] and 'reserved-nonzero' not in waive:
        raise Refusal('reserved-nonzero', 'reserved', 2, 'reserved u16 not zero')
    offs = {'rx': h['rx_region_offs'], 'tx': h['tx_region_offs']}
    field_at = {'rx': 4, 'tx': 8}
    for side in ('rx', 'tx'):
        off, name = offs[side], f'{side}_region_offs'
        if off < RXTX_1_1.size:
            raise Refusal('offset-into-header', name, field_at[side], f'{off} inside the 12-byte header')
        if off % 8 and not allow_unaligned and 'misaligned' not in waive:
            raise Refusal('misaligned', name, field_at[side], f'{off} not 8-byte aligned')
        if off + COMPOSITE.size > len(buf):
            raise Refusal('offset-past-end', name, field_at[side], f'no room for a composite at {off}')
    counts = {}
    for side in sorted(('rx', 'tx'), key=lambda s: (offs[s], s != 'rx')):
        counts[side] = composite(buf, offs[side], side, waive)
    ends = {s: offs[s] + COMPOSITE.size + CONSTITUENT.size * counts[s] for s in counts}
    if offs['rx'] < ends['tx'] and offs['tx'] < ends['rx'] and 'overlap' not in waive:
        later = 'rx' if offs['rx'] > offs['tx'] else 'tx'
        raise Refusal('overlap', f'{later}_region_offs', field_at[later], 'RX and TX composites share bytes')


def memtx(buf: bytes, version: str, waive: Tuple[str, ...] = ()) -> None:
    """Memory transaction descriptor [SPMC3.3]-[SPMC3.5]: header in offset order, EMAD array, composites."""
    v10 = version == '1.0'
    hs = MEMTX_1_0 if v10 else MEMTX_1_1
    _truncated_header(buf, hs)
    h = hs.unpack(buf)
    attr = h['mem_reg_attr']
    if attr & (0xC0 if v10 else 0xFF80) and 'reserved-nonzero' not in waive:
        raise Refusal('reserved-nonzero', 'mem_reg_attr', 2, f'reserved attribute bits in {attr:#x}')
    mtype, cache, share = (attr >> 4) & 3, (attr >> 2) & 3, attr & 3
    if 'bad-value' not in waive and (mtype == 3 or (mtype == 2 and (cache in (0, 2) or share == 1))):
        raise Refusal('bad-value', 'mem_reg_attr', 2, f'reserved encoding in {attr:#x}')
    if v10:
        if h['reserved0'] and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', 'reserved0', 3, 'reserved byte not zero')
        if h['reserved1'] and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', 'reserved1', 24, 'reserved u32 not zero')
        size, offs = EMAD_16.size, MEMTX_1_0.size
    else:
        size, offs = h['mem_access_size'], h['mem_access_offs']
        if size != 16 and not (int(version.split('.')[1]) >= 2 and size == 32):
            raise Refusal('bad-size', 'mem_access_size', 24, f'EMAD size {size} not allowed in v{version}')
    count = h['mem_access_count']
    if count == 0 and 'bad-value' not in waive:
        raise Refusal('bad-value', 'mem_access_count', 28, 'no receiver')
    arr_end = offs + count * size
    if arr_end > U32_MAX:
        raise Refusal('count-overflow', 'mem_access_count', 28, f'{count} EMADs overflow 32 bits')
    if not v10:
        if offs < MEMTX_1_1.size:
            raise Refusal('offset-into-header', 'mem_access_offs', 32, f'{offs} inside the 48-byte header')
        if offs % 16 and 'misaligned' not in waive:
            raise Refusal('misaligned', 'mem_access_offs', 32, f'{offs} not 16-byte aligned')
        if offs + size > len(buf) and offs != MEMTX_1_1.size:
            raise Refusal('offset-past-end', 'mem_access_offs', 32, f'no room for an EMAD at {offs}')
        if any(h['reserved']) and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', 'reserved', 36, 'reserved bytes 36..47 not zero')
    if arr_end > len(buf):
        k = max(0, len(buf) - offs) // size
        raise Refusal('truncated', f'emads[{k}]', offs + k * size, 'buffer ends inside the EMAD array')
    es = EMAD_32 if size == 32 else EMAD_16
    emads = [es.unpack(buf, offs + i * size) for i in range(count)]
    for i, e in enumerate(emads):
        at = offs + i * size
        if e['perm'] & 0xF0 and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', f'emads[{i}].access_perm.perm', at + 2, 'permission bits 7:4 set')
        if (e['perm'] & 3 == 3 or (e['perm'] >> 2) & 3 == 3) and 'bad-value' not in waive:
            raise Refusal('bad-value', f'emads[{i}].access_perm.perm', at + 2, 'permission encoding 3 is reserved')
        r = e['region_offs']
        if r:
            name = f'emads[{i}].region_offs'
            if r < hs.size:
                raise Refusal('offset-into-header', name, at + 4, f'composite at {r} inside the header')
            if r < arr_end and r + COMPOSITE.size > offs and 'overlap' not in waive:
                raise Refusal('overlap', name, at + 4, f'composite at {r} overlaps the EMAD array')
            if r % 8 and 'misaligned' not in waive:
                raise Refusal('misaligned', name, at + 4, f'composite offset {r} not 8-byte aligned')
            if r + COMPOSITE.size > len(buf):
                raise Refusal('offset-past-end', name, at + 4, f'no room for a composite at {r}')
        reserved_at = at + es.offsets['reserved'][0]
        if e['reserved'] and 'reserved-nonzero' not in waive:
            raise Refusal('reserved-nonzero', f'emads[{i}].reserved', reserved_at, 'EMAD reserved bytes not zero')
        if any(p['endpoint_id'] == e['endpoint_id'] for p in emads[:i]) and 'bad-value' not in waive:
            raise Refusal('bad-value', f'emads[{i}].access_perm.endpoint_id', at, 'receiver listed twice')
    seen: List[Tuple[int, int]] = []
    for i, e in enumerate(emads):
        r = e['region_offs']
        if not r or any(s == r for s, _ in seen):
            continue
        n = composite(buf, r, 'composite', waive)
        end = r + COMPOSITE.size + CONSTITUENT.size * n
        for s, s_end in seen:
            if r < s_end and s < end and 'overlap' not in waive:
                raise Refusal('overlap', f'emads[{i}].region_offs', offs + i * size + 4, f'composite at {r} overlaps the one at {s}')
        seen.append((r, end))


def partinfo(buf: bytes, count: int, size: int) -> None:
    """Partition information descriptors [SPMC3.1]: count entries of size 8, 24 or 48."""
    if size not in PARTINFO:
        raise Refusal('bad-size', 'size', 0, f'descriptor size {size} is not 8, 24 or 48')
    if count * size > U32_MAX:
        raise Refusal('count-overflow', 'count', 0, f'{count} entries of {size} bytes overflow 32 bits')
    if count * size > len(buf):
        k = len(buf) // size
        raise Refusal('truncated', f'entries[{k}]', k * size, f'buffer ends inside entry {k}')
    if size == 48:
        for i in range(count):
            if PARTINFO[48].unpack(buf, i * 48)['reserved']:
                raise Refusal('reserved-nonzero', f'entries[{i}].reserved', i * 48 + 44, 'reserved u32 not zero')
