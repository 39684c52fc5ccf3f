"""A scripted-SPMC harness: replays a recorded FF-A SMC sequence step by step and checks that it is
well formed and internally consistent, without modelling any particular SPMC.

What it keeps while replaying (all from the recorded steps themselves):
  - memory: the bytes each `write` step put at its address (sparse, 4 KiB pages);
  - mailboxes: every endpoint's RX/TX pair mapped by a successful FFA_RXTX_MAP (forwarded maps
    are read from the endpoint RX/TX descriptor in the hypervisor's TX buffer with ffa_wire.py),
    removed by FFA_RXTX_UNMAP, with the RX ownership that PARTITION_INFO_GET, FFA_RX_RELEASE and
    FFA_RX_ACQUIRE move;
  - memory handles: allocated by a successful FFA_MEM_SHARE/LEND/DONATE (or completed by
    FFA_MEM_FRAG_TX), consumed by FFA_MEM_RECLAIM.
What it checks on every step:
  - frames: registers well formed, a known FF-A fast call (an unknown one must be refused with
    NOT_SUPPORTED), SMC32 calls and replies with zero upper halves, FFA_ERROR with a known code;
  - buffer lengths: a memory transaction's fragment is in the caller's TX when it is sent, the
    fragment lengths add up to the total, PARTITION_INFO_GET's RX holds w2 entries of w3 bytes
    at the caller's RX, entries name known partitions;
  - handle round trip: the handle a share returns is the one FRAG_TX and RECLAIM name, each
    handle is reclaimed at most once, `refs` carry exactly the values they point at;
  - direct messages: a response swaps the sender and receiver of its request;
  - at the end, the mailboxes and their ownership equal the test's `mailboxes`.
The class is a template: a suite-specific checker calls `write`, `smc` and `finish`, and passes
`Quirks` for what the spec leaves to the implementation (spmc-implementations.md section 1.7).
"""
from __future__ import annotations

from typing import Dict, List, Optional, Tuple

import ffa_abi as abi
from ffa_abi import FID, FrameError
from ffa_wire import COMPOSITE, CONSTITUENT, PARTINFO, RXTX_1_1

PAGE = 4096
MEM_SEND = {FID[n] for n in ('FFA_MEM_SHARE_32', 'FFA_MEM_SHARE_64', 'FFA_MEM_LEND_32', 'FFA_MEM_LEND_64',
                             'FFA_MEM_DONATE_32', 'FFA_MEM_DONATE_64')}
SUCCESS = {FID['FFA_SUCCESS_32'], FID['FFA_SUCCESS_64']}
RETRIEVE_REQ = {FID['FFA_MEM_RETRIEVE_REQ_32'], FID['FFA_MEM_RETRIEVE_REQ_64']}
DIRECT_REQ = {FID['FFA_MSG_SEND_DIRECT_REQ_32']: FID['FFA_MSG_SEND_DIRECT_RESP_32'],
              FID['FFA_MSG_SEND_DIRECT_REQ_64']: FID['FFA_MSG_SEND_DIRECT_RESP_64']}


class ReplayError(Exception):
    """A recorded sequence is not well formed or not internally consistent."""


def id16(s: str, where: str) -> int:
    if not isinstance(s, str) or len(s) != 6 or not s.startswith('0x') or s[2:] != s[2:].lower():
        raise ReplayError(f'{where}: endpoint id {s!r} is not 0x + 4 lowercase hex digits')
    return int(s, 16)


def reg64(s: str, where: str) -> int:
    if not isinstance(s, str) or not abi.REG.fullmatch(s):
        raise ReplayError(f'{where}: {s!r} is not 0x + 16 lowercase hex digits')
    return int(s, 16)


class Memory:
    """Sparse physical memory built from write steps; unwritten bytes read as zero."""

    def __init__(self, regions: List[Tuple[int, int, str]]):
        self.regions = regions  # (base, size, kind)
        self.pages: Dict[int, bytearray] = {}

    def region_of(self, addr: int, length: int) -> Optional[str]:
        for base, size, kind in self.regions:
            if base <= addr and addr + length <= base + size:
                return kind
        return None

    def write(self, addr: int, data: bytes) -> None:
        for i, b in enumerate(data):
            page = (addr + i) // PAGE
            self.pages.setdefault(page, bytearray(PAGE))[(addr + i) % PAGE] = b

    def read(self, addr: int, length: int) -> bytes:
        return bytes(self.pages.get((addr + i) // PAGE, bytes(PAGE))[(addr + i) % PAGE] for i in range(length))


class Mailbox:
    def __init__(self, tx: int, rx: int, pages: int):
        self.tx, self.rx, self.pages, self.ownership = tx, rx, pages, 'free'
        self.tx_written = 0  # bytes the endpoint has written at the start of its TX since it last sent


class Quirks:
    """Behaviour the spec leaves open, per SPMC (spmc-implementations.md sections 1.5-1.7)."""

    def __init__(self, page_mask: int = 0xFFFFFFFF, unmap_ignores_w1: bool = False,
                 ownership_kept_across_unmap: bool = False, partinfo_fills_rx_on_error: bool = False):
        self.page_mask = page_mask                      # TF-A: page count masked with 0x1F
        self.unmap_ignores_w1 = unmap_ignores_w1        # OP-TEE: RXTX_UNMAP w1 ignored
        self.ownership_kept_across_unmap = ownership_kept_across_unmap  # Hafnium, TF-A: "state kept"
        self.partinfo_fills_rx_on_error = partinfo_fills_rx_on_error    # OP-TEE: tx_is_mine cleared on every non-count return


class SequenceChecker:
    def __init__(self, where: str, memory: Memory, partition_ids: List[int], firmware_panic: bool = False,
                 quirks: Optional[Quirks] = None, echo_caller_regs: bool = False):
        self.where = where
        # vectors/README.md "Encodings": in groups with repliesEchoCallerRegs (TF-A's EL3 SPMC, whose
        # SMC_RET1..3 write only x0..x2) a reply register the SPMC did not write holds the caller's
        # value, all 64 bits. Such an echo is not an answer, so it is not held to the SMC32 rule.
        self.echo_caller_regs = echo_caller_regs
        self.quirks = quirks or Quirks()
        self.kept: Dict[int, str] = {}  # RX ownership of unmapped endpoints, when it survives unmap
        self.mem = memory
        self.partition_ids = set(partition_ids)
        self.firmware_panic = firmware_panic
        self.mailboxes: Dict[int, Mailbox] = {}
        self.replies: Dict[int, List[int]] = {}  # step -> reply frame
        self.handles: Dict[int, int] = {}  # complete handle -> owner
        self.pending: Dict[int, Tuple[int, int, int]] = {}  # handle -> (owner, received, total)
        self.reclaimed: List[int] = []
        self.steps = 0
        self.ended = False

    def fail(self, step: int, why: str) -> None:
        raise ReplayError(f'step {step}: {why}')

    # ---------------------------------------------------------------- steps

    def write(self, step: int, by: int, addr: int, data: bytes) -> None:
        self._next(step)
        if not data:
            self.fail(step, 'a write of no bytes')
        kind = self.mem.region_of(addr, len(data))
        if kind is None:
            self.fail(step, f'{len(data)} bytes at 0x{addr:x} are outside the memory map')
        self.mem.write(addr, data)
        for mb in self.mailboxes.values():
            if mb.tx == addr:
                mb.tx_written = max(mb.tx_written, len(data))

    def smc(self, step: int, caller: int, call: List[int], reply: Optional[List[int]],
            refs: List[dict], rx: Optional[dict]) -> None:
        self._next(step)
        where = f'step {step}'
        known = call[0] in abi.NAME
        try:
            abi.check_call(call, where, known_only=False)
            if reply is not None:
                echoed = [0 if i and self.echo_caller_regs and r == call[i] else r for i, r in enumerate(reply)]
                abi.check_reply(echoed, where)
        except FrameError as e:
            raise ReplayError(str(e)) from None
        if reply is None:
            if not self.firmware_panic:
                self.fail(step, 'no reply, and the test does not say the firmware panicked')
            self.ended = True
            return
        if not known and abi.error_code(reply) != 'NOT_SUPPORTED':
            self.fail(step, f'unknown function 0x{call[0]:x} answered with {abi.fid_name(reply[0])}, not NOT_SUPPORTED')
        for ref in refs:
            src = ref.get('fromStep')
            if not isinstance(src, int) or not 1 <= src < step or src not in self.replies:
                self.fail(step, f'ref to step {src}, which is not an earlier SMC with a reply')
            reg, from_reg = ref.get('register'), ref.get('fromRegister')
            if not (isinstance(reg, int) and isinstance(from_reg, int) and 0 <= reg < 18 and 0 <= from_reg < 18):
                self.fail(step, f'ref {ref} names no register')
            if call[reg] != self.replies[src][from_reg]:
                self.fail(step, f'x{reg} = 0x{call[reg]:x}, but its ref says x{from_reg} of step {src} = '
                                f'0x{self.replies[src][from_reg]:x}')
        self.replies[step] = reply
        ok = reply[0] in SUCCESS
        fid = call[0]
        if fid in (FID['FFA_RXTX_MAP_64'], FID['FFA_RXTX_MAP_32']) and ok:
            self._map(step, caller, call, fid == FID['FFA_RXTX_MAP_32'])
        elif fid == FID['FFA_RXTX_UNMAP'] and ok:
            target = caller if self.quirks.unmap_ignores_w1 else (abi.w(call[1]) >> 16) or caller
            gone = self.mailboxes.pop(target, None)
            if gone is None:
                self.fail(step, f'FFA_RXTX_UNMAP of endpoint 0x{target:04x} succeeds, but it has no buffers mapped')
            if self.quirks.ownership_kept_across_unmap:
                self.kept[target] = gone.ownership
        elif fid == FID['FFA_PARTITION_INFO_GET']:
            self._partinfo(step, caller, call, reply, rx)
        elif fid == FID['FFA_RX_RELEASE'] and ok:
            target = abi.w(call[1]) & 0xFFFF if caller == 0 and abi.w(call[1]) else caller
            mb = self._mailbox(step, target, 'FFA_RX_RELEASE')
            mb.ownership = 'free'
        elif fid == FID['FFA_RX_ACQUIRE'] and ok:
            target = abi.w(call[1]) & 0xFFFF
            self._mailbox(step, target, 'FFA_RX_ACQUIRE').ownership = 'acquired'
        elif fid in MEM_SEND:
            self._mem_send(step, caller, call, reply)
        elif fid in RETRIEVE_REQ:
            self._retrieve(step, caller, call, reply, rx)
        elif fid == FID['FFA_MEM_FRAG_TX']:
            self._frag_tx(step, caller, call, reply)
        elif fid == FID['FFA_MEM_RECLAIM'] and ok:
            handle = abi.w(call[1]) | abi.w(call[2]) << 32
            if handle not in self.handles:
                self.fail(step, f'FFA_MEM_RECLAIM of handle 0x{handle:x} succeeds, but no share returned it'
                          + (' (already reclaimed)' if handle in self.reclaimed else ''))
            del self.handles[handle]
            self.reclaimed.append(handle)
        elif fid in DIRECT_REQ and reply[0] in (DIRECT_REQ[fid],):
            req, resp = abi.w(call[1]), abi.w(reply[1])
            if (resp >> 16, resp & 0xFFFF) != (req & 0xFFFF, req >> 16):
                self.fail(step, f'direct response w1 0x{resp:08x} does not swap the request\'s 0x{req:08x}')
        if rx is not None and fid != FID['FFA_PARTITION_INFO_GET'] and fid not in RETRIEVE_REQ:
            self.fail(step, f'an rx snapshot on {abi.fid_name(fid)}')

    def finish(self, mailboxes: List[dict]) -> None:
        want = {}
        for i, m in enumerate(mailboxes):
            where = f'mailboxes[{i}]'
            ep = id16(m.get('endpoint'), where)
            want[ep] = (reg64(m.get('tx'), where), reg64(m.get('rx'), where), m.get('pages'), m.get('ownership'))
        got = {ep: (mb.tx, mb.rx, mb.pages, mb.ownership) for ep, mb in self.mailboxes.items()}
        if want != got:
            def show(d):
                return ', '.join(f'0x{ep:04x}: tx 0x{v[0]:x} rx 0x{v[1]:x} {v[2]} page(s) {v[3]}' for ep, v in sorted(d.items())) or 'none'
            raise ReplayError(f'final mailboxes: the test says [{show(want)}], replaying the steps gives [{show(got)}]')

    # ---------------------------------------------------------------- helpers

    def _next(self, step: int) -> None:
        if self.ended:
            self.fail(step, 'a step after the firmware panicked')
        self.steps += 1
        if step != self.steps:
            self.fail(step, f'steps are numbered 1, 2, ...: expected {self.steps}')

    def _mailbox(self, step: int, ep: int, what: str) -> Mailbox:
        mb = self.mailboxes.get(ep)
        if mb is None:
            self.fail(step, f'{what} for endpoint 0x{ep:04x} succeeds, but it has no buffers mapped')
        return mb

    def _map(self, step: int, caller: int, call: List[int], smc32: bool) -> None:
        tx, rx, pages = call[1], call[2], abi.w(call[3])
        if smc32:
            tx, rx = abi.w(tx), abi.w(rx)
        if caller == 0 and tx == rx == pages == 0:
            # Forwarded: the endpoint RX/TX descriptor is at the start of the hypervisor's TX [SPMC3.2].
            hyp = self._mailbox(step, 0, 'a forwarded FFA_RXTX_MAP')
            h = RXTX_1_1.unpack(self.mem.read(hyp.tx, RXTX_1_1.size))
            # An SPMC reads the first constituent of each composite (Hafnium reads nothing else).
            rx_r = CONSTITUENT.unpack(self.mem.read(hyp.tx + h['rx_region_offs'] + COMPOSITE.size, CONSTITUENT.size))
            tx_r = CONSTITUENT.unpack(self.mem.read(hyp.tx + h['tx_region_offs'] + COMPOSITE.size, CONSTITUENT.size))
            caller, tx, rx, pages = h['sender_id'], tx_r['address'], rx_r['address'], rx_r['page_count']
        if caller in self.mailboxes:
            self.fail(step, f'FFA_RXTX_MAP for endpoint 0x{caller:04x} succeeds, but it already has buffers')
        mb = Mailbox(tx, rx, pages & self.quirks.page_mask)
        mb.ownership = self.kept.pop(caller, 'free')
        self.mailboxes[caller] = mb

    def _partinfo(self, step: int, caller: int, call: List[int], reply: List[int], rx: Optional[dict]) -> None:
        ok = reply[0] in SUCCESS
        count_only = abi.w(call[5]) & 1
        if not ok or count_only:
            if rx is not None:
                self.fail(step, 'an rx snapshot, but the call did not fill the RX buffer')
            if not count_only and self.quirks.partinfo_fills_rx_on_error and caller in self.mailboxes:
                self.mailboxes[caller].ownership = 'full'
            return
        count, size = abi.w(reply[2]), abi.w(reply[3]) or 8
        if size not in PARTINFO:
            self.fail(step, f'PARTITION_INFO_GET answers entries of {size} bytes (not 8, 24 or 48)')
        mb, data = self._rx_snapshot(step, caller, rx, 'PARTITION_INFO_GET')
        if len(data) != count * size:
            self.fail(step, f'RX holds {len(data)} bytes, the reply says {count} entries of {size} bytes')
        for i in range(count):
            pid = PARTINFO[size].unpack(data, i * size)['id']
            if pid not in self.partition_ids and pid not in self.mailboxes and pid >= 0x8000:
                self.fail(step, f'entry {i} names partition 0x{pid:04x}, which the group does not list')
        if mb.ownership != 'free':
            self.fail(step, f'PARTITION_INFO_GET fills the RX of 0x{caller:04x}, which the SPMC does not own ({mb.ownership})')
        mb.ownership = 'full'

    def _mem_send(self, step: int, caller: int, call: List[int], reply: List[int]) -> None:
        total, frag = abi.w(call[1]), abi.w(call[2])
        if reply[0] in SUCCESS:
            handle = abi.w(reply[2]) | abi.w(reply[3]) << 32
            received = total
        elif reply[0] == FID['FFA_MEM_FRAG_RX']:
            handle = abi.w(reply[1]) | abi.w(reply[2]) << 32
            received = abi.w(reply[3])
            if received != frag:
                self.fail(step, f'FFA_MEM_FRAG_RX says {received} bytes received, the call sent {frag}')
        else:
            return
        if frag > total:
            self.fail(step, f'fragment {frag} bytes longer than the total {total}, yet the SPMC accepts it')
        if call[3] == 0:  # the descriptor is in the caller's TX, not in a buffer named by address
            mb = self._mailbox(step, caller, abi.fid_name(call[0]))
            if mb.tx_written < frag:
                self.fail(step, f'{frag}-byte fragment accepted, but only {mb.tx_written} bytes were written to the TX')
            mb.tx_written = 0
        if handle in self.handles or handle in self.pending:
            self.fail(step, f'handle 0x{handle:x} returned while it is still in use')
        if received == total:
            self.handles[handle] = caller
        else:
            self.pending[handle] = (caller, received, total)

    def _rx_snapshot(self, step: int, caller: int, rx: Optional[dict], what: str) -> Tuple[Mailbox, bytes]:
        if rx is None:
            self.fail(step, f'{what} fills the RX buffer, but the step has no rx snapshot')
        ep = id16(rx.get('endpoint'), f'step {step} rx')
        if ep != caller:
            self.fail(step, f'{what} by 0x{caller:04x} fills the RX of 0x{ep:04x}')
        mb = self._mailbox(step, ep, what)
        addr, off = reg64(rx.get('address'), f'step {step} rx'), rx.get('offset')
        if not isinstance(off, int) or addr != mb.rx + off:
            self.fail(step, f'RX bytes at 0x{addr:x}, but endpoint 0x{ep:04x} has its RX at 0x{mb.rx:x} (+{off})')
        data = bytes.fromhex(rx.get('bytes', ''))
        if off + len(data) > mb.pages * PAGE:
            self.fail(step, f'{len(data)} bytes do not fit the {mb.pages}-page RX')
        return mb, data

    def _retrieve(self, step: int, caller: int, call: List[int], reply: List[int], rx: Optional[dict]) -> None:
        if reply[0] != FID['FFA_MEM_RETRIEVE_RESP']:
            if rx is not None:
                self.fail(step, 'an rx snapshot, but the retrieve was refused')
            return
        total, frag = abi.w(call[1]), abi.w(call[2])
        mb_tx = self._mailbox(step, caller, 'FFA_MEM_RETRIEVE_REQ')
        if call[3] == 0 and mb_tx.tx_written < frag:
            self.fail(step, f'{frag}-byte retrieve request accepted, but only {mb_tx.tx_written} bytes were written to the TX')
        mb_tx.tx_written = 0
        # The handle sits at offset 8 of both memory transaction headers [SPMC3.3].
        handle = int.from_bytes(self.mem.read(mb_tx.tx + 8, 8), 'little')
        if handle not in self.handles:
            self.fail(step, f'retrieve of handle 0x{handle:x} answered, but no completed share returned it')
        resp_total, resp_frag = abi.w(reply[1]), abi.w(reply[2])
        if resp_frag > resp_total or resp_frag == 0:
            self.fail(step, f'FFA_MEM_RETRIEVE_RESP fragment {resp_frag} of total {resp_total}')
        mb, data = self._rx_snapshot(step, caller, rx, 'FFA_MEM_RETRIEVE_RESP')
        if len(data) != resp_frag:
            self.fail(step, f'RX holds {len(data)} bytes, the reply says a {resp_frag}-byte fragment')
        back = int.from_bytes(data[8:16], 'little')
        if back != handle:
            self.fail(step, f'the retrieve response names handle 0x{back:x}, the request 0x{handle:x}')
        if mb.ownership != 'free':
            self.fail(step, f'the retrieve response fills an RX the SPMC does not own ({mb.ownership})')
        mb.ownership = 'full'

    def _frag_tx(self, step: int, caller: int, call: List[int], reply: List[int]) -> None:
        handle, frag = abi.w(call[1]) | abi.w(call[2]) << 32, abi.w(call[3])
        if reply[0] not in SUCCESS and reply[0] != FID['FFA_MEM_FRAG_RX']:
            return
        if handle not in self.pending:
            self.fail(step, f'FFA_MEM_FRAG_TX for handle 0x{handle:x} succeeds, but no transaction is pending on it')
        owner, received, total = self.pending[handle]
        mb = self._mailbox(step, caller, 'FFA_MEM_FRAG_TX')
        if mb.tx_written < frag:
            self.fail(step, f'{frag}-byte fragment accepted, but only {mb.tx_written} bytes were written to the TX')
        mb.tx_written = 0
        received += frag
        if reply[0] in SUCCESS:
            back = abi.w(reply[2]) | abi.w(reply[3]) << 32
            if received != total:
                self.fail(step, f'transaction complete after {received} of {total} bytes')
            if back != handle:
                self.fail(step, f'FRAG_TX completes handle 0x{handle:x} but returns 0x{back:x}')
            del self.pending[handle]
            self.handles[handle] = owner
        else:
            if abi.w(reply[3]) != received:
                self.fail(step, f'FFA_MEM_FRAG_RX says {abi.w(reply[3])} bytes received, the fragments add up to {received}')
            self.pending[handle] = (owner, received, total)
