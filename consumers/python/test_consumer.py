"""Self-tests of the Python consumer: its struct layouts and codecs against byte strings written
out from the reference tables (xen-ffa-revisions.md 2.6/2.7, spmc-implementations.md 3.1-3.6),
and its checks against hand-made vectors. Run: python3 -m unittest test_consumer (in this folder)."""
from __future__ import annotations

import struct
import unittest

from descriptors import VectorError, check_test
from ffa_wire import uuid_to_words, words_to_uuid


def put(buf: bytearray, off: int, value: int, size: int) -> None:
    buf[off:off + size] = value.to_bytes(size, 'little')


def canonical_rxtx() -> bytes:
    """[SPMC3.2] canonical 80-byte blob: VM 2, RX at 0x80000000, TX at 0x80001000, one page each."""
    b = bytearray(80)
    for off, value, size in ((0, 2, 2), (4, 16, 4), (8, 48, 4), (16, 1, 4), (20, 1, 4), (32, 0x80000000, 8),
                             (40, 1, 4), (48, 1, 4), (52, 1, 4), (64, 0x80001000, 8), (72, 1, 4)):
        put(b, off, value, size)
    return bytes(b)


def fields_of(buf: bytes, table) -> list:
    return [{'name': n, 'offset': o, 'size': s, 'kind': 'uint',
             'value': '0x' + buf[o:o + s][::-1].hex()} for n, o, s in table]


RXTX_TABLE = [('sender_id', 0, 2), ('reserved', 2, 2), ('rx_region_offs', 4, 4), ('tx_region_offs', 8, 4),
              ('padding', 12, 4), ('rx.total_page_count', 16, 4), ('rx.address_range_count', 20, 4),
              ('rx.reserved', 24, 8), ('rx.ranges[0].address', 32, 8), ('rx.ranges[0].page_count', 40, 4),
              ('rx.ranges[0].reserved', 44, 4), ('tx.total_page_count', 48, 4), ('tx.address_range_count', 52, 4),
              ('tx.reserved', 56, 8), ('tx.ranges[0].address', 64, 8), ('tx.ranges[0].page_count', 72, 4),
              ('tx.ranges[0].reserved', 76, 4)]
GROUP_RXTX = {'type': 'EndpointRxtxDescriptor', 'ffaVersion': '1.1', 'layout': 'v1.1-aligned-16-48'}


class RxtxTest(unittest.TestCase):
    def test_canonical_blob_round_trips(self):
        b = canonical_rxtx()
        test = {'result': 'valid', 'bytes': b.hex(), 'fields': fields_of(b, RXTX_TABLE)}
        self.assertEqual(check_test(GROUP_RXTX, test), 'decoded, fields compared, re-encoded')

    def test_wrong_field_value_is_caught(self):
        b = canonical_rxtx()
        fields = fields_of(b, RXTX_TABLE)
        fields[8]['value'] = '0x0000000080002000'  # rx.ranges[0].address no longer matches the bytes
        with self.assertRaises(VectorError):
            check_test(GROUP_RXTX, {'result': 'valid', 'bytes': b.hex(), 'fields': fields})

    def test_table_that_misplaces_a_field_is_caught(self):
        # Bytes and table agree, but the table says the TX composite is where the header says RX is.
        b = bytearray(canonical_rxtx())
        put(b, 8, 16, 4)
        b = bytes(b)
        with self.assertRaises(VectorError):
            check_test(GROUP_RXTX, {'result': 'valid', 'bytes': b.hex(), 'fields': fields_of(b, RXTX_TABLE)})

    def test_table_must_tile(self):
        b = canonical_rxtx()
        fields = fields_of(b, RXTX_TABLE)[:-1]
        with self.assertRaises(VectorError):
            check_test(GROUP_RXTX, {'result': 'valid', 'bytes': b.hex(), 'fields': fields})


class MemtxTest(unittest.TestCase):
    def test_xen_share_layout(self):
        """[XEN27]: VM 1 shares 1 page with SP 0x8001, RW, v1.1: EMAD at 48, composite at 64, range at 80."""
        b = bytearray(96)
        for off, value, size in ((0, 1, 2), (2, 0x2F, 2), (24, 16, 4), (28, 1, 4), (32, 48, 4), (48, 0x8001, 2),
                                 (50, 2, 1), (52, 64, 4), (64, 1, 4), (68, 1, 4), (80, 0x60000000, 8), (88, 1, 4)):
            put(b, off, value, size)
        b = bytes(b)
        table = [('sender_id', 0, 2), ('mem_reg_attr', 2, 2), ('flags', 4, 4), ('handle', 8, 8), ('tag', 16, 8),
                 ('mem_access_size', 24, 4), ('mem_access_count', 28, 4), ('mem_access_offs', 32, 4)]
        fields = fields_of(b, table) + [{'name': 'reserved', 'offset': 36, 'size': 12, 'kind': 'bytes',
                                         'value': '00' * 12}]
        fields += fields_of(b, [('emads[0].access_perm.endpoint_id', 48, 2), ('emads[0].access_perm.perm', 50, 1),
                                ('emads[0].access_perm.flags', 51, 1), ('emads[0].region_offs', 52, 4),
                                ('emads[0].reserved', 56, 8), ('composite.total_page_count', 64, 4),
                                ('composite.address_range_count', 68, 4), ('composite.reserved', 72, 8),
                                ('composite.ranges[0].address', 80, 8), ('composite.ranges[0].page_count', 88, 4),
                                ('composite.ranges[0].reserved', 92, 4)])
        group = {'type': 'MemTransactionDescriptor', 'emadSize': 16, 'ffaVersion': '1.1', 'layout': 'v1.1-header-48'}
        self.assertEqual(check_test(group, {'result': 'valid', 'bytes': b.hex(), 'fields': fields}),
                         'decoded, fields compared, re-encoded')
        with self.assertRaises(VectorError):  # the group says 32-byte EMADs
            check_test(dict(group, emadSize=32), {'result': 'valid', 'bytes': b.hex(), 'fields': fields})


class ValidateTest(unittest.TestCase):
    """The validator on hand-made malformations of the [SPMC3.2] canonical blob."""

    def refusal(self, buf: bytes, **kw):
        import validate
        with self.assertRaises(validate.Refusal) as cm:
            validate.rxtx(buf, **kw)
        return cm.exception.rule, cm.exception.field, cm.exception.offset

    def test_rxtx_rules(self):
        import validate
        b = canonical_rxtx()
        validate.rxtx(b)
        cases = [((2, 1, 2), ('reserved-nonzero', 'reserved', 2)),
                 ((4, 20, 4), ('misaligned', 'rx_region_offs', 4)),
                 ((4, 8, 4), ('offset-into-header', 'rx_region_offs', 4)),
                 ((8, 80, 4), ('offset-past-end', 'tx_region_offs', 8)),
                 ((8, 16, 4), ('overlap', 'tx_region_offs', 8)),
                 ((40, 0, 4), ('zero-page-count', 'rx.ranges[0].page_count', 40)),
                 ((16, 2, 4), ('page-count-mismatch', 'rx.total_page_count', 16)),
                 ((52, 0xFFFFFFFF, 4), ('count-overflow', 'tx.address_range_count', 52)),
                 ((32, 0x80000800, 8), ('misaligned', 'rx.ranges[0].address', 32))]
        for (off, value, size), want in cases:
            t = bytearray(b)
            put(t, off, value, size)
            self.assertEqual(self.refusal(bytes(t)), want)
        self.assertEqual(self.refusal(b[:10]), ('truncated', 'tx_region_offs', 8))
        self.assertEqual(self.refusal(b[:72]), ('truncated', 'tx.ranges[0]', 64))


class PartinfoAndUuidTest(unittest.TestCase):
    def test_uuid_words(self):
        u = bytes(range(16))
        self.assertEqual(uuid_to_words(u), (0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C))
        self.assertEqual(words_to_uuid(*uuid_to_words(u)), u)
        regs = ['0x%016x' % w for w in uuid_to_words(u)]
        self.assertEqual(check_test({'type': 'UuidRegisters'}, {'result': 'valid', 'uuid': u.hex(), 'registers': regs}),
                         'uuid packing')
        regs[0] = '0x0000000100000000'
        with self.assertRaises(VectorError):
            check_test({'type': 'UuidRegisters'}, {'result': 'valid', 'uuid': u.hex(), 'registers': regs})

    def test_partinfo_24(self):
        b = struct.pack('<HHI16s', 0x8001, 4, 0x103, bytes(range(16)))
        fields = fields_of(b, [('entries[0].id', 0, 2), ('entries[0].exec_count', 2, 2), ('entries[0].properties', 4, 4)])
        fields.append({'name': 'entries[0].uuid', 'offset': 8, 'size': 16, 'kind': 'bytes', 'value': bytes(range(16)).hex()})
        group = {'type': 'PartitionInfoDescriptors', 'entrySize': 24, 'ffaVersion': '1.1', 'layout': 'partinfo-24'}
        self.assertEqual(check_test(group, {'result': 'valid', 'bytes': b.hex(), 'entryCount': 1, 'fields': fields}),
                         'decoded, fields compared, re-encoded')

    def test_invalid_needs_a_known_rule(self):
        group = {'type': 'PartitionInfoDescriptors', 'entrySize': 24}
        with self.assertRaises(VectorError):
            check_test(group, {'result': 'invalid', 'bytes': '', 'entryCount': 1,
                               'error': {'rule': 'nonsense', 'field': 'x', 'offset': 0}})
        ok = {'result': 'invalid', 'bytes': '', 'entryCount': 1,
              'error': {'rule': 'truncated', 'field': 'entries[0]', 'offset': 0}}
        self.assertEqual(check_test(group, ok), 'invalid, refused for the stated rule')
        with self.assertRaises(VectorError):  # refused, but not for the stated rule
            check_test(group, dict(ok, error={'rule': 'bad-size', 'field': 'size', 'offset': 0}))
        with self.assertRaises(VectorError):  # not refused at all
            check_test(group, dict(ok, bytes='00' * 24))


def reg(v: int) -> str:
    return '0x%016x' % v


class SequenceTest(unittest.TestCase):
    """The scripted-SPMC harness on hand-made sequences: one consistent, then broken copies."""

    GROUP = {'type': 'SpmcSteps', 'personality': 'hafnium-v2.15',
             'memory': [{'kind': 'ns-ram', 'pages': 16, 'base': reg(0x40000000)},
                        {'kind': 'secure', 'pages': 16, 'base': reg(0xF0000000)}],
             'partitions': [{'id': '0x8001'}]}

    def share_test(self) -> dict:
        """Map, write a 96-byte descriptor ([XEN27] layout), share it, reclaim the handle it returned."""
        desc = bytearray(96)
        for off, value, size in ((0, 0, 2), (2, 0x2F, 2), (24, 16, 4), (28, 1, 4), (32, 48, 4), (48, 0x8001, 2),
                                 (50, 2, 1), (52, 64, 4), (64, 1, 4), (68, 1, 4), (80, 0x40008000, 8), (88, 1, 4)):
            put(desc, off, value, size)
        return {'tcId': 1, 'result': 'valid', 'steps': [
            {'step': 1, 'kind': 'smc', 'caller': '0x0000', 'call': [reg(0x84000063), reg(0x10002)], 'reply': [reg(0x10002)]},
            {'step': 2, 'kind': 'smc', 'caller': '0x0000', 'call': [reg(0xC4000066), reg(0x40000000), reg(0x40001000), reg(1)],
             'reply': [reg(0x84000061)]},
            {'step': 3, 'kind': 'write', 'by': '0x0000', 'address': reg(0x40000000), 'bytes': bytes(desc).hex()},
            {'step': 4, 'kind': 'smc', 'caller': '0x0000', 'call': [reg(0xC4000073), reg(96), reg(96)],
             'reply': [reg(0x84000061), reg(0), reg(0x5), reg(0x1)]},
            {'step': 5, 'kind': 'smc', 'caller': '0x0000', 'call': [reg(0x84000077), reg(0x5), reg(0x1)],
             'reply': [reg(0x84000061)], 'refs': [{'register': 1, 'fromStep': 4, 'fromRegister': 2},
                                                   {'register': 2, 'fromStep': 4, 'fromRegister': 3}]},
        ], 'mailboxes': [{'endpoint': '0x0000', 'tx': reg(0x40000000), 'rx': reg(0x40001000), 'pages': 1,
                          'ownership': 'free'}]}

    def check(self, test: dict) -> str:
        import spmc_suite
        return spmc_suite.Suite({}).check_test(self.GROUP, test)

    def broken(self, change) -> None:
        import smcseq
        t = self.share_test()
        change(t)
        with self.assertRaises(smcseq.ReplayError):
            self.check(t)

    def test_consistent_sequence(self):
        self.assertEqual(self.check(self.share_test()), 'spmc sequence replayed')

    def test_inconsistencies_are_caught(self):
        def reclaim_other_handle(t):
            t['steps'][4]['call'][1] = reg(0x6)
            del t['steps'][4]['refs']
        self.broken(reclaim_other_handle)                                        # handle round trip
        self.broken(lambda t: t['steps'][4]['refs'][0].update(fromRegister=3))   # a ref that lies
        self.broken(lambda t: t['steps'][3]['call'].__setitem__(2, reg(128)))    # fragment > bytes in TX
        self.broken(lambda t: t['steps'][4].update(step=6))                      # numbering
        self.broken(lambda t: t['mailboxes'][0].update(ownership='full'))        # final state
        self.broken(lambda t: t['steps'][1]['reply'].__setitem__(0, reg(0x84000060)))  # ERROR without a code
        self.broken(lambda t: t['steps'][3]['call'].__setitem__(0, reg(0x84000073)) or
                    t['steps'][3]['call'].__setitem__(1, reg(1 << 32 | 96)))     # SMC32 with an upper half
        self.broken(lambda t: t.update(result='invalid'))                        # result vs last reply

    def test_reclaim_twice(self):
        import smcseq
        t = self.share_test()
        t['steps'].append({'step': 6, 'kind': 'smc', 'caller': '0x0000', 'call': [reg(0x84000077), reg(0x5), reg(0x1)],
                           'reply': [reg(0x84000061)]})
        with self.assertRaises(smcseq.ReplayError):
            self.check(t)


class MediatorTest(unittest.TestCase):
    """The mediator replay on a hand-made scenario: boot, a domain, a guest's partition list."""

    SP1 = struct.pack('<HHI', 0x8001, 1, 0x103) + bytes(range(16))        # not subscribed
    SP2 = struct.pack('<HHI', 0x8002, 1, 0x1CB) + bytes(range(16, 32))    # bits 6, 7: VM created/destroyed
    GROUP = {'type': 'MediatorScenario', 'layout': {'xenHeap': reg(0x80000000), 'guestIpaBase': reg(0x40000000),
                                                    'guestRamBase': reg(0x101000000), 'guestRamStride': reg(0x1000000)}}
    DOC = {'flags': {'SpuriousRxRelease': {'bugType': 'KNOWN_BUG', 'ledgerId': 'B3', 'description': 'x'}}}

    def smc(self, call, reply, rx=None):
        out = {'call': [reg(v) for v in call], 'reply': [reg(v) for v in reply], 'xenBuffers': 'mapped'}
        if rx is not None:
            out['xenRx'] = {'offset': 0, 'bytes': rx.hex()}
        return out

    def scenario(self) -> dict:
        rx = self.SP1 + self.SP2

        def fill():
            return [self.smc([0x84000068], [0x84000061, 0, 2, 24], rx), self.smc([0x84000065], [0x84000061])]
        return {'tcId': 1, 'caseId': 'x/y', 'flags': [], 'result': 'valid', 'firmware': {'version': '1.1'}, 'steps': [
            {'step': 1, 'op': 'boot', 'ok': True, 'smcs': [
                self.smc([0x84000063, 0x10001], [0x10001]),
                self.smc([0xC4000066, 0x80001000, 0x80000000, 1], [0x84000061])] + fill()},
            {'step': 2, 'op': 'create', 'domid': 1, 'vmId': '0x0002', 'status': 0, 'smcs': [
                self.smc([0x8400006F, 0x8002, 0x80000004, 0, 0, 2], [0x84000070, 0x80020000, 0x80000005])]},
            {'step': 3, 'op': 'call', 'domid': 1, 'vcpu': 0, 'call': [reg(0x84000063), reg(0x10001)],
             'reply': [reg(0x10001)], 'smcs': []},
            {'step': 4, 'op': 'call', 'domid': 1, 'vcpu': 0, 'call': [reg(0xC4000066), reg(0x40000000), reg(0x40001000), reg(1)],
             'reply': [reg(0x84000061)], 'smcs': []},
            {'step': 5, 'op': 'call', 'domid': 1, 'vcpu': 0, 'call': [reg(0x84000068)],
             'reply': [reg(0x84000061), reg(0), reg(2), reg(24)], 'smcs': fill()},
        ], 'finalGuestRx': [{'domid': 1, 'address': reg(0x40001000), 'bytes': rx.hex()}]}

    def check(self, test: dict) -> str:
        import mediator
        return mediator.Suite(self.DOC).check_test(self.GROUP, test)

    def broken(self, change) -> None:
        import smcseq
        t = self.scenario()
        change(t)
        with self.assertRaises(smcseq.ReplayError):
            self.check(t)

    def test_consistent_scenario(self):
        self.assertEqual(self.check(self.scenario()), 'mediator scenario replayed')

    def test_inconsistencies_are_caught(self):
        fill = lambda t: t['steps'][4]['smcs'][0]                                          # noqa: E731
        self.broken(lambda t: fill(t)['reply'].__setitem__(2, reg(3)))          # xenRx is not w2 x w3 bytes
        self.broken(lambda t: t['steps'][4]['smcs'].pop())                     # the fill is never released
        self.broken(lambda t: t['steps'][4]['reply'].__setitem__(2, reg(1)))   # guest count != the SPMC's
        self.broken(lambda t: t['finalGuestRx'][0].update(bytes=(self.SP2 + self.SP1).hex()))  # not the list copied
        self.broken(lambda t: t['finalGuestRx'][0].update(address=reg(0x40000000)))            # not its RX
        self.broken(lambda t: t['steps'][1]['smcs'][0]['call'].__setitem__(1, reg(0x8001)))   # to a non-subscriber
        self.broken(lambda t: t['steps'][0]['smcs'][3]['call'].append(reg(1 << 32)))  # SMC32 upper half
        self.broken(lambda t: t['steps'][0]['smcs'][1]['reply'].append(reg(1)))  # SUCCESS with a reserved x1
        self.broken(lambda t: t['steps'][0]['smcs'][0]['reply'].__setitem__(0, reg(0x10002)))  # not the firmware's
        self.broken(lambda t: t.update(result='invalid'))                        # result vs ledger flags

    def test_a_ledger_flag_explains_its_deviation(self):
        # A release with no fill before it (ledger B3) fails unless the test carries the flag.
        def spurious(t):
            t['steps'][4]['smcs'].append(self.smc([0x84000065], [0x84000060, 0, 0xFFFFFFFA]))
        self.broken(spurious)
        t = self.scenario()
        spurious(t)
        t.update(flags=['SpuriousRxRelease'], result='invalid')
        self.assertEqual(self.check(t), 'mediator scenario replayed')
        # ... and a flag a rule can see must explain something: no release, no flag.
        self.broken(lambda t: t.update(flags=['SpuriousRxRelease'], result='invalid'))


class EchoTest(unittest.TestCase):
    def test_echoed_registers_only_where_the_group_says_so(self):
        """vectors/README.md "Encodings": TF-A's SMC_RET1 leaves the caller's x1/x2 in an SMC32 reply."""
        import smcseq
        t = SequenceTest().share_test()
        t['steps'][1]['reply'] = [reg(0x84000061), reg(0x40000000 | 1 << 36), reg(0x40001000)]
        t['steps'][1]['call'][1] = reg(0x40000000 | 1 << 36)
        t['mailboxes'][0]['tx'] = reg(0x40000000 | 1 << 36)
        group = dict(SequenceTest.GROUP, memory=SequenceTest.GROUP['memory'] + [
            {'kind': 'ns-ram', 'pages': 1, 'base': reg(0x40000000 | 1 << 36)}])
        import spmc_suite
        with self.assertRaises(smcseq.ReplayError):
            spmc_suite.Suite({}).check_test(group, t)
        self.assertNotIn('upper half', self._error(spmc_suite, dict(group, repliesEchoCallerRegs=True), t))

    @staticmethod
    def _error(spmc_suite, group, t) -> str:
        import smcseq
        try:
            spmc_suite.Suite({}).check_test(group, t)
        except smcseq.ReplayError as e:
            return str(e)
        return ''


class ConcurrencyTest(unittest.TestCase):
    """The concurrency well-formedness check on a hand-made two-lane scenario."""

    DOC = {'flags': {'AssertOnSpmcContention': {'bugType': 'KNOWN_BUG', 'ledgerId': 'B1', 'description': 'x'}}}
    GROUP = {'type': 'ConcurrencyScenario',
             'setup': [{'step': 1, 'op': 'boot'}, {'step': 2, 'op': 'create', 'domid': 1},
                       {'step': 3, 'op': 'create', 'domid': 2}],
             'setupSmcs': [{'call': [reg(0x84000063), reg(0x10001)], 'reply': [reg(0x10001)]}],
             'vcpus': [{'lane': 'a', 'domid': 1, 'vcpu': 0, 'calls': [{'label': 'FFA_PARTITION_INFO_GET', 'call': [reg(0x84000068)]}]},
                       {'lane': 'b', 'domid': 2, 'vcpu': 0, 'calls': [{'label': 'FFA_PARTITION_INFO_GET', 'call': [reg(0x84000068)]}]}]}

    def outcome(self) -> dict:
        return {'tcId': 2, 'caseId': 'x/a8b', 'flags': ['AssertOnSpmcContention'], 'result': 'invalid', 'schedule': 'a8b',
                'scheduleRan': 'a8b', 'foundOn': ['v1'], 'end': {'kind': 'assert-panic', 'lane': 'b', 'detail': 'x'},
                'findings': [{'kind': 'assert', 'where': 'x', 'lane': 'b', 'ledgerId': 'B1',
                              'calls': ['FFA_PARTITION_INFO_GET', 'FFA_PARTITION_INFO_GET']}],
                'vcpus': [{'lane': 'a', 'replies': []}, {'lane': 'b', 'replies': []}], 'smcs': []}

    def check(self, test: dict) -> str:
        import concurrency
        return concurrency.Suite(self.DOC).check_test(self.GROUP, test)

    def test_well_formed(self):
        self.assertEqual(self.check(self.outcome()), 'concurrency outcome checked')

    def test_malformed_outcomes_are_caught(self):
        import smcseq
        for change in (lambda t: t.update(schedule='a8c'),                          # lane c does not exist
                       lambda t: t['findings'][0].update(kind='gremlin'),            # unknown finding kind
                       lambda t: t.update(flags=[]),                                 # ledger id without its flag
                       lambda t: t.update(result='valid'),                           # result vs findings
                       lambda t: t['end'].update(kind='exploded'),                   # unknown end
                       lambda t: t['vcpus'][0].update(replies=[reg(0x84000061), reg(0x84000061)]),  # 2 replies, 1 call
                       lambda t: t['smcs'].append({'lane': 'a', 'call': [reg(0x84000065), reg(1 << 32)],
                                                   'reply': [reg(0x84000061)]})):   # SMC32 upper half
            t = self.outcome()
            change(t)
            with self.assertRaises(smcseq.ReplayError):
                self.check(t)


if __name__ == '__main__':
    unittest.main()
