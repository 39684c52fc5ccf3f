// Small worlds built only from the effect protocol, for checking the scheduler and the explorer
// against facts that hold for any correct interleaving explorer.
import { success32 } from '../../src/ffa/index';
import { access, SpinLock, spinLock, spinUnlock, type EffectHost, type Proc } from '../../src/sim/effects';
import type { ExploreWorld, WorldFactory } from '../../src/explore/types';

export const nullHost: EffectHost = { smc: () => success32() };

/** One instruction of a tiny program: read or write a shared cell, or take/drop a lock. */
export type Op = { readonly op: 'read' | 'write'; readonly obj: string } | { readonly op: 'lock' | 'unlock'; readonly lock: string };

/**
 * Each task runs its ops as one call; reads fold the cell's value into a local accumulator, writes
 * store accumulator + task number. The call returns the accumulator: its value depends on the
 * order of dependent steps and on nothing else.
 */
export function programWorld(programs: readonly (readonly Op[])[], extra: Partial<ExploreWorld> = {}): WorldFactory {
  return () => {
    const cells = new Map<string, number>();
    const locks = new Map<string, SpinLock>();
    const lockOf = (n: string): SpinLock => {
      let l = locks.get(n);
      if (!l) locks.set(n, (l = new SpinLock(n)));
      return l;
    };
    function run(t: number, ops: readonly Op[]): () => Proc<number> {
      return function* () {
        let acc = t + 1;
        for (const o of ops) {
          if ('lock' in o) {
            if (o.op === 'lock') yield* spinLock(lockOf(o.lock));
            else yield* spinUnlock(lockOf(o.lock));
          } else if (o.op === 'read') {
            yield* access('read', o.obj);
            acc = (acc * 31 + (cells.get(o.obj) ?? 0)) % 1000003;
          } else {
            yield* access('write', o.obj);
            cells.set(o.obj, acc + t);
          }
        }
        return acc;
      };
    }
    return {
      host: nullHost,
      tasks: programs.map((ops, t) => ({ label: `t${t}`, calls: [{ label: `P${t}`, start: run(t, ops) }] })),
      guestView: () => [...cells.entries()].sort().map(([k, v]) => `${k}=${v}`).join(','),
      ...extra,
    };
  };
}

/** Two tasks, each a read-modify-write of one counter per call: the lost-update race. */
export function counterWorld(locked: boolean, callsPerTask = 1): WorldFactory {
  return () => {
    let counter = 0;
    const lock = new SpinLock('counter_lock');
    function* inc(): Proc<number> {
      if (locked) yield* spinLock(lock);
      yield* access('read', 'counter');
      const seen = counter;
      yield* access('write', 'counter');
      counter = seen + 1;
      if (locked) yield* spinUnlock(lock);
      return seen + 1;
    }
    const task = (label: string) => ({ label, calls: Array.from({ length: callsPerTask }, () => ({ label: 'INC', start: inc })) });
    return { host: nullHost, tasks: [task('t0'), task('t1')], guestView: () => `counter=${counter}` };
  };
}
