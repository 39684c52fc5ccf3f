"""Suite "mediator" (vectors/mediator/<revision>/<area>.json): a hypervisor's FF-A mediator (Xen's,
revision by revision) between guests and a scripted SPMC, replayed and checked for being well formed
and internally consistent. Standard library only.

A test is a scenario from a fresh machine: steps `boot`, `create`/`destroy` (domain domid, FF-A id
domid + 1), `call` (a guest SMC and the reply the mediator gave), `write` (a guest writes its memory),
`timer`, `spmc-destroy` and the hooks `fail-global-map`/`fill-xen-tx`. Every step lists `smcs`: the
SMCs the mediator made to the SPMC, with the SPMC's recorded `reply`, the bytes of the mediator's
SPMC TX the call defines (`xenTx`) and of its SPMC RX the reply defines (`xenRx`).

How the replay is built (a template for other recorded-SMC suites):
  - `ScriptedSpmc` answers the n-th SMC with the n-th recorded reply and hands out the `xenRx`
    bytes; a hypervisor under test would call `answer()` for each SMC it makes. Here the recording
    plays the hypervisor, so `answer()` is fed the recorded calls.
  - `SpmcView` keeps what the SMCs establish on the SPMC's side: the mediator's own RX/TX pair and
    the ownership of its RX, the VM RX/TX pairs it forwarded, memory handles.
  - `Guest` (one per domain) keeps what the guest steps establish: its RX/TX, what it wrote in its
    TX, the partition list the mediator last copied to its RX and whether the guest still owns it.
  - `Replay` drives one test through these and holds the checks; `Suite` is one file.
  - `Deviations` holds the rule for bugs: the vectors record every revision *with its bugs*, so a
    broken protocol rule is accepted only when the test carries the ledger flag that names that bug
    (flag -> ledger entry in the file header). A deviation without its flag fails the test; one
    with it is counted, and `Suite.summary()` reports which flags explained what.
What is checked, and why:
  - frames (each SMC the mediator makes): known FF-A function id, zero upper halves for SMC32,
    reserved registers and MBZ bits zero (ffa_abi.ARGS), a reply of a kind the call can get
    (ffa_abi.REPLIES) with reserved result registers zero (ffa_abi.RESULTS), FFA_ERROR with a known
    code; the SPMC answers FFA_VERSION with the test's firmware version, and the mediator announces
    to guests the version it asked for. Guest calls may be anything (a guest can send garbage),
    but the mediator's reply to them must be well formed and of a kind the call can get.
  - pass-through: a partition message and its response, PARTITION_INFO_GET's UUID and flags, and
    the SPMC's refusal code reach the other side unchanged.
  - buffer lengths: `xenRx` of a full PARTITION_INFO_GET is w2 x w3 bytes of w2 valid entries, and
    fits Xen's RX page; `xenTx` of a forwarded RXTX_MAP is an endpoint RX/TX descriptor naming the
    calling VM, with the guest's page count and its pages translated by the group's `layout`;
    `xenTx` of a MEM_SHARE is w2 (fragment) bytes, at most w1 (total), a memory transaction
    descriptor from the calling VM with the guest's attributes, flags, tag and receivers, and the
    guest's ranges translated.
  - the script: without tweaks it lists distinct secure partitions with an execution context and
    clear reserved property bits; with the same firmware it answers the same PARTITION_INFO_GET
    with the same list in every test and revision (Suite.list_problems names the odd ones out).
  - handle round trip: the handle MEM_SHARE returns in w2/w3 is the one the guest gets, the one
    MEM_RECLAIM later names, and is reclaimed once; a transaction left half-sent is a deviation.
  - RX ownership: a PARTITION_INFO_GET that fills the mediator's RX makes it the owner until it
    sends FFA_RX_RELEASE(0); the next fill must come after that release, a release must follow a
    fill, and at the end the RX is back with the SPMC. The same for a VM RX taken by RX_ACQUIRE.
  - guest buffers: a guest's RXTX_UNMAP succeeds only while it does not own its RX (B7 explains
    otherwise); a failed global mapping is NO_MEMORY (B6: INVALID_PARAMETERS); a release of a
    forwarded RX that the mediator never handed to the guest is asked of the SPMC (B18: refused
    without an SMC); a firmware reporting FFA_RX_ACQUIRE is probed for it at boot (B10);
  - guests: replies well formed; a guest's partition list has as many entries as the SPMC's answer
    (or the boot list the mediator cached), each one the SPMC's entry cut to the guest's entry size;
    `finalGuestRx` is at each guest's mapped RX and holds exactly the last list copied to it;
    VM created/destroyed messages go to the SPs whose properties subscribe to them.
  - results: `valid` tests carry no ledger flag, `invalid` ones at least one, `acceptable` ones only
    B18/B20 (the file's own `result` rule); a flag a rule here can see (SEEN_BY_A_RULE) explains
    something in every test that carries it.
  - across revisions: every revision's file of an area has the same (tcId, caseId) pairs
    (`CrossRevision`, called once all files are read).
To extend it for a new rule: add the state to SpmcView or Guest, check it where the SMC or step
is handled, and if a known bug breaks it, route the failure through `Deviations.explain(flag, ...)`.
"""
from __future__ import annotations

import json
from typing import Dict, List, Optional, Set, Tuple

import ffa_abi as abi
import validate
from ffa_abi import FID, FrameError
from ffa_wire import COMPOSITE, CONSTITUENT, EMAD_16, EMAD_32, MEMTX_1_1, PARTINFO, RXTX_1_1, words_to_uuid
from smcseq import ReplayError, id16, reg64

PAGE = 4096
SUCCESS = {FID['FFA_SUCCESS_32'], FID['FFA_SUCCESS_64']}
RXTX_MAP = {FID['FFA_RXTX_MAP_32'], FID['FFA_RXTX_MAP_64']}
MEM_SHARE = {FID['FFA_MEM_SHARE_32'], FID['FFA_MEM_SHARE_64']}
DIRECT_REQ = {FID['FFA_MSG_SEND_DIRECT_REQ_32'], FID['FFA_MSG_SEND_DIRECT_REQ_64']}
FRAMEWORK = 0x80000000
VM_CREATED, VM_DESTROYED = 4, 6            # framework message types (FF-A v1.1 "VM availability messages")
SUBSCRIBE_BIT = {VM_CREATED: 1 << 6, VM_DESTROYED: 1 << 7}  # partition properties bits 6 and 7
TOLERATED = {'B18', 'B20'}                 # the files' `result` rule: acceptable = only these
# The flags a rule of this module can see (each is named by a Deviations.explain call). A test that
# carries one of them must show what it explains, so a flag cannot outlive its deviation; the
# ledger's other bugs (B2: a deadlock; B12: boot refuses 64 SPs) are not visible in an SMC sequence.
SEEN_BY_A_RULE = {'BuffersFreedBeforeUnmap', 'FragRxPositiveError', 'MapFailInvalidParameters', 'MapTxEqualsRx',
                  'MapZeroPages', 'MemShareOversizeSuccess', 'PartinfoInitNoBound', 'RxAcquireNeverProbed',
                  'RxReleaseNotForwarded', 'SpuriousRxRelease', 'StalePadding', 'TeardownUnmapNoRetry',
                  'UnalignedMapTruncated', 'UnalignedRxtxOffsets', 'UnmapWhileRxOwned'}
OPS = ('boot', 'create', 'destroy', 'call', 'write', 'timer', 'spmc-destroy', 'fail-global-map', 'fill-xen-tx')


class Deviations:
    """Protocol rules a recorded revision breaks because of a known bug. `explain(flag, why)` passes
    only if the test carries `flag` (a ledger bug of the file header); the explanations are kept
    for the report."""

    def __init__(self, flags: Set[str], notes: dict):
        self.flags = flags
        self.notes = notes
        self.explained: List[Tuple[str, str]] = []

    def explain(self, flag: str, why: str) -> None:
        if flag not in self.flags:
            ledger = self.notes.get(flag, {}).get('ledgerId', '')
            raise ReplayError(f'{why} (only the {flag}{" " + ledger if ledger else ""} bug explains this, '
                              'and the test does not carry that flag)')
        self.explained.append((flag, why))


class ScriptedSpmc:
    """The scripted SPMC of the vectors: answers the n-th SMC of the test with the n-th recorded
    `reply`, after putting `xenRx` in the hypervisor's RX. A hypervisor under test calls
    `answer(call)`; a call that differs from the recording is reported at the first difference."""

    def __init__(self, smcs: List[dict]):
        self.smcs = smcs
        self.n = 0

    def answer(self, call: List[int], where: str) -> Tuple[List[int], Optional[bytes], dict]:
        if self.n >= len(self.smcs):
            raise ReplayError(f'{where}: SMC {abi.fid_name(call[0])} beyond the {len(self.smcs)} recorded')
        smc = self.smcs[self.n]
        self.n += 1
        want = abi.parse_frame(smc.get('call'), f'{where} call')
        if want != call:
            raise ReplayError(f'{where}: SMC {self.n} is {abi.fid_name(call[0])}, the recording has {abi.fid_name(want[0])}')
        reply = abi.parse_frame(smc.get('reply'), f'{where} reply')
        rx = smc.get('xenRx')
        return reply, (_hex(rx.get('bytes'), f'{where} xenRx') if rx is not None else None), smc


def _hex(s: object, where: str) -> bytes:
    if not isinstance(s, str) or s != s.lower():
        raise ReplayError(f'{where}: bytes are not lowercase hex')
    try:
        return bytes.fromhex(s)
    except ValueError:
        raise ReplayError(f'{where}: bytes are not hex') from None


def _handle(lo: int, hi: int) -> int:
    return abi.w(lo) | abi.w(hi) << 32


class Layout:
    """The group's `layout`: guest d's IPA `guestIpaBase + k` is machine address
    `guestRamBase + (d - 1) * guestRamStride + k` (guestRamBase is domain 1's RAM)."""

    def __init__(self, group: dict):
        lay = group.get('layout', {})
        self.heap = reg64(lay.get('xenHeap'), 'layout.xenHeap')
        self.ipa = reg64(lay.get('guestIpaBase'), 'layout.guestIpaBase')
        self.ram = reg64(lay.get('guestRamBase'), 'layout.guestRamBase')
        self.stride = reg64(lay.get('guestRamStride'), 'layout.guestRamStride')

    def machine(self, domid: int, ipa: int) -> Optional[int]:
        if ipa < self.ipa or ipa - self.ipa >= self.stride:
            return None
        return self.ram + (domid - 1) * self.stride + (ipa - self.ipa)


class Guest:
    def __init__(self, domid: int, vm_id: int):
        self.domid, self.vm_id = domid, vm_id
        self.rx: Optional[Tuple[int, int]] = None   # (IPA, pages) of its mapped RX
        self.tx: Optional[int] = None
        self.version = 0x10001
        self.memory: Dict[int, int] = {}            # IPA -> byte, from `write` steps
        self.expected: Optional[List[bytes]] = None  # the SPMC's entries last copied to its RX, cut to size
        self.extra = 0                              # entries the mediator added after them (VMs, v1.2+)
        self.uuid_given = False                     # the call named a UUID: the entries' UUID may read 0
        self.holds = False                          # the guest owns its RX (a list copied, not released)
        self.vm_handle: Optional[Tuple[int, int]] = None  # w3/w4 of its VM availability messages

    def read(self, ipa: int, n: int) -> bytes:
        return bytes(self.memory.get(ipa + i, 0) for i in range(n))


class SpmcView:
    """What the SMCs establish on the SPMC's side of the mediator."""

    def __init__(self):
        self.xen_pair: Optional[Tuple[int, int, int]] = None  # (TX, RX, pages) mapped by the mediator
        self.xen_rx = 'free'                # 'full' from a fill until FFA_RX_RELEASE(0)
        self.vm_rx: Dict[int, str] = {}     # forwarded VM pairs: vm id -> 'free' or 'acquired'
        self.handles: Dict[int, int] = {}   # live memory handle -> sharing VM
        self.pending: Dict[int, int] = {}   # handle of a transaction the SPMC wants more fragments of
        self.reclaimed: Set[int] = set()
        self.boot_list: Optional[Tuple[bytes, int]] = None   # (entries, entry size) the boot probe got


class Replay:
    """One test: steps in order, every SMC through ScriptedSpmc, the checks of the module docstring."""

    def __init__(self, doc: dict, group: dict, test: dict, path: str = '',
                 lists: Optional[Dict[tuple, Dict[bytes, List[str]]]] = None):
        self.doc, self.group, self.test = doc, group, test
        self.path = path
        self.lists = lists  # (firmware, call) -> the lists the SPMC answered -> where (see Suite.lists)
        self.layout = Layout(group)
        self.flags = set(test.get('flags', []))
        self.dev = Deviations(self.flags, doc.get('flags', {}))
        self.spmc = SpmcView()
        self.guests: Dict[int, Guest] = {}
        self.fill_byte: Optional[int] = None
        self.map_fails = False  # the hook made the mediator's next global mapping of guest pages fail
        self.fw_version = test.get('firmware', {}).get('version', '1.1')
        self.smc_count = 0
        self.mediator_version: Optional[int] = None  # what the mediator asked the SPMC for at boot
        self.oversize: Optional[str] = None  # a partition list that does not fit the RX, this step
        self.where = ''

    def fail(self, why: str) -> None:
        raise ReplayError(f'{self.where}: {why}')

    # ------------------------------------------------------------------ driver

    def run(self) -> None:
        steps = self.test.get('steps', [])
        if not steps:
            raise ReplayError('a test without steps')
        panic = 'xenPanic' in self.test
        recorded = [smc for s in steps for smc in s.get('smcs', [])]
        scripted = ScriptedSpmc(recorded)
        for i, s in enumerate(steps):
            n = s.get('step')
            self.where = f'step {n}'
            if n != i + 1:
                self.fail(f'steps are numbered 1, 2, ...: expected {i + 1}')
            op = s.get('op')
            if op not in OPS:
                self.fail(f'unknown op {op!r}')
            guest = self._guest_of(s, op)
            call = reply = None
            if op == 'call':
                call = self._frame(s.get('call'), 'guest call')
                if 'reply' in s:
                    reply = self._frame(s['reply'], 'guest reply')
                elif not (panic and i == len(steps) - 1):
                    self.fail('a guest call without a reply, and the test does not end in a xenPanic')
            smcs = []
            for k, smc in enumerate(s.get('smcs', [])):
                self.where = f'step {n} smc {k + 1}'
                c = self._frame(smc.get('call'), 'call')
                r, rx, rec = scripted.answer(c, self.where)
                self.smc_count += 1
                self._check_smc(c, r, rx, rec, op, guest, call)
                smcs.append((c, r, rx))
            self.where = f'step {n}'
            if self.oversize is not None:
                taken = s.get('ok') if op == 'boot' else reply is not None and reply[0] in SUCCESS
                if taken:
                    self.dev.explain('PartinfoInitNoBound', f'{self.oversize} accepted')
                self.oversize = None
            if op == 'call':
                self._guest_call(guest, call, reply, smcs)
            elif op == 'write':
                self._write(guest, s)
            elif op == 'create':
                self._create(s, smcs)
            elif op == 'destroy':
                self._destroy(guest, smcs)
            elif op == 'fill-xen-tx':
                self.fill_byte = s.get('byte')
            elif op == 'fail-global-map':
                self.map_fails = True
            elif op == 'boot':
                self._boot_end(s, smcs)
        self.where = 'end'
        if scripted.n != len(recorded):
            self.fail(f'{len(recorded) - scripted.n} recorded SMCs were never asked for')
        if not panic:
            self._finish()
        self._check_result()

    def _frame(self, regs: object, what: str) -> List[int]:
        try:
            return abi.parse_frame(regs, f'{self.where} {what}')
        except FrameError as e:
            raise ReplayError(str(e)) from None

    def _guest_of(self, s: dict, op: str) -> Optional[Guest]:
        if op not in ('call', 'write', 'destroy', 'create'):
            return None
        domid = s.get('domid')
        if not isinstance(domid, int) or domid < 1:
            self.fail(f'domid {domid!r} is not a guest domain')
        if op == 'create':
            if domid in self.guests:
                self.fail(f'domain {domid} created twice')
            vm = id16(s.get('vmId'), self.where)
            if vm != domid + 1:
                self.fail(f'domain {domid} gets FF-A id 0x{vm:04x}, the format says domid + 1')
            self.guests[domid] = Guest(domid, vm)
        if domid not in self.guests:
            self.fail(f'{op} on domain {domid}, which was not created')
        return self.guests[domid]

    # ------------------------------------------------------------------ SMCs

    def _check_smc(self, call: List[int], reply: List[int], rx: Optional[bytes], rec: dict,
                   op: str, guest: Optional[Guest], gcall: Optional[List[int]]) -> None:
        """One SMC of the mediator: frame, reply kind, buffers, then its effect on the SPMC side."""
        try:
            name = abi.check_call(call, self.where)
            abi.check_args(call, self.where)
            abi.check_reply_to(call, reply, self.where)
            abi.check_result(call, reply, self.where)
        except FrameError as e:
            raise ReplayError(str(e)) from None
        if name == 'FFA_VERSION' and op == 'boot':
            self._spmc_version(call, reply)
        bufs = rec.get('xenBuffers')
        if bufs not in ('mapped', 'none'):
            self.fail(f'xenBuffers {bufs!r}')
        fid, ok, sp = call[0], reply[0] in SUCCESS, self.spmc
        forwarded_map = fid in RXTX_MAP and call[1] == call[2] == call[3] == 0
        want_tx = forwarded_map or fid in MEM_SHARE
        want_rx = fid == FID['FFA_PARTITION_INFO_GET'] and not abi.w(call[5]) & 1 and ok
        for key, want in (('xenTx', want_tx), ('xenRx', want_rx)):
            if (key in rec) != want:
                self.fail(f'{name} {"without" if want else "with"} {key}')
            if key in rec:
                if rec[key].get('offset') != 0:
                    self.fail(f'{key} at offset {rec[key].get("offset")}: the mediator\'s buffers are used from 0')
                if bufs != 'mapped':
                    self.fail(f'{key} bytes, but the mediator had no SPMC buffers (xenBuffers "none")')
        tx = _hex(rec['xenTx'].get('bytes'), f'{self.where} xenTx') if 'xenTx' in rec else b''
        if fid in RXTX_MAP and not forwarded_map:
            self._xen_map(call, ok)
        elif forwarded_map:
            self._forwarded_map(call, reply, tx, guest, gcall)
        elif fid == FID['FFA_RXTX_UNMAP']:
            self._unmap(call, ok, bufs)
        elif fid == FID['FFA_PARTITION_INFO_GET']:
            if want_rx:
                self._fill(call, reply, rx or b'', op)
        elif fid == FID['FFA_RX_RELEASE']:
            self._release(call, reply, ok)
        elif fid == FID['FFA_RX_ACQUIRE']:
            vm = abi.w(call[1])
            if ok:
                if sp.vm_rx.get(vm) != 'free':
                    self.fail(f'RX_ACQUIRE of VM 0x{vm:04x} succeeds, but its RX is {sp.vm_rx.get(vm, "not mapped")}')
                sp.vm_rx[vm] = 'acquired'
        elif fid in MEM_SHARE:
            self._mem_share(call, reply, tx, guest, gcall)
        elif fid == FID['FFA_MEM_RECLAIM']:
            h = _handle(call[1], call[2])
            if ok:
                if h not in sp.handles:
                    self.fail(f'MEM_RECLAIM of handle 0x{h:x} succeeds, but it is not a live share'
                              + (' (already reclaimed)' if h in sp.reclaimed else ''))
                del sp.handles[h]
                sp.reclaimed.add(h)
        elif fid in DIRECT_REQ:
            self._direct(call, reply, op, guest)

    def _boot_end(self, s: dict, smcs: List[Tuple[List[int], List[int], Optional[bytes]]]) -> None:
        """After the probe: a boot that says ok has its pair mapped; a firmware that reports
        FFA_RX_ACQUIRE must be asked about it, or the mediator never forwards VM buffers (B10)."""
        if s.get('ok') and not self.spmc.xen_pair:
            self.fail('boot says ok, but the mediator has no RX/TX pair mapped with the SPMC')
        probed = {abi.w(c[1]) for c, _, _ in smcs if c[0] == FID['FFA_FEATURES']}
        if self.test.get('firmware', {}).get('featuresRxAcquire') and FID['FFA_RX_ACQUIRE'] not in probed:
            self.dev.explain('RxAcquireNeverProbed', 'the firmware reports FFA_RX_ACQUIRE, the boot probe never asks for it')

    def _spmc_version(self, call: List[int], reply: List[int]) -> None:
        """The scripted SPMC answers FFA_VERSION with the test's firmware `version`; the mediator asks
        with its own version, which is the one it then announces to guests (checked in _guest_call)."""
        major, minor = (int(x) for x in self.fw_version.split('.'))
        if reply[0] != (major << 16 | minor):
            self.fail(f'the SPMC answers version 0x{reply[0]:x}, the test\'s firmware is {self.fw_version}')
        self.mediator_version = abi.w(call[1])

    def _xen_map(self, call: List[int], ok: bool) -> None:
        """The mediator's own FFA_RXTX_MAP at boot: two distinct pages of its heap."""
        tx, rx, pages = call[1], call[2], abi.w(call[3])
        if self.spmc.xen_pair is not None:
            self.fail('the mediator maps its own RX/TX pair twice')
        if tx == rx or tx % PAGE or rx % PAGE or pages == 0 or min(tx, rx) < self.layout.heap:
            self.fail(f'own RXTX_MAP(TX 0x{tx:x}, RX 0x{rx:x}, {pages} pages): not two distinct page-aligned heap pages')
        if ok:
            self.spmc.xen_pair = (tx, rx, pages)
            self.spmc.xen_rx = 'free'

    def _unmap(self, call: List[int], ok: bool, bufs: str) -> None:
        ep, sp = abi.w(call[1]) >> 16, self.spmc
        if ep == 0:
            if sp.xen_pair is None:
                if ok:
                    self.fail('RXTX_UNMAP of the mediator\'s pair succeeds, but it is not mapped')
                self.dev.explain('BuffersFreedBeforeUnmap', 'RXTX_UNMAP of a pair the SPMC never mapped')
            elif bufs == 'none':
                self.dev.explain('BuffersFreedBeforeUnmap', 'RXTX_UNMAP sent after the mediator freed the pages')
            if ok:
                sp.xen_pair = None
            return
        if ok:
            if ep not in sp.vm_rx:
                self.fail(f'RXTX_UNMAP of VM 0x{ep:04x} succeeds, but it has no forwarded pair')
            del sp.vm_rx[ep]

    def _fill(self, call: List[int], reply: List[int], data: bytes, op: str) -> None:
        """A full PARTITION_INFO_GET: w2 entries of w3 bytes in the mediator's RX, now its own."""
        sp = self.spmc
        count, size = abi.w(reply[2]), abi.w(reply[3])
        if sp.xen_pair is None:
            self.fail('PARTITION_INFO_GET fills an RX the SPMC does not have')
        if len(data) != count * size:
            self.fail(f'xenRx holds {len(data)} bytes, the reply says {count} entries of {size} bytes')
        fw = self.test.get('firmware', {})
        if self.lists is not None:
            key = (json.dumps(fw, sort_keys=True), tuple(abi.w(call[i]) for i in range(1, 6)))
            self.lists.setdefault(key, {}).setdefault(data, []).append(f'{self.path} tcId {self.test.get("tcId")} {self.where}')
        if count * size > sp.xen_pair[2] * PAGE or size not in PARTINFO:
            # The (tweaked) SPMC's answer is out of bounds: the mediator must refuse it, see run().
            self.oversize = f'{count} entries of {size} bytes in a {sp.xen_pair[2]}-page RX'
        elif not fw.get('tweaks'):
            # The untweaked script answers as an SPMC must: distinct secure partitions, each with
            # an execution context, reserved property bits (31:11) clear.
            entries = [PARTINFO[size].unpack(data, i * size) for i in range(count)]
            ids = [e['id'] for e in entries]
            if len(set(ids)) != len(ids) or any(not i & 0x8000 for i in ids) or \
                    any(e['exec_count'] == 0 or e['properties'] >> 11 for e in entries):
                self.fail('the partition list is not distinct secure partitions with an execution context and '
                          'clear reserved properties: ' + ', '.join(f'0x{e["id"]:04x}/{e["exec_count"]}/0x{e["properties"]:x}' for e in entries))
        if sp.xen_rx != 'free':
            self.fail('PARTITION_INFO_GET fills the mediator\'s RX again before FFA_RX_RELEASE')
        sp.xen_rx = 'full'
        if op == 'boot' and self.oversize is None:
            sp.boot_list = (data, size)

    def _release(self, call: List[int], reply: List[int], ok: bool) -> None:
        vm, sp = abi.w(call[1]), self.spmc
        if vm == 0:
            if sp.xen_rx != 'full':
                if ok:
                    self.fail('FFA_RX_RELEASE(0) succeeds, but the SPMC had not filled the mediator\'s RX')
                self.dev.explain('SpuriousRxRelease', 'FFA_RX_RELEASE(0) without a PARTITION_INFO_GET that filled the RX')
            elif ok:
                sp.xen_rx = 'free'
            return
        if ok:
            if sp.vm_rx.get(vm) != 'acquired':
                self.fail(f'RX_RELEASE of VM 0x{vm:04x} succeeds, but its RX is {sp.vm_rx.get(vm, "not mapped")}')
            sp.vm_rx[vm] = 'free'

    def _forwarded_map(self, call: List[int], reply: List[int], tx: bytes, guest: Optional[Guest],
                       gcall: Optional[List[int]]) -> None:
        """RXTX_MAP(0, 0, 0): the endpoint RX/TX descriptor in the mediator's TX names the calling VM,
        with the guest's page count, at the guest's pages translated by the layout."""
        if guest is None or gcall is None or gcall[0] not in RXTX_MAP:
            self.fail('a forwarded RXTX_MAP outside a guest FFA_RXTX_MAP')
        if len(tx) < RXTX_1_1.size:
            self.fail(f'xenTx of {len(tx)} bytes holds no endpoint RX/TX descriptor')
        h = RXTX_1_1.unpack(tx)
        aligned = h['rx_region_offs'] % 8 == 0 and h['tx_region_offs'] % 8 == 0
        try:
            validate.rxtx(tx, allow_unaligned=True)
        except validate.Refusal as e:
            self.fail(f'xenTx is not an endpoint RX/TX descriptor: {e}')
        if not aligned:
            self.dev.explain('UnalignedRxtxOffsets', f'composites at {h["rx_region_offs"]}/{h["tx_region_offs"]}, not 8-byte aligned')
        elif h['rx_region_offs'] >= 16 and tx[12:16] != bytes(4):
            stale = self.fill_byte is not None and tx[12:16] == bytes([self.fill_byte]) * 4
            self.dev.explain('StalePadding', f'padding bytes 12..15 = {tx[12:16].hex()}'
                             + (' (the TX fill)' if stale else ''))
        if h['sender_id'] != guest.vm_id:
            self.fail(f'forwarded descriptor for 0x{h["sender_id"]:04x}, the caller is VM 0x{guest.vm_id:04x}')
        smc32 = gcall[0] == FID['FFA_RXTX_MAP_32']
        g_tx, g_rx = (abi.w(gcall[1]), abi.w(gcall[2])) if smc32 else (gcall[1], gcall[2])
        pages = abi.w(gcall[3])
        for side, off, ipa in (('rx', h['rx_region_offs'], g_rx), ('tx', h['tx_region_offs'], g_tx)):
            comp = COMPOSITE.unpack(tx, off)
            rng = CONSTITUENT.unpack(tx, off + COMPOSITE.size)
            if comp['total_page_count'] != pages or rng['page_count'] != pages:
                self.fail(f'{side} composite of {comp["total_page_count"]}/{rng["page_count"]} pages, the guest mapped {pages}')
            want = self.layout.machine(guest.domid, ipa & ~(PAGE - 1))
            if rng['address'] != want:
                self.fail(f'{side} at 0x{rng["address"]:x}, the guest\'s IPA 0x{ipa:x} is machine 0x{want or 0:x}')
        if reply[0] in SUCCESS:
            if guest.vm_id in self.spmc.vm_rx:
                self.fail(f'a second forwarded pair for VM 0x{guest.vm_id:04x} accepted')
            self.spmc.vm_rx[guest.vm_id] = 'free'

    def _mem_share(self, call: List[int], reply: List[int], tx: bytes, guest: Optional[Guest],
                   gcall: Optional[List[int]]) -> None:
        """MEM_SHARE: the fragment in the mediator's TX is w2 bytes (<= w1), from the calling VM,
        with the guest's ranges translated; the SPMC's handle becomes live."""
        total, frag = abi.w(call[1]), abi.w(call[2])
        if guest is None or gcall is None or gcall[0] not in MEM_SHARE:
            self.fail('a MEM_SHARE outside a guest FFA_MEM_SHARE')
        if call[3] or abi.w(call[4]):
            self.fail('MEM_SHARE names a buffer: the mediator sends the descriptor in its TX (x3 = w4 = 0)')
        if len(tx) != frag or frag > total:
            self.fail(f'xenTx holds {len(tx)} bytes, the call says fragment {frag} of total {total}')
        if self.spmc.xen_pair is None or frag > self.spmc.xen_pair[2] * PAGE:
            self.fail(f'a {frag}-byte fragment, but the mediator\'s TX is not mapped or smaller')
        sent = self._memtx(tx, guest.vm_id, 'xenTx')
        gtot, gfrag = abi.w(gcall[1]), abi.w(gcall[2])
        if guest.tx is not None and gtot == gfrag:
            theirs = guest.read(guest.tx, gfrag)
            mine = self._memtx(theirs, guest.vm_id, 'the guest\'s TX')
            if mine['emad_size'] == sent['emad_size'] and (gtot, gfrag) != (total, frag):
                self.fail(f'MEM_SHARE({total}, {frag}) forwards the guest\'s ({gtot}, {gfrag}) with the same layout')
            for key in ('attributes', 'flags', 'tag', 'receivers'):
                if sent[key] != mine[key]:
                    self.fail(f'the forwarded descriptor\'s {key} {sent[key]} are not the guest\'s {mine[key]}')
            want = [(self.layout.machine(guest.domid, a), n) for a, n in mine['ranges']]
            if sent['ranges'] != want:
                self.fail('forwarded ranges ' + ', '.join(f'0x{a:x}+{n}' for a, n in sent['ranges'])
                          + ' are not the guest\'s ' + ', '.join(f'0x{a or 0:x}+{n}' for a, n in want))
        sp = self.spmc
        if reply[0] in SUCCESS:
            h = _handle(reply[2], reply[3])
            if h in sp.handles or h in sp.pending:
                self.fail(f'the SPMC returns handle 0x{h:x}, which is still in use')
            sp.handles[h] = guest.vm_id
        elif reply[0] == FID['FFA_MEM_FRAG_RX']:
            h = _handle(reply[1], reply[2])
            if abi.w(reply[3]) > frag:
                self.fail(f'FFA_MEM_FRAG_RX says {abi.w(reply[3])} bytes received of a {frag}-byte fragment')
            sp.pending[h] = guest.vm_id

    def _memtx(self, buf: bytes, vm_id: int, what: str) -> dict:
        """A memory transaction descriptor (v1.1+ header), after checking its sender, handle 0 and
        the composite's page total: what a forwarding mediator must keep (attributes, flags, tag,
        each receiver's id, permissions and flags) and the (address, pages) ranges it translates."""
        try:
            validate.memtx(buf, self.fw_version if what == 'xenTx' else '1.1')
        except validate.Refusal as e:
            self.fail(f'{what} is not a memory transaction descriptor: {e}')
        h = MEMTX_1_1.unpack(buf)
        if h['sender_id'] != vm_id or h['handle'] != 0:
            self.fail(f'{what}: sender 0x{h["sender_id"]:04x}, handle 0x{h["handle"]:x} (want VM 0x{vm_id:04x}, handle 0)')
        es = EMAD_32 if h['mem_access_size'] == 32 else EMAD_16
        emads = [es.unpack(buf, h['mem_access_offs'] + i * es.size) for i in range(h['mem_access_count'])]
        emad = emads[0]
        comp = COMPOSITE.unpack(buf, emad['region_offs'])
        out = [tuple(CONSTITUENT.unpack(buf, emad['region_offs'] + COMPOSITE.size + i * CONSTITUENT.size)[k]
                     for k in ('address', 'page_count')) for i in range(comp['address_range_count'])]
        if sum(n for _, n in out) != comp['total_page_count']:
            self.fail(f'{what}: total_page_count {comp["total_page_count"]}, the ranges hold {sum(n for _, n in out)}')
        return {'emad_size': es.size, 'attributes': h['mem_reg_attr'], 'flags': h['flags'], 'tag': h['tag'],
                'receivers': [(e['endpoint_id'], e['perm'], e['flags']) for e in emads], 'ranges': out}

    def _direct(self, call: List[int], reply: List[int], op: str, guest: Optional[Guest]) -> None:
        """Direct requests: VM availability messages from the hypervisor (id 0) carry the VM id in
        w5 and are answered by the matching framework response; a guest's request is sent as that
        VM; every response swaps sender and receiver."""
        ids, flags = abi.w(call[1]), abi.w(call[2])
        sender, receiver = ids >> 16, ids & 0xFFFF
        if not receiver & 0x8000:
            self.fail(f'direct request to 0x{receiver:04x}, not a secure partition')
        if flags & FRAMEWORK:
            kind = flags & 0xFF
            if sender != 0 or kind not in (VM_CREATED, VM_DESTROYED) or op not in ('create', 'destroy', 'timer'):
                self.fail(f'framework message 0x{flags:08x} from 0x{sender:04x} during {op}')
            if guest is not None and abi.w(call[5]) & 0xFFFF != guest.vm_id:
                self.fail(f'VM availability message for 0x{abi.w(call[5]):04x}, the domain is VM 0x{guest.vm_id:04x}')
            if call[6] or call[7]:
                self.fail('VM availability message with w6/w7 set (reserved, MBZ)')
            if guest is not None:
                handle = (abi.w(call[3]), abi.w(call[4]))
                if guest.vm_handle is not None and guest.vm_handle != handle:
                    self.fail(f'VM availability messages name VM 0x{guest.vm_id:04x} by two handles: '
                              f'{guest.vm_handle} and {handle}')
                guest.vm_handle = handle
            sub = self._subscribed(kind)
            if sub is not None and receiver not in sub:
                self.fail(f'VM availability message {kind} to 0x{receiver:04x}, which did not subscribe to it')
        elif guest is None or sender != guest.vm_id:
            self.fail(f'direct request from 0x{sender:04x} outside a call of that VM')
        if reply[0] in (FID['FFA_MSG_SEND_DIRECT_RESP_32'], FID['FFA_MSG_SEND_DIRECT_RESP_64']):
            r = abi.w(reply[1])
            if (r >> 16, r & 0xFFFF) != (receiver, sender):
                self.fail(f'direct response w1 0x{r:08x} does not swap the request\'s 0x{ids:08x}')
            if flags & FRAMEWORK and abi.w(reply[2]) != (flags | FRAMEWORK) + 1:
                self.fail(f'framework response 0x{abi.w(reply[2]):08x} to message 0x{flags:08x}')

    def _subscribed(self, kind: int) -> Optional[Set[int]]:
        if self.spmc.boot_list is None:
            return None
        data, size = self.spmc.boot_list
        entries = [PARTINFO[size].unpack(data, i) for i in range(0, len(data), size)]
        return {e['id'] for e in entries if e['properties'] & SUBSCRIBE_BIT[kind]}

    # ------------------------------------------------------------------ guest steps

    def _write(self, guest: Guest, s: dict) -> None:
        addr = reg64(s.get('address'), self.where)
        data = _hex(s.get('bytes'), self.where)
        if not data or self.layout.machine(guest.domid, addr) is None:
            self.fail(f'a write of {len(data)} bytes at IPA 0x{addr:x}, outside the guest\'s RAM')
        for i, b in enumerate(data):
            guest.memory[addr + i] = b

    def _guest_call(self, guest: Guest, call: List[int], reply: Optional[List[int]],
                    smcs: List[Tuple[List[int], List[int], Optional[bytes]]]) -> None:
        """What the mediator answered the guest, against the SMCs it made for it."""
        if reply is None:
            return
        name = abi.fid_name(call[0])
        if call[0] not in abi.NAME:
            if abi.w(reply[0]) != 0xFFFFFFFF and abi.error_code(reply) != 'NOT_SUPPORTED':
                self.fail(f'unknown SMC 0x{call[0]:x} answered with {abi.fid_name(reply[0])}, not NOT_SUPPORTED')
            return
        try:
            abi.check_reply_to(call, reply, f'{self.where} guest reply')
            abi.check_result(call, reply, f'{self.where} guest reply')
        except FrameError as e:
            if reply[0] == FID['FFA_ERROR'] and abi.s32(reply[2]) > 0 and not reply[1] and not any(reply[3:8]):
                self.dev.explain('FragRxPositiveError', f'the guest gets FFA_ERROR with a positive code {abi.s32(reply[2])}')
            else:
                raise ReplayError(str(e)) from None
        ok = reply[0] in SUCCESS
        fid = call[0]
        self._passed_through(call, reply, smcs)
        if fid in RXTX_MAP and self.map_fails:
            self.map_fails = False
            if abi.error_code(reply) == 'INVALID_PARAMETERS':
                self.dev.explain('MapFailInvalidParameters', 'the mediator could not map the guest\'s pages and '
                                 'answers INVALID_PARAMETERS (DEN0077: NO_MEMORY)')
        if fid == FID['FFA_VERSION'] and reply[0] >> 31 == 0:
            if self.mediator_version is not None and reply[0] != self.mediator_version:
                self.fail(f'the mediator announces version 0x{reply[0]:x} to the guest, but asked the SPMC for 0x{self.mediator_version:x}')
            if abi.w(call[1]) >> 16 == reply[0] >> 16:
                guest.version = min(abi.w(call[1]), reply[0])
        elif fid in RXTX_MAP and ok:
            smc32 = fid == FID['FFA_RXTX_MAP_32']
            tx, rx = (abi.w(call[1]), abi.w(call[2])) if smc32 else (call[1], call[2])
            if tx & (PAGE - 1) or rx & (PAGE - 1):
                self.dev.explain('UnalignedMapTruncated', f'unaligned RXTX_MAP (TX 0x{tx:x}, RX 0x{rx:x}) accepted')
            if abi.w(call[3]) == 0:
                self.dev.explain('MapZeroPages', 'RXTX_MAP of 0 pages accepted')
            if tx == rx:
                self.dev.explain('MapTxEqualsRx', 'RXTX_MAP with TX = RX accepted')
            guest.tx, guest.rx, guest.expected, guest.holds = tx & ~(PAGE - 1), (rx & ~(PAGE - 1), abi.w(call[3])), None, False
        elif fid == FID['FFA_RXTX_UNMAP'] and ok:
            if guest.holds:
                self.dev.explain('UnmapWhileRxOwned', 'FFA_RXTX_UNMAP succeeds while the guest owns its RX '
                                 '(a partition list copied, not released)')
            guest.tx = guest.rx = guest.expected = None
            guest.holds = False
        elif fid == FID['FFA_RX_RELEASE'] and ok:
            guest.holds = False
        elif (fid == FID['FFA_RX_RELEASE'] and not smcs and guest.vm_id in self.spmc.vm_rx
              and not guest.holds and guest.expected is None):
            # Xen never handed this RX to the guest since the map, so only the SPMC can have filled
            # it; a second release after Xen's own list was released is an ordinary double release.
            self.dev.explain('RxReleaseNotForwarded', 'a guest FFA_RX_RELEASE is refused without asking the SPMC, '
                             'which shares the guest\'s RX (forwarded pair) and alone could have filled it')
        elif fid == FID['FFA_PARTITION_INFO_GET'] and ok:
            self._guest_partinfo(guest, call, reply, smcs)
        elif fid in MEM_SHARE:
            shares = [(c, r) for c, r, _ in smcs if c[0] in MEM_SHARE]
            if ok:
                h = _handle(reply[2], reply[3])
                if not shares:
                    self.dev.explain('MemShareOversizeSuccess', f'MEM_SHARE answered FFA_SUCCESS (handle 0x{h:x}) without any SMC')
                elif shares[-1][1][0] not in SUCCESS or _handle(shares[-1][1][2], shares[-1][1][3]) != h:
                    self.fail(f'the guest gets handle 0x{h:x}, not the one the SPMC returned')
            elif shares and shares[-1][1][0] == FID['FFA_MEM_FRAG_RX']:
                pass  # B16 explained above: the guest got the positive offset as an error
        elif fid == FID['FFA_MEM_RECLAIM']:
            h = _handle(call[1], call[2])
            for c, _, _ in smcs:
                if c[0] == FID['FFA_MEM_RECLAIM'] and _handle(c[1], c[2]) != h:
                    self.fail(f'the guest reclaims 0x{h:x}, the mediator reclaims 0x{_handle(c[1], c[2]):x}')

    def _passed_through(self, call: List[int], reply: List[int],
                        smcs: List[Tuple[List[int], List[int], Optional[bytes]]]) -> None:
        """What the mediator forwards unchanged: a partition message and its response, the UUID and
        flags of PARTITION_INFO_GET, and the SPMC's refusal (the guest gets the error code of the
        last SMC the SPMC refused in this step; FFA_RX_RELEASE cleanups aside)."""
        fid = call[0]
        same = [(c, r) for c, r, _ in smcs if c[0] == fid or (fid in MEM_SHARE and c[0] in MEM_SHARE)]
        if fid in DIRECT_REQ and same:
            c, r = same[0]
            if c != call or r != reply:
                self.fail('a partition message is not forwarded unchanged (request or response differs)')
        if fid == FID['FFA_PARTITION_INFO_GET'] and same and same[0][0][1:6] != call[1:6]:
            self.fail('PARTITION_INFO_GET is forwarded with other UUID or flags than the guest gave')
        if reply[0] == FID['FFA_ERROR']:
            refused = [r for c, r, _ in smcs if r[0] == FID['FFA_ERROR'] and c[0] != FID['FFA_RX_RELEASE']]
            if refused and abi.w(refused[-1][2]) != abi.w(reply[2]):
                self.fail(f'the SPMC refused with {abi.error_code(refused[-1])}, the guest gets '
                          f'{abi.error_code(reply) or abi.s32(reply[2])}')

    def _guest_partinfo(self, guest: Guest, call: List[int], reply: List[int],
                        smcs: List[Tuple[List[int], List[int], Optional[bytes]]]) -> None:
        """The list the guest gets is the SPMC's answer in this step, or the boot list the mediator
        keeps (filtered by the guest's UUID), each entry cut to the guest's entry size."""
        count, size = abi.w(reply[2]), abi.w(reply[3])
        fills = [(c, r, rx) for c, r, rx in smcs if c[0] == FID['FFA_PARTITION_INFO_GET'] and rx is not None]
        if fills:
            src, ssize = fills[-1][2], abi.w(fills[-1][1][3])
        elif self.spmc.boot_list is not None:
            src, ssize = self.spmc.boot_list
            uuid = words_to_uuid(*(abi.w(call[i]) for i in range(1, 5)))
            if uuid != bytes(16) and ssize >= 24:
                src = b''.join(src[i:i + ssize] for i in range(0, len(src), ssize) if src[i + 8:i + 24] == uuid)
        else:
            self.fail('the guest gets a partition list, but the SPMC never gave one')
        n = len(src) // ssize if ssize else 0
        if count < n:
            self.fail(f'the guest is told {count} entries, fewer than the {n} of the SPMC\'s list')
        if abi.w(call[5]) & 1:
            return
        gsize = size or 8
        if (gsize == 8) != (guest.version < 0x10001):
            self.fail(f'a v{guest.version >> 16}.{guest.version & 0xFFFF} guest gets entries of {size} bytes '
                      '(v1.0: 8, from v1.1: 24)')
        if gsize not in PARTINFO or gsize > ssize:
            self.fail(f'the guest gets entries of {size} bytes from entries of {ssize}')
        if guest.rx is None:
            self.fail('a partition list copied to a guest that has no RX mapped')
        guest.holds = True
        guest.expected = [src[i * ssize:i * ssize + gsize] for i in range(n)]
        guest.extra = count - n
        guest.uuid_given = any(abi.w(call[i]) for i in range(1, 5))

    def _create(self, s: dict, smcs: List[Tuple[List[int], List[int], Optional[bytes]]]) -> None:
        sub = self._subscribed(VM_CREATED)
        sent = {abi.w(c[1]) & 0xFFFF for c, _, _ in smcs if c[0] in DIRECT_REQ}
        if s.get('status') == 0 and sub is not None and sent != sub:
            self.fail(f'VM created messages to {sorted(map(hex, sent))}, the subscribers are {sorted(map(hex, sub))}')

    def _destroy(self, guest: Guest, smcs: List[Tuple[List[int], List[int], Optional[bytes]]]) -> None:
        unmaps = [r for c, r, _ in smcs if c[0] == FID['FFA_RXTX_UNMAP'] and abi.w(c[1]) >> 16 == guest.vm_id]
        if guest.vm_id in self.spmc.vm_rx and not unmaps:
            self.fail(f'domain {guest.domid} destroyed, its forwarded pair is left mapped and no RXTX_UNMAP is sent')
        if any(r[0] not in SUCCESS for r in unmaps):
            self.dev.explain('TeardownUnmapNoRetry', f'the refused RXTX_UNMAP of VM 0x{guest.vm_id:04x} at teardown')
        del self.guests[guest.domid]

    # ------------------------------------------------------------------ end

    def _finish(self) -> None:
        sp = self.spmc
        if sp.xen_rx != 'free':
            self.fail('the mediator still owns its RX: a fill was never released')
        holders = {g.vm_id for g in self.guests.values() if g.holds}
        for vm, state in sp.vm_rx.items():
            if state == 'acquired' and vm not in holders:
                self.fail(f'the RX of VM 0x{vm:04x} taken with RX_ACQUIRE was never released, and the guest holds no list')
        for h in sp.pending:
            self.dev.explain('FragRxPositiveError', f'the transaction of handle 0x{h:x} is left half-sent, never reclaimed')
        listed: Dict[int, Tuple[int, bytes]] = {}
        for i, g in enumerate(self.test.get('finalGuestRx', [])):
            where = f'finalGuestRx[{i}]'
            domid = g.get('domid')
            if domid in listed:
                self.fail(f'{where}: domain {domid} listed twice')
            listed[domid] = (reg64(g.get('address'), where), _hex(g.get('bytes'), where))
        vms = {g.vm_id for g in self.guests.values()}
        for domid, guest in self.guests.items():
            if guest.expected is not None and guest.rx is not None and (guest.expected or guest.extra):
                if domid not in listed:
                    self.fail(f'finalGuestRx leaves out domain {domid}, whose RX holds a partition list')
                addr, data = listed.pop(domid)
                if addr != guest.rx[0]:
                    self.fail(f'finalGuestRx of domain {domid} at 0x{addr:x}, its RX is at 0x{guest.rx[0]:x}')
                self._final_list(guest, data, vms)
        if listed:
            self.fail(f'finalGuestRx lists domain(s) {sorted(listed)} with no partition list copied')

    def _final_list(self, guest: Guest, data: bytes, vms: Set[int]) -> None:
        """finalGuestRx of a guest: the SPMC's entries it was last given, cut to its entry size (UUID
        read as zero when the call named one), then the VMs the mediator itself lists."""
        exp = guest.expected or []
        size = len(exp[0]) if exp else (len(data) // guest.extra if guest.extra else 0)
        if not size or len(data) != size * (len(exp) + guest.extra):
            self.fail(f'finalGuestRx of domain {guest.domid} holds {len(data)} bytes, the last list copied to it '
                      f'was {len(exp) + guest.extra} entries of {size} bytes')
        for i, want in enumerate(exp):
            got = data[i * size:(i + 1) * size]
            blank = want[:8] + bytes(size - 8)[:16] + want[24:] if size >= 24 else want
            if got != want and not (guest.uuid_given and got == blank):
                self.fail(f'finalGuestRx of domain {guest.domid}, entry {i}: {got.hex()}, the SPMC gave {want.hex()}')
        for i in range(len(exp), len(exp) + guest.extra):
            vm = PARTINFO[8].unpack(data, i * size)['id']
            if vm not in vms:
                self.fail(f'finalGuestRx of domain {guest.domid}, entry {i} names 0x{vm:04x}, not a VM of this machine')

    def _check_result(self) -> None:
        notes = self.doc.get('flags', {})
        ledger = {notes.get(f, {}).get('ledgerId') for f in self.flags} - {None}
        result = self.test.get('result')
        want = 'valid' if not ledger else 'acceptable' if ledger <= TOLERATED else 'invalid'
        if result != want:
            self.fail(f'result {result!r}, but the ledger flags {sorted(ledger) or "(none)"} make it {want!r}')
        unseen = sorted((self.flags & SEEN_BY_A_RULE) - {f for f, _ in self.dev.explained})
        if unseen:
            self.fail(f'the test carries {", ".join(unseen)}, but the replay sees nothing that flag explains')


class CrossRevision:
    """Every revision's file of an area holds the same (tcId, caseId) pairs ("The same caseIds exist
    in every revision's files"). Fed by Suite, checked once all files are read."""

    def __init__(self):
        self.areas: Dict[str, Dict[str, Set[Tuple[int, str]]]] = {}

    def add(self, path: str, doc: dict) -> None:
        parts = path.split('/')
        if len(parts) != 3:
            return
        _, rev, area = parts
        cases = {(t.get('tcId'), t.get('caseId')) for g in doc.get('testGroups', []) for t in g.get('tests', [])}
        self.areas.setdefault(area, {})[rev] = cases

    def problems(self) -> List[str]:
        out = []
        for area, revs in sorted(self.areas.items()):
            union = set().union(*revs.values())
            for rev, cases in sorted(revs.items()):
                missing = sorted(union - cases)
                if missing:
                    out.append(f'mediator/{rev}/{area}: lacks ' + ', '.join(f'tcId {t} {c}' for t, c in missing[:5])
                               + (' ...' if len(missing) > 5 else '') + ' that other revisions have')
        return out

    def revisions(self) -> int:
        return len({rev for revs in self.areas.values() for rev in revs})


class Suite:
    """One mediator/<revision>/<area>.json file. `check_test` replays one test; `stats` collects
    the counts and the deviations ledger flags explained, for the report."""

    stats = {'scenarios': 0, 'smcs': 0, 'explained': {}}
    # Every partition list the scripted SPMC wrote, by (firmware, PARTITION_INFO_GET w1..w5): a
    # script answers the same call the same way in every test and every revision (list_problems).
    lists: Dict[tuple, Dict[bytes, List[str]]] = {}
    verbose = False  # print each deviation a ledger flag explains

    def __init__(self, doc: dict, path: str = '', cross: Optional[CrossRevision] = None):
        self.doc = doc
        self.path = path
        if cross is not None:
            cross.add(path, doc)

    def check_test(self, group: dict, test: dict) -> str:
        if group.get('type') != 'MediatorScenario':
            raise ReplayError(f'group type {group.get("type")!r}, not MediatorScenario')
        r = Replay(self.doc, group, test, self.path, Suite.lists)
        r.run()
        Suite.stats['scenarios'] += 1
        Suite.stats['smcs'] += r.smc_count
        for flag, why in r.dev.explained:
            Suite.stats['explained'][flag] = Suite.stats['explained'].get(flag, 0) + 1
            if Suite.verbose:
                print(f'  flag {self.path} tcId {test.get("tcId")}: {flag} ({self.doc.get("flags", {}).get(flag, {}).get("ledgerId")}) explains: {why}')
        return 'mediator scenario replayed'

    @staticmethod
    def list_problems() -> List[str]:
        """Where the scripted SPMC answered one call with two lists: the answers fewer tests got."""
        out = []
        for variants in Suite.lists.values():
            if len(variants) > 1:
                common = max(variants.values(), key=len)
                for data, where in variants.items():
                    if where is not common:
                        out += [f'{w}: the scripted SPMC\'s partition list differs from the one {len(common)} other '
                                f'answers to the same call with the same firmware hold ({common[0]})' for w in where]
        return out

    @staticmethod
    def summary() -> str:
        s = Suite.stats
        ex = ', '.join(f'{f} {n}' for f, n in sorted(s['explained'].items()))
        return (f'{s["scenarios"]} mediator scenarios replayed ({s["smcs"]} SMCs checked)'
                + (f'; deviations explained by ledger flags: {ex}' if ex else ''))
