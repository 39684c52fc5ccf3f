"""FF-A register ABI (Arm DEN0077; SMCCC fast calls), as the reference notes list it:
function ids from xen-ffa-revisions.md section 3 "Function ids Xen defines", error codes from the
same section ("Error codes FFA_RET_*"), register use from spmc-implementations.md section 2.3.
Frames are lists of 64-bit registers x0..x17 written as "0x" + 16 lowercase hex digits; registers
after the last one listed are zero (vectors/README.md, "Encodings"). Standard library only.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence

# name -> function id ([XEN3] table). SMC64 variants have bit 30 set (0xC4...).
FID: Dict[str, int] = {
    'FFA_ERROR': 0x84000060,
    'FFA_SUCCESS_32': 0x84000061, 'FFA_SUCCESS_64': 0xC4000061,
    'FFA_INTERRUPT': 0x84000062,
    'FFA_VERSION': 0x84000063,
    'FFA_FEATURES': 0x84000064,
    'FFA_RX_RELEASE': 0x84000065,
    'FFA_RXTX_MAP_32': 0x84000066, 'FFA_RXTX_MAP_64': 0xC4000066,
    'FFA_RXTX_UNMAP': 0x84000067,
    'FFA_PARTITION_INFO_GET': 0x84000068,
    'FFA_ID_GET': 0x84000069,
    'FFA_MSG_POLL': 0x8400006A,
    'FFA_MSG_WAIT': 0x8400006B,
    'FFA_MSG_YIELD': 0x8400006C,
    'FFA_RUN': 0x8400006D,
    'FFA_MSG_SEND': 0x8400006E,
    'FFA_MSG_SEND_DIRECT_REQ_32': 0x8400006F, 'FFA_MSG_SEND_DIRECT_REQ_64': 0xC400006F,
    'FFA_MSG_SEND_DIRECT_RESP_32': 0x84000070, 'FFA_MSG_SEND_DIRECT_RESP_64': 0xC4000070,
    'FFA_MEM_DONATE_32': 0x84000071, 'FFA_MEM_DONATE_64': 0xC4000071,
    'FFA_MEM_LEND_32': 0x84000072, 'FFA_MEM_LEND_64': 0xC4000072,
    'FFA_MEM_SHARE_32': 0x84000073, 'FFA_MEM_SHARE_64': 0xC4000073,
    'FFA_MEM_RETRIEVE_REQ_32': 0x84000074, 'FFA_MEM_RETRIEVE_REQ_64': 0xC4000074,
    'FFA_MEM_RETRIEVE_RESP': 0x84000075,
    'FFA_MEM_RELINQUISH': 0x84000076,
    'FFA_MEM_RECLAIM': 0x84000077,
    'FFA_MEM_FRAG_RX': 0x8400007A,
    'FFA_MEM_FRAG_TX': 0x8400007B,
    'FFA_NOTIFICATION_BITMAP_CREATE': 0x8400007D,
    'FFA_NOTIFICATION_BITMAP_DESTROY': 0x8400007E,
    'FFA_NOTIFICATION_BIND': 0x8400007F,
    'FFA_NOTIFICATION_UNBIND': 0x84000080,
    'FFA_NOTIFICATION_SET': 0x84000081,
    'FFA_NOTIFICATION_GET': 0x84000082,
    'FFA_NOTIFICATION_INFO_GET_32': 0x84000083, 'FFA_NOTIFICATION_INFO_GET_64': 0xC4000083,
    'FFA_RX_ACQUIRE': 0x84000084,
    'FFA_SPM_ID_GET': 0x84000085,
    'FFA_MSG_SEND2': 0x84000086,
    'FFA_CONSOLE_LOG_32': 0x8400008A, 'FFA_CONSOLE_LOG_64': 0xC400008A,
    'FFA_PARTITION_INFO_GET_REGS': 0xC400008B,
    'FFA_MSG_SEND_DIRECT_REQ2': 0xC400008D,
    'FFA_MSG_SEND_DIRECT_RESP2': 0xC400008E,
}
NAME: Dict[int, str] = {v: k for k, v in FID.items()}

# FFA_RET_* ([XEN3]): w2 of FFA_ERROR, a signed 32-bit value carried in the low half of x2.
ERROR: Dict[int, str] = {
    -1: 'NOT_SUPPORTED', -2: 'INVALID_PARAMETERS', -3: 'NO_MEMORY', -4: 'BUSY', -5: 'INTERRUPTED',
    -6: 'DENIED', -7: 'RETRY', -8: 'ABORTED', -9: 'NO_DATA',
}

REG = re.compile(r'0x[0-9a-f]{16}')
SMC64_BIT = 1 << 30
FAST_CALL_BIT = 1 << 31
MAX_REGS = 18


class FrameError(Exception):
    """A register frame that is not well formed."""


def parse_frame(regs: Sequence[str], where: str) -> List[int]:
    """Registers as written in a vector -> 18 integers (x0..x17, missing ones zero)."""
    if not isinstance(regs, list) or not 1 <= len(regs) <= MAX_REGS:
        raise FrameError(f'{where}: a frame is a list of 1 to {MAX_REGS} registers')
    out = []
    for i, r in enumerate(regs):
        if not isinstance(r, str) or not REG.fullmatch(r):
            raise FrameError(f'{where}: x{i} = {r!r} is not 0x + 16 lowercase hex digits')
        out.append(int(r, 16))
    return out + [0] * (MAX_REGS - len(out))


def fid_name(x0: int) -> str:
    return NAME.get(x0, f'0x{x0:x}')


def is_smc32(fid: int) -> bool:
    return not fid & SMC64_BIT


def w(value: int) -> int:
    """The low 32 bits of a register (w-view)."""
    return value & 0xFFFFFFFF


def s32(value: int) -> int:
    v = value & 0xFFFFFFFF
    return v - (1 << 32) if v & 0x80000000 else v


def check_call(frame: List[int], where: str, known_only: bool = True) -> str:
    """A call frame: x0 is a known FF-A fast call; an SMC32 call has zero upper halves in x1..x7
    (the vectors always write them so, vectors/README.md "Encodings"). Returns the function name."""
    fid = frame[0]
    if fid >> 32 or not fid & FAST_CALL_BIT:
        raise FrameError(f'{where}: x0 = 0x{fid:x} is not an SMCCC fast-call function id')
    if known_only and fid not in NAME:
        raise FrameError(f'{where}: x0 = 0x{fid:x} is not an FF-A function id')
    if is_smc32(fid):
        for i in range(1, 8):
            if frame[i] >> 32:
                raise FrameError(f'{where}: SMC32 {fid_name(fid)} with x{i} = 0x{frame[i]:016x} (upper half set)')
    return fid_name(fid)


def check_reply(frame: List[int], where: str) -> str:
    """A reply frame: FFA_ERROR carries a known error code in w2; every reply is a known id."""
    fid = frame[0]
    if fid == FID['FFA_ERROR']:
        code = s32(frame[2])
        if code not in ERROR:
            raise FrameError(f'{where}: FFA_ERROR with w2 = {code}, not an FF-A error code')
        if frame[2] >> 32:
            raise FrameError(f'{where}: FFA_ERROR with the upper half of x2 set (Xen masks it, 00c4db5731)')
        return f'FFA_ERROR({ERROR[code]})'
    if fid >> 31 == 0:
        # An FFA_VERSION reply is the version number itself in x0: (major << 16) | minor, bit 31 clear.
        return f'version {fid >> 16}.{fid & 0xFFFF}'
    if w(fid) == 0xFFFFFFFF:
        return 'version NOT_SUPPORTED'  # FFA_VERSION's refusal: -1 in w0
    check_call(frame, where)
    return fid_name(fid)


def error_code(frame: List[int]) -> Optional[str]:
    """The error name of an FFA_ERROR frame, or None."""
    return ERROR.get(s32(frame[2])) if frame[0] == FID['FFA_ERROR'] else None


# Argument registers of the calls a hypervisor makes to the SPMC (DEN0077 v1.1/v1.2 "Usage" tables of
# each ABI, as spmc-implementations.md section 2.3 restates them): name -> (number of argument
# registers after x0, {register: bits of its low 32 that must be zero}). Registers after the last
# argument are reserved (MBZ). A call missing from the table is only checked for being known.
ARGS: Dict[str, tuple] = {
    'FFA_VERSION': (1, {1: 0x80000000}),                  # w1 = requested version, bit 31 MBZ
    'FFA_FEATURES': (2, {}),                              # w1 = function/feature id, w2 = input properties
    'FFA_RX_RELEASE': (1, {1: 0xFFFF0000}),               # w1[15:0] = VM id (hypervisor) or 0
    'FFA_RXTX_MAP_32': (3, {3: 0xFFFFFFC0}),              # x1 TX, x2 RX, w3[5:0] page count
    'FFA_RXTX_MAP_64': (3, {3: 0xFFFFFFC0}),
    'FFA_RXTX_UNMAP': (1, {1: 0x0000FFFF}),               # w1[31:16] = endpoint id, w1[15:0] MBZ
    'FFA_PARTITION_INFO_GET': (5, {5: 0xFFFFFFFE}),       # w1..w4 UUID, w5 bit 0 = count only
    'FFA_ID_GET': (0, {}),
    'FFA_SPM_ID_GET': (0, {}),
    'FFA_RX_ACQUIRE': (1, {1: 0xFFFF0000}),               # w1[15:0] = VM id
    'FFA_MSG_SEND_DIRECT_REQ_32': (7, {2: 0x7FFFFF00}),   # w1 sender|receiver, w2 flags, w3..w7 payload
    'FFA_MSG_SEND_DIRECT_REQ_64': (7, {2: 0x7FFFFF00}),
    'FFA_MSG_SEND_DIRECT_REQ2': (17, {}),
    'FFA_MEM_SHARE_32': (4, {}), 'FFA_MEM_SHARE_64': (4, {}),   # w1 total, w2 fragment, x3 buffer, w4 pages
    'FFA_MEM_LEND_32': (4, {}), 'FFA_MEM_LEND_64': (4, {}),
    'FFA_MEM_DONATE_32': (4, {}), 'FFA_MEM_DONATE_64': (4, {}),
    'FFA_MEM_RECLAIM': (3, {3: 0xFFFFFFFE}),              # w1/w2 handle, w3 flags (bit 0 = zero memory)
    'FFA_MEM_FRAG_TX': (4, {4: 0xFFFF0000}),              # w1/w2 handle, w3 length, w4[15:0] sender
    'FFA_MEM_FRAG_RX': (4, {4: 0xFFFF0000}),
    'FFA_RUN': (1, {}),
}

# Which replies a call may get from the SPMC, besides FFA_ERROR (every call) and FFA_INTERRUPT
# (calls that run a partition). FFA_VERSION answers a bare version number (or -1) instead.
REPLIES: Dict[str, tuple] = {
    'FFA_MSG_SEND_DIRECT_REQ_32': ('FFA_MSG_SEND_DIRECT_RESP_32', 'FFA_INTERRUPT'),
    'FFA_MSG_SEND_DIRECT_REQ_64': ('FFA_MSG_SEND_DIRECT_RESP_64', 'FFA_INTERRUPT'),
    'FFA_MSG_SEND_DIRECT_REQ2': ('FFA_MSG_SEND_DIRECT_RESP2', 'FFA_INTERRUPT'),
    'FFA_MEM_SHARE_32': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'), 'FFA_MEM_SHARE_64': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'),
    'FFA_MEM_LEND_32': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'), 'FFA_MEM_LEND_64': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'),
    'FFA_MEM_DONATE_32': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'), 'FFA_MEM_DONATE_64': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'),
    'FFA_MEM_FRAG_TX': ('FFA_SUCCESS_32', 'FFA_MEM_FRAG_RX'),
    'FFA_MEM_RETRIEVE_REQ_32': ('FFA_MEM_RETRIEVE_RESP',), 'FFA_MEM_RETRIEVE_REQ_64': ('FFA_MEM_RETRIEVE_RESP',),
    'FFA_RUN': ('FFA_MSG_WAIT', 'FFA_MSG_YIELD', 'FFA_INTERRUPT', 'FFA_SUCCESS_32', 'FFA_MSG_SEND_DIRECT_RESP_32',
                'FFA_MSG_SEND_DIRECT_RESP_64'),
}


def check_args(frame: List[int], where: str) -> None:
    """Reserved registers of a known call are zero: registers after its last argument, and the MBZ
    bits of the argument words (ARGS). Calls not in ARGS are not checked here."""
    name = fid_name(frame[0])
    spec = ARGS.get(name)
    if spec is None:
        return
    nargs, mbz = spec
    last = 7 if is_smc32(frame[0]) else MAX_REGS - 1
    for i in range(nargs + 1, last + 1):
        if frame[i]:
            raise FrameError(f'{where}: {name} has x{i} = 0x{frame[i]:x}, a reserved register (MBZ)')
    for i, bits in mbz.items():
        if w(frame[i]) & bits:
            raise FrameError(f'{where}: {name} has w{i} = 0x{w(frame[i]):08x}, MBZ bits 0x{bits:08x} set')


def check_reply_to(call: List[int], reply: List[int], where: str) -> str:
    """A reply well formed (check_reply) and of a kind the call can get (REPLIES)."""
    got = check_reply(reply, where)
    name = fid_name(call[0])
    if name == 'FFA_VERSION':
        if not got.startswith('version'):
            raise FrameError(f'{where}: FFA_VERSION answered with {got}, not a version number')
        return got
    if got.startswith('version'):
        raise FrameError(f'{where}: {name} answered with a bare number 0x{reply[0]:x}')
    if got.startswith('FFA_ERROR'):
        return got
    allowed = REPLIES.get(name, ('FFA_SUCCESS_32', 'FFA_SUCCESS_64'))
    if got not in allowed:
        raise FrameError(f'{where}: {name} answered with {got} (expected {" or ".join(allowed)} or FFA_ERROR)')
    return got


# Result registers of FFA_SUCCESS per call (DEN0077 FFA_SUCCESS and each ABI's "Usage" table): name ->
# the registers that carry results; w1 and every other register up to x7 are reserved (MBZ).
# FFA_ERROR carries only w2 (the code). Used where the SPMC (or a mediator) follows the spec's
# register rules; SPMCs that leave the caller's registers in place (TF-A's SMC_RET1..3) do not.
RESULTS: Dict[str, tuple] = {
    'FFA_RXTX_MAP_32': (), 'FFA_RXTX_MAP_64': (), 'FFA_RXTX_UNMAP': (), 'FFA_RX_RELEASE': (),
    'FFA_RX_ACQUIRE': (), 'FFA_MEM_RECLAIM': (),
    'FFA_PARTITION_INFO_GET': (2, 3),                   # w2 count, w3 entry size
    'FFA_MEM_SHARE_32': (2, 3), 'FFA_MEM_SHARE_64': (2, 3),   # w2/w3 handle
    'FFA_MEM_LEND_32': (2, 3), 'FFA_MEM_LEND_64': (2, 3),
    'FFA_MEM_DONATE_32': (2, 3), 'FFA_MEM_DONATE_64': (2, 3),
    'FFA_MEM_FRAG_TX': (2, 3),
    'FFA_FEATURES': (2, 3),                             # interface properties
    'FFA_ID_GET': (2,), 'FFA_SPM_ID_GET': (2,),
}


def check_result(call: List[int], reply: List[int], where: str) -> None:
    """The reserved registers of an FFA_SUCCESS or FFA_ERROR reply to `call` are zero (RESULTS)."""
    name = fid_name(call[0])
    if reply[0] == FID['FFA_ERROR']:
        used: tuple = (2,)
    elif reply[0] in (FID['FFA_SUCCESS_32'], FID['FFA_SUCCESS_64']) and name in RESULTS:
        used = RESULTS[name]
    else:
        return
    for i in range(1, 8):
        if i not in used and reply[i]:
            raise FrameError(f'{where}: {fid_name(reply[0])} to {name} has x{i} = 0x{reply[i]:x}, a reserved register (MBZ)')
