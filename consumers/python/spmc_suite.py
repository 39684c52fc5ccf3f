"""Suite "spmc" (vectors/spmc/<personality>.json): each test is an ordered list of `write` and `smc`
steps replayed from a fresh SPMC with the group's memory map and partitions. Checked with the
scripted-SPMC harness of smcseq.py, plus the meaning of `result`: valid = the last call completes,
invalid = it is refused with FFA_ERROR."""
from __future__ import annotations

import ffa_abi as abi
from smcseq import Memory, Quirks, ReplayError, SequenceChecker, id16, reg64

# What the spec leaves open, per personality: spmc-implementations.md section 1.7 (table) and
# sections 1.5/1.6 (TF-A masks the page count with 0x1F; OP-TEE ignores RXTX_UNMAP's w1 and
# clears tx_is_mine on every non-count PARTITION_INFO_GET return; Hafnium and TF-A keep the RX
# state across an unmap).
QUIRKS = {
    'hafnium-v2.14': Quirks(ownership_kept_across_unmap=True),
    'hafnium-v2.15': Quirks(ownership_kept_across_unmap=True),
    'hafnium-head': Quirks(ownership_kept_across_unmap=True),
    'tfa-el3-spmc': Quirks(page_mask=0x1F, ownership_kept_across_unmap=True),
    'optee': Quirks(unmap_ignores_w1=True, partinfo_fills_rx_on_error=True),
}


class Suite:
    def __init__(self, doc: dict):
        self.doc = doc

    def check_test(self, group: dict, test: dict) -> str:
        regions = []
        for i, m in enumerate(group.get('memory', [])):
            regions.append((reg64(m.get('base'), f'memory[{i}]'), 4096 * m.get('pages', 0), m.get('kind')))
        parts = [id16(p.get('id'), 'partitions') for p in group.get('partitions', [])]
        personality = group.get('personality')
        if personality not in QUIRKS:
            raise ReplayError(f'unknown SPMC personality {personality!r}: add its quirks to spmc_suite.QUIRKS')
        seq = SequenceChecker(f'tcId {test.get("tcId")}', Memory(regions), parts, 'firmwarePanic' in test,
                              QUIRKS[personality], group.get('repliesEchoCallerRegs') is True)
        steps = test.get('steps', [])
        if not steps:
            raise ReplayError('a test without steps')
        last_reply = None
        for s in steps:
            n = s.get('step')
            if s.get('kind') == 'write':
                data = bytes.fromhex(s.get('bytes', ''))
                if s['bytes'] != s['bytes'].lower():
                    raise ReplayError(f'step {n}: bytes are not lowercase hex')
                seq.write(n, id16(s.get('by'), f'step {n}'), reg64(s.get('address'), f'step {n}'), data)
            elif s.get('kind') == 'smc':
                try:
                    call = abi.parse_frame(s.get('call'), f'step {n} call')
                    reply = abi.parse_frame(s['reply'], f'step {n} reply') if 'reply' in s else None
                except abi.FrameError as e:
                    raise ReplayError(str(e)) from None
                seq.smc(n, id16(s.get('caller'), f'step {n}'), call, reply, s.get('refs', []), s.get('rx'))
                last_reply = reply
            else:
                raise ReplayError(f'step {n}: unknown kind {s.get("kind")!r}')
        seq.finish(test.get('mailboxes', []))
        result = test.get('result')
        refused = last_reply is None or abi.error_code(last_reply) is not None or abi.w(last_reply[0]) == 0xFFFFFFFF
        if result == 'valid' and refused:
            raise ReplayError('a valid test whose last call is refused')
        if result == 'invalid' and not refused:
            raise ReplayError('an invalid test whose last call completes')
        return 'spmc sequence replayed'
