import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { access, applyLockEffect, RwLock, SpinLock, spinLock, spinUnlock, XenPanic, xenAssert, type LockEffect, type Proc } from '../../src/sim/effects';
import { DEFAULT_POLICY, runWorld, type ChoicePoint, type Policy } from '../../src/sim/scheduler';
import { canProceed } from '../../src/sim/vcpu';
import { nullHost } from './_worlds';

function* writes(obj: string, n: number): Proc<number> {
  for (let i = 0; i < n; i++) yield* access('write', obj);
  return n;
}

const alternate: Policy = { choose: (p: ChoicePoint) => (p.enabled & (1 << (p.step % 2)) ? p.step % 2 : 31 - Math.clz32(p.enabled)) };

describe('vCPU tasks and the scheduler', () => {
  it('canProceed is exactly "applyLockEffect would not block" (effects.ts lock semantics)', () => {
    const holder = fc.option(fc.integer({ min: 0, max: 2 }), { nil: null });
    fc.assert(
      fc.property(holder, holder, fc.uniqueArray(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }), fc.integer({ min: 0, max: 2 }), fc.constantFrom('spin_lock', 'spin_trylock', 'spin_is_locked', 'read_lock', 'write_lock'), (sh, wr, readers, vcpu, op) => {
        const s = new SpinLock('s');
        s.holder = sh;
        const r = new RwLock('r');
        // A writer and readers never coexist in Xen's rwlock.
        if (wr !== null) r.writer = wr;
        else readers.forEach((x) => r.readers.add(x));
        const e = (op.startsWith('spin') ? { op, lock: s } : { op, lock: r }) as LockEffect;
        const predicted = canProceed(e, vcpu);
        let blocked = false;
        try {
          blocked = applyLockEffect(e, vcpu).kind === 'blocked';
        } catch (err) {
          // Self-deadlock is raised only when the vCPU is allowed to try: a finding, not a wait.
          expect(err).toBeInstanceOf(XenPanic);
          expect(predicted).toBe(true);
          return;
        }
        expect(predicted).toBe(!blocked);
      }),
    );
  });

  it('the default policy runs each vCPU to the end before the next (no preemption)', () => {
    const r = runWorld({ host: nullHost, tasks: [{ label: 'A', calls: [{ label: 'a', start: () => writes('x', 3) }] }, { label: 'B', calls: [{ label: 'b', start: () => writes('y', 2) }] }] }, DEFAULT_POLICY);
    expect(r.end.kind).toBe('complete');
    expect(r.choices).toEqual([0, 0, 0, 1, 1]);
    expect(r.vcpus.map((v) => v.results)).toEqual([[3], [2]]);
  });

  it('a vCPU spinning on a held lock is not schedulable until the holder unlocks', () => {
    const l = new SpinLock('l');
    function* section(): Proc<void> {
      yield* spinLock(l);
      yield* access('write', 'x');
      yield* spinUnlock(l);
    }
    const seen: number[] = [];
    const spy: Policy = { choose: (p) => (seen.push(p.enabled), alternate.choose(p)) };
    const r = runWorld({ host: nullHost, tasks: [0, 1].map((i) => ({ label: `t${i}`, calls: [{ label: 'c', start: section }] })) }, spy);
    expect(r.end.kind).toBe('complete');
    // Step 0: both may try; step 1: vCPU 0 holds the lock, so only vCPU 0 can run (mask 0b01).
    expect(seen[0]).toBe(0b11);
    expect(seen[1]).toBe(0b01);
    expect(seen[2]).toBe(0b01);
  });

  it('opposite lock orders deadlock under the alternating schedule and the run names both locks', () => {
    const a = new SpinLock('A');
    const b = new SpinLock('B');
    function* take(first: SpinLock, second: SpinLock): Proc<void> {
      yield* spinLock(first);
      yield* spinLock(second);
      yield* spinUnlock(second);
      yield* spinUnlock(first);
    }
    const r = runWorld({ host: nullHost, tasks: [{ label: 't0', calls: [{ label: 'ab', start: () => take(a, b) }] }, { label: 't1', calls: [{ label: 'ba', start: () => take(b, a) }] }] }, alternate);
    expect(r.end.kind).toBe('deadlock');
    if (r.end.kind === 'deadlock') expect(r.end.waits.map((w) => `${w.vcpu}:${w.lock}:${w.holders}`).sort()).toEqual(['0:B:1', '1:A:0']);
  });

  it('an ASSERT failure ends the run as a panic on the vCPU that ran it', () => {
    function* bad(): Proc<void> {
      yield* access('read', 'x');
      xenAssert(true, false, 'never', 7);
    }
    const r = runWorld({ host: nullHost, tasks: [{ label: 't0', calls: [{ label: 'ok', start: () => writes('y', 1) }] }, { label: 't1', calls: [{ label: 'bad', start: bad }] }] }, DEFAULT_POLICY);
    expect(r.end.kind).toBe('panic');
    if (r.end.kind === 'panic') {
      expect(r.end.vcpu).toBe(1);
      expect(r.end.panic.kind).toBe('assert');
    }
  });

  it('the epilogue runs alone after every task finished', () => {
    const order: string[] = [];
    function* tag(name: string): Proc<void> {
      yield* access('write', 'log');
      order.push(name);
    }
    const r = runWorld({ host: nullHost, tasks: [{ label: 'A', calls: [{ label: 'a', start: () => tag('a') }] }, { label: 'B', calls: [{ label: 'b', start: () => tag('b') }] }], epilogue: [{ label: 'probe', start: () => tag('probe') }] }, { choose: (p) => 31 - Math.clz32(p.enabled) });
    expect(order).toEqual(['b', 'a', 'probe']);
    expect(r.choices).toEqual([1, 0, 2]);
  });

  it('a trace records call, effect and return lines for every vCPU', () => {
    const r = runWorld({ host: nullHost, tasks: [{ label: 'A', calls: [{ label: 'a', start: () => writes('x', 1) }] }] }, DEFAULT_POLICY, { trace: true });
    expect(r.trace.map((s) => `${s.vcpu} ${s.kind} ${s.label}`)).toEqual(['0 call a', '0 effect write x', '0 return a -> 1']);
  });
});
