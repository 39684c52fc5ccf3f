// The generic oracles on toy worlds shaped like the reviewed code (facts from
// /work/shared/reference/xen-ffa-revisions.md; section numbers cited per test).
import { describe, expect, it } from 'vitest';
import { explore, replay, type ExploreWorld, type Finding, type WorldFactory } from '../../src/explore/index';
import { FID, callFrame, success32 } from '../../src/ffa/index';
import { access, smcCall, SpinLock, spinLock, spinTrylock, spinUnlock, type Proc } from '../../src/sim/effects';
import { acquireToy } from '../../src/explore/toys/acquire';
import { rxtxToy } from '../../src/explore/toys/rxtx';
import { counterWorld } from './_worlds';

const kinds = (fs: readonly Finding[]): string[] => [...new Set(fs.map((f) => f.kind))].sort();
const only = (world: WorldFactory, bound = 2) => explore({ world, preemptionBound: bound }).findings;

describe('ASSERT(!spin_is_locked) in the SPMC acquire helper (§1.2 item 3, §1.6)', () => {
  const toy = (assertUnlocked: boolean, guests: number, calls: number) => acquireToy({ assertUnlocked, nullKeepsLock: false, buffer: true, guests, calls });
  it('two guests calling PARTITION_INFO_GET at once trip it', () => {
    const f = only(toy(true, 2, 1));
    expect(kinds(f)).toEqual(['assert']);
    expect(f[0]!.where).toContain('!spin_is_locked');
  });
  it('needs contention: one guest calling twice never trips it', () => {
    expect(only(toy(true, 1, 2))).toEqual([]);
  });
  it('needs a preemption: with bound 0 each call runs to its end first', () => {
    expect(only(toy(true, 2, 1), 0)).toEqual([]);
    expect(kinds(only(toy(true, 2, 1), 1))).toEqual(['assert']);
  });
  it('without the ASSERT (v2) contention just spins in spin_lock: no finding', () => {
    expect(only(toy(false, 2, 2))).toEqual([]);
  });
});

describe('acquire returning NULL with the lock held (§2.3, B2)', () => {
  it('shows as a lock held at hypercall exit and as the next caller spinning forever', () => {
    const f = only(acquireToy({ assertUnlocked: false, nullKeepsLock: true, buffer: false, guests: 2, calls: 1 }));
    expect(kinds(f)).toEqual(['deadlock', 'held-lock']);
    expect(f.every((x) => x.where.includes('toy_spmc_rx_lock'))).toBe(true);
  });
  it('v0 unlocks on the NULL path: the same world is clean', () => {
    expect(only(acquireToy({ assertUnlocked: false, nullKeepsLock: false, buffer: false, guests: 2, calls: 2 }))).toEqual([]);
  });
});

describe('RXTX_MAP racing RXTX_UNMAP without ctx locks (§1.2 item 4, §1.3 v1 04/12, B8)', () => {
  const world = (ctxLocks: boolean) => rxtxToy({ ctxLocks, unmapChecksOwner: false, premapped: true, vcpus: [['unmap'], ['map']] });
  it('two writers in the ctx fields at once', () => {
    const f = only(world(false));
    expect(kinds(f)).toEqual(['concurrent-writers']);
    expect(f.map((x) => x.where).sort()).toEqual(['d1.ctx.page_count', 'd1.ctx.rx', 'd1.ctx.rx_is_free']);
  });
  it('two RXTX_MAPs both succeeding is a result no sequential order gives (§2.6 step 4: DENIED when mapped)', () => {
    const f = only(rxtxToy({ ctxLocks: false, unmapChecksOwner: false, premapped: false, vcpus: [['map'], ['map']] }));
    expect(kinds(f)).toContain('non-sequential');
  });
  it('taking rx_lock in map and unmap removes both', () => {
    expect(only(world(true))).toEqual([]);
    expect(only(rxtxToy({ ctxLocks: true, unmapChecksOwner: false, premapped: false, vcpus: [['map'], ['map']] }))).toEqual([]);
  });
});

describe('RXTX_UNMAP during the partition-info copy (§2.8 bug, §1.7 309e8edfe3, B7)', () => {
  const world = (unmapChecksOwner: boolean) => rxtxToy({ ctxLocks: true, unmapChecksOwner, premapped: true, vcpus: [['partinfo'], ['unmap']] });
  it('the copy writes through the stale mapping', () => {
    const f = only(world(false));
    expect(kinds(f)).toEqual(['use-after-unmap']);
    expect(f[0]!.where).toBe('write d1.rx');
    expect(f[0]!.calls).toEqual(['PARTITION_INFO_GET', 'RXTX_UNMAP']);
  });
  it('DENIED while owned (4.22.0) closes it', () => {
    expect(only(world(true))).toEqual([]);
  });
});

describe('results no sequential order gives', () => {
  it('a lost update on an unlocked counter', () => {
    const f = only(counterWorld(false));
    expect(kinds(f)).toEqual(['concurrent-writers', 'non-sequential']);
  });
  it('the locked counter is linearizable', () => {
    expect(only(counterWorld(true, 2))).toEqual([]);
  });
});

describe('replay', () => {
  const worlds: Record<string, WorldFactory> = {
    assert: acquireToy({ assertUnlocked: true, nullKeepsLock: false, buffer: true, guests: 2, calls: 2 }),
    leak: acquireToy({ assertUnlocked: false, nullKeepsLock: true, buffer: false, guests: 2, calls: 1 }),
    uaf: rxtxToy({ ctxLocks: true, unmapChecksOwner: false, premapped: true, vcpus: [['partinfo'], ['unmap']] }),
    lost: counterWorld(false),
  };
  for (const [name, world] of Object.entries(worlds)) {
    it(`reproduces every finding of the ${name} world from its schedule string, trace included`, () => {
      const found = only(world);
      expect(found.length).toBeGreaterThan(0);
      for (const f of found) {
        const a = replay(world, f.schedule);
        const b = replay(world, f.schedule);
        expect(a.diverged).toBe(-1);
        expect(a.findings.map((x) => `${x.kind}|${x.where}`)).toContain(`${f.kind}|${f.where}`);
        expect(a.steps).toEqual(b.steps);
        expect(a.schedule).toBe(f.schedule);
      }
    });
  }
});

describe('random search (PCT)', () => {
  it('finds the contention ASSERT from a fixed seed, and the same runs find the same schedules', () => {
    const world = acquireToy({ assertUnlocked: true, nullKeepsLock: false, buffer: true, guests: 2, calls: 2 });
    const a = explore({ world, mode: 'random', runs: 200, seed: 7 });
    const b = explore({ world, mode: 'random', runs: 200, seed: 7 });
    expect(kinds(a.findings)).toEqual(['assert']);
    expect(b.findings.map((f) => f.schedule)).toEqual(a.findings.map((f) => f.schedule));
  });
});

describe('the other generic oracles on tiny worlds', () => {
  const host = { smc: () => success32() };
  const world = (tasks: (() => Proc<unknown>)[], extra: Partial<ExploreWorld> = {}): WorldFactory => () => ({
    host,
    tasks: tasks.map((start, i) => ({ label: `t${i}`, calls: [{ label: `C${i}`, start }] })),
    ...extra,
  });

  it('two unlocked writers in the SPMC TX buffer are reported; a lock around each write orders them', () => {
    function* fill(): Proc<void> {
      yield* access('write', 'spmc-tx');
      yield* smcCall(callFrame(FID.FFA_MEM_SHARE_64));
    }
    const bad = only(world([fill, fill]));
    expect(bad.map((f) => `${f.kind} ${f.where}`)).toEqual(['concurrent-writers spmc-tx']);
    // A fresh lock per world: the factory runs once per schedule.
    const good: WorldFactory = () => {
      const lk = new SpinLock('tx');
      function* g(): Proc<void> {
        yield* spinLock(lk);
        yield* fill();
        yield* spinUnlock(lk);
      }
      return { host, tasks: [0, 1].map((i) => ({ label: `t${i}`, calls: [{ label: 'C', start: g }] })) };
    };
    expect(only(good)).toEqual([]);
  });

  it('a world access rule (reading a buffer not owned) is reported where it is broken', () => {
    const f = only(world([function* () {
      yield* access('read', 'spmc-rx');
    }], { checkAccess: (e) => (e.obj === 'spmc-rx' ? 'not owned' : undefined) }));
    expect(f.map((x) => `${x.kind} ${x.where} ${x.detail}`)).toEqual(['unowned-access read spmc-rx not owned']);
  });

  it('a model error that is not a XenPanic is a crash (what a NULL dereference becomes)', () => {
    const f = only(world([function* () {
      yield* access('read', 'ctx');
      const p: { x: number } | null = null as { x: number } | null;
      return p!.x;
    }]));
    expect(f.map((x) => x.kind)).toEqual(['crash']);
  });

  it('a vCPU retrying spin_trylock forever behind a leaked lock is a livelock at the step limit', () => {
    const factory: WorldFactory = () => {
      const l = new SpinLock('leaked');
      function* leak(): Proc<void> {
        yield* spinLock(l);
      }
      function* retry(): Proc<void> {
        while (!(yield* spinTrylock(l)));
      }
      return { host, tasks: [leak, retry].map((start, i) => ({ label: `t${i}`, calls: [{ label: `C${i}`, start }] })) };
    };
    const f = explore({ world: factory, maxSteps: 50 }).findings;
    // The other order: the retrier wins, returns holding the lock, and the first vCPU spins forever.
    expect(f.map((x) => x.kind).sort()).toEqual(['deadlock', 'held-lock', 'livelock']);
    expect(f.find((x) => x.kind === 'livelock')!.calls).toEqual(['C0', 'C1']);
  });
});
