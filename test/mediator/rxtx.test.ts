// Guest FFA_RXTX_MAP / FFA_RXTX_UNMAP / FFA_RX_RELEASE and bad input (xen-ffa-revisions §2.6 check
// order, §2.8 unmap, §2.9 RX ownership, §4 guest-visible results, §3 version rules).
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { frameLabel } from '../../src/ffa/frame';
import { createSystem, runGuest } from '../../src/mediator/system';
import { standardFirmware } from '../../src/mediator/fw-script';
import { callFrame } from '../../src/ffa/frame';
import type { RevisionName } from '../../src/mediator/revisions/index';
import { build, call, callTraced, ipa, maddr, REVS } from './_sys';

const MAP = FID.FFA_RXTX_MAP_64;
const OK = 'FFA_SUCCESS_32()';
const INVALID = 'FFA_ERROR(INVALID_PARAMETERS)';

/** Booted, domain 1 created, FFA_VERSION(1.1) done and published by a first other call (FFA_ID_GET). */
function ready(rev: RevisionName, extra = false) {
  const sys = createSystem({
    revision: rev,
    firmware: (mem) => standardFirmware({ mem }),
  });
  sys.run(sys.boot());
  sys.run(
    sys.createDomain(1, extra ? { extra: [{ ipa: ipa(100), entry: { pa: 0x2000_0000, type: 'mmio_direct' } }, { ipa: ipa(101), entry: { pa: maddr(9), type: 'ram_ro' } }] } : {}),
  );
  call(sys, FID.FFA_VERSION, 0x10001);
  call(sys, FID.FFA_ID_GET);
  return sys;
}

/** A refused call must leave the mediator's state (and the SMC count) as it was. */
function refusedUnchanged(rev: RevisionName, fid: number, args: (number | bigint)[], want: string): void {
  const sys = ready(rev, true);
  const before = sys.stateView();
  const smcs = sys.trace.filter((e) => e.kind === 'smc').length;
  expect(frameLabel(call(sys, fid, ...args))).toBe(want);
  expect(sys.stateView()).toBe(before);
  expect(sys.trace.filter((e) => e.kind === 'smc').length).toBe(smcs);
}

describe('RXTX_MAP check order and bad input', () => {
  for (const rev of REVS) {
    const v0plus = rev !== 'S0';
    it(`${rev}: page count 2 is INVALID_PARAMETERS, state unchanged`, () => refusedUnchanged(rev, MAP, [ipa(0), ipa(1), 2], INVALID));
    it(`${rev}: an unmapped TX address is INVALID_PARAMETERS and no page reference stays`, () =>
      refusedUnchanged(rev, MAP, [ipa(500), ipa(1), 1], INVALID));
    it(`${rev}: an MMIO RX page is INVALID_PARAMETERS (TX reference dropped again)`, () =>
      refusedUnchanged(rev, MAP, [ipa(0), ipa(100), 1], INVALID));
    it(`${rev}: a read-only RAM page is INVALID_PARAMETERS (only p2m_ram_rw)`, () =>
      refusedUnchanged(rev, MAP, [ipa(101), ipa(1), 1], INVALID));
    it(`${rev}: page count 0 is ${v0plus ? 'refused' : 'accepted (B13)'}`, () => {
      if (v0plus) return refusedUnchanged(rev, MAP, [ipa(0), ipa(1), 0], INVALID);
      const sys = ready(rev);
      expect(frameLabel(call(sys, MAP, ipa(0), ipa(1), 0))).toBe(OK);
      expect(frameLabel(call(sys, FID.FFA_RXTX_UNMAP))).toBe(INVALID); // page_count == 0
      expect(frameLabel(call(sys, MAP, ipa(2), ipa(3), 1))).toBe('FFA_ERROR(DENIED)'); // ctx->rx set
      expect(sys.xen.refs.held()).toEqual([maddr(0), maddr(1)]);
    });
    it(`${rev}: unaligned addresses are ${v0plus ? 'refused' : 'truncated to their page (B14)'}`, () => {
      if (v0plus) return refusedUnchanged(rev, MAP, [ipa(0) + 0x10, ipa(1), 1], INVALID);
      const sys = ready(rev);
      expect(frameLabel(call(sys, MAP, ipa(0) + 0x10, ipa(1) + 0x800, 1))).toBe(OK);
      expect([sys.xen.domains.get(1)!.ctx!.txPg, sys.xen.domains.get(1)!.ctx!.rxPg]).toEqual([maddr(0), maddr(1)]);
    });
    it(`${rev}: the same page as TX and RX is accepted (B19), a second map is DENIED`, () => {
      const sys = ready(rev);
      expect(frameLabel(call(sys, MAP, ipa(4), ipa(4), 1))).toBe(OK);
      expect(frameLabel(call(sys, MAP, ipa(0), ipa(1), 1))).toBe('FFA_ERROR(DENIED)');
    });
    it(`${rev}: RXTX_MAP_32 ignores the upper halves of the addresses`, () => {
      const sys = ready(rev);
      expect(frameLabel(call(sys, FID.FFA_RXTX_MAP_32, 0xdead_0000_0000n | BigInt(ipa(0)), 0xbeef_0000_0000n | BigInt(ipa(1)), 1))).toBe(OK);
      expect(sys.xen.domains.get(1)!.ctx!.rxPg).toBe(maddr(1));
    });
    it(`${rev}: a failed global mapping is ${rev === '4.22.0' ? 'NO_MEMORY' : 'INVALID_PARAMETERS (B6)'}, references dropped`, () => {
      const sys = ready(rev);
      sys.xen.failGlobalMaps = 1;
      expect(frameLabel(call(sys, MAP, ipa(0), ipa(1), 1))).toBe(rev === '4.22.0' ? 'FFA_ERROR(NO_MEMORY)' : INVALID);
      expect(sys.xen.refs.held()).toEqual([]);
    });
    it(`${rev}: calls before FFA_VERSION are ${v0plus ? 'NOT_SUPPORTED (ad2d3a7daf)' : 'served (S0)'}`, () => {
      const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem }) });
      sys.run(sys.boot());
      sys.run(sys.createDomain(1));
      const before = sys.stateView();
      const r = frameLabel(runGuest(sys, 1, callFrame(MAP, ipa(0), ipa(1), 1)));
      expect(r).toBe(v0plus ? 'FFA_ERROR(NOT_SUPPORTED)' : OK);
      if (v0plus) expect(sys.stateView()).toBe(before);
    });
  }
});

describe('RXTX_UNMAP and RX_RELEASE', () => {
  for (const rev of REVS) {
    it(`${rev}: nothing mapped: UNMAP INVALID_PARAMETERS, RX_RELEASE DENIED, state unchanged`, () => {
      refusedUnchanged(rev, FID.FFA_RXTX_UNMAP, [], INVALID);
      refusedUnchanged(rev, FID.FFA_RX_RELEASE, [], 'FFA_ERROR(DENIED)');
    });
    it(`${rev}: RX_RELEASE on a freshly mapped (free) RX is DENIED with no SMC, even with RX_ACQUIRE (B18)`, () => {
      const { sys } = build(rev, { rxa: true });
      call(sys, FID.FFA_VERSION, 0x10001);
      call(sys, MAP, ipa(0), ipa(1), 1);
      expect(callTraced(sys, FID.FFA_RX_RELEASE)).toMatchObject({ reply: 'FFA_ERROR(DENIED)', smcs: [] });
    });
    it(`${rev}: unmap drops both page references and the guest id in w1 is ignored`, () => {
      const sys = ready(rev);
      call(sys, MAP, ipa(0), ipa(1), 1);
      expect(sys.xen.refs.held()).toEqual([maddr(0), maddr(1)]);
      expect(frameLabel(call(sys, FID.FFA_RXTX_UNMAP, 0x7777_0000))).toBe(OK);
      expect(sys.xen.refs.held()).toEqual([]);
    });
    it(`${rev}: ${rev === 'S0' || rev === 'v0' ? 'no ctx locks (B8)' : 'rx_lock then tx_lock'} in map and unmap`, () => {
      const sys = ready(rev);
      const from = sys.trace.length;
      call(sys, MAP, ipa(0), ipa(1), 1);
      call(sys, FID.FFA_RXTX_UNMAP);
      const locks = sys.trace.slice(from).flatMap((e) => (e.kind === 'lock' ? [`${e.op} ${e.lock}`] : []));
      const pair = ['spin_lock d1.rx_lock', 'spin_lock d1.tx_lock', 'spin_unlock d1.tx_lock', 'spin_unlock d1.rx_lock'];
      expect(locks).toEqual(rev === 'S0' || rev === 'v0' ? [] : [...pair, ...pair]);
    });
  }
});
