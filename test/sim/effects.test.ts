import { describe, expect, it } from 'vitest';
import { FID, callFrame, success32, type Frame } from '../../src/ffa/index';
import {
  SpinLock, RwLock, XenPanic, applyEffect, runSequential, smcCall, spinIsLocked, spinLock, spinTrylock, spinUnlock,
  readLock, writeLock, type Proc,
} from '../../src/sim/effects';
import { Mapping, PhysMem } from '../../src/sim/memory';

const host = { smc: (_f: Frame) => success32(7) };

describe('Xen spinlock semantics', () => {
  it('lock, is_locked, trylock by another vCPU, unlock', () => {
    const l = new SpinLock('ffa_spmc_rx_lock');
    function* p(): Proc<[boolean, boolean]> {
      yield* spinLock(l);
      const held = yield* spinIsLocked(l);
      yield* spinUnlock(l);
      const after = yield* spinIsLocked(l);
      return [held, after];
    }
    expect(runSequential(p(), host, 1)).toEqual([true, false]);
    l.holder = 2;
    expect(runSequential(spinTrylock(l), host, 1)).toBe(false);
    expect(applyEffect({ op: 'spin_lock', lock: l }, 1, host)).toEqual({ kind: 'blocked' });
  });
  it('taking a held lock again on the same vCPU is a self-deadlock, not recursion', () => {
    const l = new SpinLock('x');
    function* p(): Proc<void> {
      yield* spinLock(l);
      yield* spinLock(l);
    }
    expect(() => runSequential(p(), host, 0)).toThrow(XenPanic);
  });
  it('a lock held by another vCPU deadlocks a sequential run', () => {
    const l = new SpinLock('x');
    l.holder = 9;
    expect(() => runSequential(spinLock(l), host, 0)).toThrow(/spins forever/);
  });
  it('unlocking a lock one does not hold is lock misuse', () => {
    const l = new SpinLock('x');
    expect(() => runSequential(spinUnlock(l), host, 0)).toThrow(/does not hold/);
  });
  it('rwlock: readers share, a writer waits for them', () => {
    const l = new RwLock('ffa_ctx_list_rwlock');
    runSequential(readLock(l), host, 1);
    runSequential(readLock(l), host, 2);
    expect(applyEffect({ op: 'write_lock', lock: l }, 3, host)).toEqual({ kind: 'blocked' });
    expect(() => runSequential(writeLock(l), host, 1)).toThrow(XenPanic);
  });
  it('an SMC goes to the host and its reply comes back', () => {
    expect(runSequential(smcCall(callFrame(FID.FFA_ID_GET)), host)[2]).toBe(7n);
  });
});

describe('physical memory', () => {
  it('records faults instead of allowing bad accesses', () => {
    const m = new PhysMem();
    m.addRegion(0x10000, 2, 'xenheap', 'xen');
    expect(m.write(0x10ffe, new Uint8Array([1, 2, 3, 4]), 'xen')).toBe(true);
    expect([...m.read(0x10ffe, 4, 'xen')!]).toEqual([1, 2, 3, 4]);
    expect(m.read(0x20000, 4, 'spmc')).toBeUndefined();
    expect(m.faults.at(-1)?.kind).toBe('unbacked');
    m.freePage(0x11000);
    expect(m.write(0x11000, new Uint8Array([1]), 'spmc')).toBe(false);
    expect(m.faults.at(-1)?.kind).toBe('freed-page');
  });
  it('a mapping used after unmap is a stale-mapping fault', () => {
    const m = new PhysMem();
    m.addRegion(0x40000, 1, 'guest-ram', 'd1');
    const map = new Mapping(m, 0x40000, 'd1 RX');
    expect(map.write(0, new Uint8Array([9]), 'xen')).toBe(true);
    map.unmap();
    expect(map.write(0, new Uint8Array([9]), 'xen')).toBe(false);
    expect(m.faults.at(-1)).toMatchObject({ kind: 'stale-mapping', access: 'write', pa: 0x40000 });
  });
});
