// Happens-before between Xen pCPUs from lock release/acquire pairs and SMCs (the SPMC serialises
// them), with vector clocks: two writes to one shared object that no such chain orders are two
// writers in the object at once (e.g. two pCPUs filling the SPMC TX buffer).
// A hypercall that returned before another one's first step also happened before it: the guests
// may have synchronised in between, so only calls that overlap in time can race.
import type { Effect, RwLock, SpinLock } from '../sim/effects';
import type { Monitor } from '../sim/scheduler';
import type { Vcpu } from '../sim/vcpu';

export interface RaceReport {
  readonly obj: string;
  readonly first: number;
  readonly second: number;
  readonly note?: string;
}

type Clock = Int32Array;

function join(into: Clock, from: Clock): void {
  for (let i = 0; i < into.length; i++) if (from[i]! > into[i]!) into[i] = from[i]!;
}

export class HappensBefore implements Monitor {
  private readonly clocks: Clock[] = [];
  private readonly lockClocks = new Map<SpinLock | RwLock, Clock>();
  private readonly spmc: Clock;
  /** Last write of each object: writer and the writer's own clock entry at the time. */
  private readonly lastWrite = new Map<string, { vcpu: number; at: number }>();

  /** Joined clocks of every hypercall that returned so far. */
  private readonly returned: Clock;
  /** Per vCPU, the call whose first step was seen (-1 before any). */
  private readonly inCall: number[] = [];

  constructor(
    private readonly vcpus: number,
    private readonly report: (r: RaceReport) => void,
  ) {
    for (let v = 0; v < vcpus; v++) {
      const c = new Int32Array(vcpus);
      c[v] = 1;
      this.clocks.push(c);
    }
    this.spmc = new Int32Array(vcpus);
    this.returned = new Int32Array(vcpus);
    for (let v = 0; v < vcpus; v++) this.inCall.push(-1);
  }

  onReturn(v: Vcpu): void {
    this.release(v.id, this.clocks[v.id]!, this.returned);
  }

  onEffect(v: Vcpu, e: Effect, result: unknown): void {
    const me = this.clocks[v.id]!;
    // The first step of a call sees every call that returned before it.
    if (this.inCall[v.id]! < v.callIndex) {
      this.acquire(me, this.returned);
      this.inCall[v.id] = v.callIndex;
    }
    switch (e.op) {
      case 'access':
        if (e.kind === 'write') this.write(v.id, me, e.obj, e.note);
        return;
      case 'smc':
        this.acquire(me, this.spmc);
        this.release(v.id, me, this.spmc);
        return;
      case 'spin_lock':
      case 'read_lock':
      case 'write_lock':
        this.acquire(me, this.lockClock(e.lock));
        return;
      case 'spin_trylock':
        if (result === true) this.acquire(me, this.lockClock(e.lock));
        return;
      case 'spin_unlock':
      case 'read_unlock':
      case 'write_unlock':
        this.release(v.id, me, this.lockClock(e.lock));
        return;
      case 'spin_is_locked':
        return;
    }
  }

  private lockClock(l: SpinLock | RwLock): Clock {
    let c = this.lockClocks.get(l);
    if (!c) {
      c = new Int32Array(this.vcpus);
      this.lockClocks.set(l, c);
    }
    return c;
  }

  private acquire(me: Clock, from: Clock): void {
    join(me, from);
  }

  private release(v: number, me: Clock, into: Clock): void {
    join(into, me);
    me[v]!++;
  }

  private write(v: number, me: Clock, obj: string, note: string | undefined): void {
    const last = this.lastWrite.get(obj);
    if (last && last.vcpu !== v && last.at > me[last.vcpu]!) {
      this.report(note === undefined ? { obj, first: last.vcpu, second: v } : { obj, first: last.vcpu, second: v, note });
    }
    this.lastWrite.set(obj, { vcpu: v, at: me[v]! });
  }
}
