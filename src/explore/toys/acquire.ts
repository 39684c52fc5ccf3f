// A toy of the v0..v2 SPMC RX acquire helper (xen-ffa-revisions.md §2.3, §2.4): one global lock
// around Xen's RX buffer with the SPMC, optionally ASSERT(!spin_is_locked) first and optionally
// returning NULL with the lock held. Small enough to check the explorer by hand.
import { FID, RET, callFrame, errorFrame, success32, type Frame } from '../../ffa/index';
import { access, smcCall, SpinLock, spinIsLocked, spinLock, spinUnlock, xenAssert, type EffectHost, type Proc } from '../../sim/effects';
import { PhysMem } from '../../sim/memory';
import type { ExploreWorld, WorldFactory } from '../types';

export interface AcquireToyOptions {
  /** v0/v1: ASSERT(!spin_is_locked(&lock)) before spin_lock. */
  readonly assertUnlocked: boolean;
  /** v1+: the NULL path returns without spin_unlock. */
  readonly nullKeepsLock: boolean;
  /** False models a failed buffer init: the pointer is NULL. */
  readonly buffer: boolean;
  /** Guests, each calling PARTITION_INFO_GET `calls` times. */
  readonly guests: number;
  readonly calls: number;
}

const RX_PA = 0x10000;

export function acquireToy(o: AcquireToyOptions): WorldFactory {
  return (): ExploreWorld => {
    const lock = new SpinLock('toy_spmc_rx_lock');
    const mem = new PhysMem();
    mem.addRegion(RX_PA, 1, 'xenheap', 'xen');
    const rx = o.buffer ? RX_PA : null;
    let owned = false;
    const host: EffectHost = {
      smc(f: Frame): Frame {
        if (f[0] === BigInt(FID.FFA_PARTITION_INFO_GET)) {
          owned = true;
          return success32(1, 24);
        }
        if (!owned) return errorFrame(RET.DENIED);
        owned = false;
        return success32();
      },
    };
    function* acquire(): Proc<number | null> {
      if (o.assertUnlocked) xenAssert(true, !(yield* spinIsLocked(lock)), '!spin_is_locked(&toy_spmc_rx_lock)', -1);
      yield* spinLock(lock);
      if (rx !== null) return rx;
      if (!o.nullKeepsLock) yield* spinUnlock(lock);
      return null;
    }
    function* partitionInfoGet(): Proc<Frame> {
      const buf = yield* acquire();
      if (buf === null) return errorFrame(RET.DENIED);
      const r = yield* smcCall(callFrame(FID.FFA_PARTITION_INFO_GET));
      yield* access('read', 'spmc-rx');
      mem.read(buf, 24, 'xen');
      yield* smcCall(callFrame(FID.FFA_RX_RELEASE));
      yield* spinUnlock(lock);
      return r;
    }
    const tasks = Array.from({ length: o.guests }, (_, g) => ({
      label: `d${g + 1}v0`,
      calls: Array.from({ length: o.calls }, () => ({ label: 'PARTITION_INFO_GET', start: partitionInfoGet })),
    }));
    return {
      host,
      tasks,
      mem,
      smcObjs: ['spmc-rx'],
      checkAccess: (e) => (e.obj === 'spmc-rx' && e.kind === 'read' && !owned ? 'read of the SPMC RX buffer while the SPMC owns it' : undefined),
    };
  };
}
