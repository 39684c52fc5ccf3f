// Interleavings that the concurrency ledger entries need (xen-ffa-revisions §1.2 review thread,
// §2.8 B7, §2.11 lock order, §2.12 B1/B2/B7/B8), driven effect by effect with Xen's lock rules.
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { callFrame, frameLabel, type Frame } from '../../src/ffa/frame';
import { XenPanic, type Effect } from '../../src/sim/effects';
import { createSystem, runGuest, type System } from '../../src/mediator/system';
import { standardFirmware } from '../../src/mediator/fw-script';
import type { RevisionName } from '../../src/mediator/revisions/index';
import { ipa, REVS, Stepper } from './_sys';

const IPA2 = (n: number): number => 0x4000_0000 + n * 4096;

function twoGuests(rev: RevisionName, rxa: boolean | 'probe' = 'probe'): System {
  const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem }), fwRxAcquire: rxa });
  sys.run(sys.boot());
  for (const d of [1, 2]) {
    sys.run(sys.createDomain(d));
    runGuest(sys, d, callFrame(FID.FFA_VERSION, 0x10001));
    runGuest(sys, d, callFrame(FID.FFA_RXTX_MAP_64, IPA2(0), IPA2(1), 1));
  }
  return sys;
}

const isSmc = (e: Effect): boolean => e.op === 'smc';
const isWrite = (obj: string) => (e: Effect): boolean => e.op === 'access' && e.kind === 'write' && e.obj === obj;

describe('B1: two guests in PARTITION_INFO_GET at once', () => {
  for (const rev of REVS) {
    const assertFires = rev === 'v0' || rev === 'v1';
    it(`${rev}: the second ${assertFires ? 'trips ASSERT(!spin_is_locked(&ffa_spmc_rx_lock))' : rev === '4.22.0' ? 'never needs the SPMC RX lock (cache)' : 'spins on the SPMC RX lock, then completes'}`, () => {
      const sys = twoGuests(rev);
      const a = new Stepper(sys, sys.guestCall(1, 0, callFrame(FID.FFA_PARTITION_INFO_GET)), 0);
      if (rev !== '4.22.0') expect(a.until(isSmc)).toBe(true); // A holds the SPMC RX lock around its GET
      const b = new Stepper(sys, sys.guestCall(2, 1, callFrame(FID.FFA_PARTITION_INFO_GET)), 1);
      if (assertFires) {
        expect(() => b.finish()).toThrow(XenPanic);
        return;
      }
      b.finish();
      expect(b.done).toBe(rev === '4.22.0');
      a.finish();
      b.finish();
      expect([a.value, b.value].map((f) => frameLabel(f as Frame))).toEqual(['FFA_SUCCESS_32(w2=0x2, w3=0x18)', 'FFA_SUCCESS_32(w2=0x2, w3=0x18)']);
    });
  }
});

describe('B7: RXTX_UNMAP from another vCPU while Xen copies into the guest RX', () => {
  for (const rev of REVS)
    for (const rxa of [false, true]) {
      const fixed = rev === '4.22.0';
      it(`${rev}, RX_ACQUIRE ${rxa}: ${fixed ? 'unmap DENIED, no stale write' : 'unmap succeeds and the copy writes through a stale mapping'}`, () => {
        const sys = twoGuests(rev, rxa);
        const a = new Stepper(sys, sys.guestCall(1, 0, callFrame(FID.FFA_PARTITION_INFO_GET)), 0);
        expect(a.until(isWrite('d1.rx'))).toBe(true); // rx_lock already dropped by ffa_rx_acquire
        const unmap = runGuest(sys, 1, callFrame(FID.FFA_RXTX_UNMAP), 1);
        expect(frameLabel(unmap)).toBe(fixed ? 'FFA_ERROR(DENIED)' : 'FFA_SUCCESS_32()');
        a.finish();
        const stale = sys.mem.faults.filter((f) => f.kind === 'stale-mapping');
        expect(stale.length > 0).toBe(!fixed);
        if (!fixed) expect(stale[0]!.note).toBe('d1.rx used after unmap');
      });
    }
});

describe('B8: two RXTX_MAPs of one guest on two vCPUs', () => {
  for (const rev of REVS) {
    const racy = rev === 'S0' || rev === 'v0';
    it(`${rev}: ${racy ? 'both pass the "already mapped" check; one mapping and its references leak' : 'the second spins on d1.rx_lock, then gets DENIED'}`, () => {
      const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem }) });
      sys.run(sys.boot());
      sys.run(sys.createDomain(1));
      runGuest(sys, 1, callFrame(FID.FFA_VERSION, 0x10001));
      runGuest(sys, 1, callFrame(FID.FFA_ID_GET));
      const a = new Stepper(sys, sys.guestCall(1, 0, callFrame(FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1)), 0);
      expect(a.until(isWrite('d1.ctx.rx'))).toBe(true);
      const b = new Stepper(sys, sys.guestCall(1, 1, callFrame(FID.FFA_RXTX_MAP_64, ipa(2), ipa(3), 1)), 1);
      b.finish();
      expect(b.done).toBe(racy);
      a.finish();
      b.finish();
      const replies = [a.value, b.value].map((f) => frameLabel(f as Frame));
      expect(replies).toEqual(racy ? ['FFA_SUCCESS_32()', 'FFA_SUCCESS_32()'] : ['FFA_SUCCESS_32()', 'FFA_ERROR(DENIED)']);
      // Four page references for one recorded pair when the race hits.
      expect(sys.xen.refs.held().length).toBe(racy ? 4 : 2);
    });
  }
});

describe('B2: the SPMC TX lock left held by a NULL acquire', () => {
  for (const rev of ['v1', 'v2', '4.22.0'] as const)
    it(`${rev}: the next forwarded RXTX_MAP from another guest ${rev === 'v1' ? 'trips the v1 ASSERT first' : 'deadlocks'}`, () => {
      const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem }), fwRxAcquire: true });
      sys.run(sys.boot());
      sys.run(sys.spmcDestroy());
      for (const d of [1, 2]) {
        sys.run(sys.createDomain(d));
        runGuest(sys, d, callFrame(FID.FFA_VERSION, 0x10001), d);
      }
      expect(frameLabel(runGuest(sys, 1, callFrame(FID.FFA_RXTX_MAP_64, IPA2(0), IPA2(1), 1), 1))).toBe('FFA_ERROR(INVALID_PARAMETERS)');
      const next = (): Frame => runGuest(sys, 2, callFrame(FID.FFA_RXTX_MAP_64, IPA2(0), IPA2(1), 1), 2);
      expect(next).toThrow(rev === 'v1' ? /Assertion '!spin_is_locked\(&ffa_spmc_tx_lock\)'/ : /spin_lock\(ffa_spmc_tx_lock\) spins forever/);
    });
  it('v0: NULL acquire unlocks, the next call gets INVALID_PARAMETERS again', () => {
    const sys = createSystem({ revision: 'v0', firmware: (mem) => standardFirmware({ mem }), fwRxAcquire: true });
    sys.run(sys.boot());
    sys.run(sys.spmcDestroy());
    for (const d of [1, 2]) {
      sys.run(sys.createDomain(d));
      runGuest(sys, d, callFrame(FID.FFA_VERSION, 0x10001));
      expect(frameLabel(runGuest(sys, d, callFrame(FID.FFA_RXTX_MAP_64, IPA2(0), IPA2(1), 1), d))).toBe('FFA_ERROR(INVALID_PARAMETERS)');
    }
  });
});
