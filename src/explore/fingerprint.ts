// State fingerprints for stateless search over Xen pCPU schedules, built from the history of
// dependent steps (a hash of the Mazurkiewicz trace) instead of the world's heap, which a
// generator-based model cannot snapshot.
//
// Why this is a state: a vCPU's local state is a function of the values its steps returned and of
// the shared objects it read; a shared object's content is a function of who wrote it, in order,
// from which local state. So each vCPU keeps a hash of (its steps, the object hashes it read), each
// object a hash of (its writers' hashes, in order). Two schedules that only swap independent
// steps (different objects, or two reads) give the same hash: that is the partial-order
// reduction. Two steps conflict when they name the same lock, the same object with at least one
// write, or are both SMCs (the SPMC is one object; it also reads and writes the world's smcObjs).
import type { Effect, RwLock, SpinLock } from '../sim/effects';
import type { Monitor } from '../sim/scheduler';
import type { Vcpu } from '../sim/vcpu';
import { fmix, hashString, key53, mixA, mixB } from './_hash';

const OP_READ = 1;
const OP_WRITE = 2;
const OP_SMC = 3;
const OP_LOCK = 16; // + index of the lock op below, + 32 when a boolean result was true
const LOCK_OPS = ['spin_lock', 'spin_trylock', 'spin_unlock', 'spin_is_locked', 'read_lock', 'read_unlock', 'write_lock', 'write_unlock'];
const SPMC_OBJ = '@spmc';

/** Object names to stable slots and seeds, shared by all runs of one exploration. */
export class ObjectTable {
  private readonly ids = new Map<string, number>();
  readonly seedA: number[] = [];
  readonly seedB: number[] = [];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.seedA.length;
      this.ids.set(name, id);
      this.seedA.push(hashString(name, 0x2545f491));
      this.seedB.push(hashString(name, 0x6a09e667));
    }
    return id;
  }
}

export class TraceFingerprint implements Monitor {
  private readonly va: number[] = [];
  private readonly vb: number[] = [];
  private readonly oa: number[] = [];
  private readonly ob: number[] = [];
  private readonly lockIds = new Map<SpinLock | RwLock, number>();
  private readonly smcTargets: readonly number[];
  private sumA = 0;
  private sumB = 0;
  /** While peeking: (slot kind, index, old lane A, old lane B) to roll back. */
  private undo: number[] | null = null;

  constructor(
    private readonly table: ObjectTable,
    vcpus: number,
    smcObjs: readonly string[] = [],
  ) {
    for (let v = 0; v < vcpus; v++) {
      this.va.push(fmix(v + 0x1000193));
      this.vb.push(fmix(v + 0x3c6ef372));
    }
    this.smcTargets = [SPMC_OBJ, ...smcObjs].map((n) => table.id(n));
  }

  /** The state after the steps so far, as a 53-bit integer. */
  key(): number {
    return key53(this.sumA, this.sumB);
  }

  /** The state together with one more small fact (e.g. which vCPU is running). */
  keyWith(extra: number): number {
    return key53(mixA(this.sumA, extra), mixB(this.sumB, extra));
  }

  onEffect(v: Vcpu, e: Effect, result: unknown): void {
    this.apply(v.id, e, result);
  }

  /**
   * The keys after vCPU `v` would perform `e` with `result`: the state alone, with `v` still the
   * running vCPU, and with no running vCPU. This fingerprint is left as it was.
   */
  peekKeys(v: number, e: Effect, result: unknown): readonly [number, number, number] {
    const sumA = this.sumA;
    const sumB = this.sumB;
    const undo: number[] = [];
    this.undo = undo;
    this.apply(v, e, result);
    const keys = [this.key(), this.keyWith(v), this.keyWith(-1)] as const;
    this.undo = null;
    for (let i = undo.length - 4; i >= 0; i -= 4) {
      const [kind, at, a, b] = [undo[i]!, undo[i + 1]!, undo[i + 2]!, undo[i + 3]!];
      if (kind === 0) {
        this.va[at] = a;
        this.vb[at] = b;
      } else {
        this.oa[at] = a;
        this.ob[at] = b;
      }
    }
    this.sumA = sumA;
    this.sumB = sumB;
    return keys;
  }

  private apply(id: number, e: Effect, result: unknown): void {
    switch (e.op) {
      case 'access': {
        const o = this.obj(this.table.id(e.obj));
        if (e.kind === 'read') this.read(id, OP_READ, o);
        else this.write(id, OP_WRITE, o);
        return;
      }
      case 'smc':
        this.stepVcpu(id, OP_SMC);
        for (const o of this.smcTargets) this.read(id, OP_SMC, this.obj(o));
        for (const o of this.smcTargets) this.write(id, OP_SMC, o);
        return;
      default: {
        const o = this.lock(e.lock);
        const op = OP_LOCK + LOCK_OPS.indexOf(e.op) + (result === true ? 32 : 0);
        // Two of these commute: they leave the lock's own history alone (readers are in theirs).
        const readLike = e.op === 'spin_is_locked' || e.op === 'read_lock' || e.op === 'read_unlock' || (e.op === 'spin_trylock' && result !== true);
        if (readLike) this.read(id, op, o);
        else this.write(id, op, o);
      }
    }
  }

  private lock(l: SpinLock | RwLock): number {
    let o = this.lockIds.get(l);
    if (o === undefined) {
      o = this.obj(this.table.id(`lock:${l.name}`));
      this.lockIds.set(l, o);
    }
    return o;
  }

  private obj(o: number): number {
    while (this.oa.length <= o) {
      this.oa.push(this.table.seedA[this.oa.length]!);
      this.ob.push(this.table.seedB[this.ob.length]!);
    }
    return o;
  }

  private setVcpu(v: number, a: number, b: number): void {
    this.undo?.push(0, v, this.va[v]!, this.vb[v]!);
    this.sumA = (this.sumA + fmix(a) - fmix(this.va[v]!)) | 0;
    this.sumB = (this.sumB + fmix(b) - fmix(this.vb[v]!)) | 0;
    this.va[v] = a;
    this.vb[v] = b;
  }

  private stepVcpu(v: number, op: number): void {
    this.setVcpu(v, mixA(this.va[v]!, op), mixB(this.vb[v]!, op));
  }

  private read(v: number, op: number, o: number): void {
    this.setVcpu(v, mixA(mixA(this.va[v]!, op), this.oa[o]!), mixB(mixB(this.vb[v]!, op), this.ob[o]!));
  }

  private write(v: number, op: number, o: number): void {
    if (op !== OP_SMC) this.read(v, op, o);
    const a = mixA(this.oa[o]!, this.va[v]!);
    const b = mixB(this.ob[o]!, this.vb[v]!);
    this.undo?.push(1, o, this.oa[o]!, this.ob[o]!);
    this.sumA = (this.sumA + fmix(a) - fmix(this.oa[o]!)) | 0;
    this.sumB = (this.sumB + fmix(b) - fmix(this.ob[o]!)) | 0;
    this.oa[o] = a;
    this.ob[o] = b;
  }
}
