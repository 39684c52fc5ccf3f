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
