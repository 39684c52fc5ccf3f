// Xen on Arm with the FF-A mediator (xen/arch/arm/tee/ffa*.c, vsmc.c routing): the modelled machine
// with its memory layout, Xen state, guests and the firmware behind the SMC conduit.
import { fidOfFrame, type Frame } from '../ffa/frame';
import { runSequential, type Effect, type EffectHost, type Proc } from '../sim/effects';
import { PhysMem, PAGE_SIZE } from '../sim/memory';
import { regsOf } from './_smc';
import { ffaDomainInit, ffaDomainTeardown, teardownTimer } from './domain';
import { ffaHandleCall, isFfaFid } from './ffa';
import { buildDomain, LAYOUT, type DomainOptions } from './layout';
import { stateView } from './state-view';
import { ffaProbe, type RxAcquireSetting } from './probe';
import { REVISIONS, type Revision, type RevisionName } from './revisions/index';
import { rxtxSpmcDestroy } from './rxtx-spmc';
import { Tracer, trimmedCopy, type TraceEvent } from './trace';
import { Xen, type Current } from './xen';

export { LAYOUT, type DomainOptions } from './layout';

/** What answers Xen's SMCs: the SPMC model (src/spmc) or a scripted firmware (src/spmc/scripted). */
export interface Firmware {
  smc(caller: number, frame: Frame): Frame;
}

export interface SystemOptions {
  readonly revision: RevisionName | Revision;
  readonly firmware: Firmware | ((mem: PhysMem) => Firmware);
  /** Force the firmware's FFA_RX_ACQUIRE bit after the probe, or keep what the probe found. */
  readonly fwRxAcquire?: RxAcquireSetting;
  /** Debug build: ASSERT()s are checked (default true). */
  readonly debug?: boolean;
  /** Record the trace (default true; the explorer turns it off). */
  readonly trace?: boolean;
  /** Also trace every shared access (default false). */
  readonly traceAccesses?: boolean;
  /** CONFIG_FFA_VM_TO_VM (default false, as Kconfig). */
  readonly vmToVm?: boolean;
  /** Physical memory to use (e.g. shared with an SPMC built beforehand). */
  readonly mem?: PhysMem;
  readonly xenheapPages?: number;
}

export class NoSuchDomainError extends Error {
  override readonly name = 'NoSuchDomainError';
  constructor(readonly domid: number) {
    super(`no live domain ${domid}`);
  }
}

export class System {
  readonly rev: Revision;
  readonly mem: PhysMem;
  readonly tracer: Tracer;
  readonly xen: Xen;
  readonly firmware: Firmware;
  readonly host: EffectHost;
  private readonly rxAcquire: RxAcquireSetting;

  constructor(opts: SystemOptions) {
    this.rev = typeof opts.revision === 'string' ? REVISIONS[opts.revision] : opts.revision;
    this.mem = opts.mem ?? new PhysMem();
    const heapPages = opts.xenheapPages ?? 8;
    if (!this.mem.has(LAYOUT.xenheapBase)) this.mem.addRegion(LAYOUT.xenheapBase, heapPages, 'free', 'heap');
    this.tracer = new Tracer(opts.trace ?? true, opts.traceAccesses ?? false);
    this.xen = new Xen(this.rev, this.mem, this.tracer, opts.debug ?? true, opts.vmToVm ?? false, { base: LAYOUT.xenheapBase, pages: heapPages });
    this.firmware = typeof opts.firmware === 'function' ? opts.firmware(this.mem) : opts.firmware;
    this.rxAcquire = opts.fwRxAcquire ?? 'probe';
    this.host = { smc: (f, v) => this.smc(f, v), observe: (e, v, r) => this.observe(e, v, r) };
  }

  get trace(): readonly TraceEvent[] {
    return this.tracer.events;
  }

  private smc(frame: Frame, vcpu: number): Frame {
    const tr = this.tracer.enabled;
    const page = (pa: number | null): Uint8Array | null => (tr && pa !== null ? trimmedCopy(this.mem.peek(pa, PAGE_SIZE)) : null);
    const tx = page(this.xen.spmcTx);
    const out = this.firmware.smc(0, frame);
    if (tr) this.tracer.push({ kind: 'smc', vcpu, frameIn: frame, frameOut: out, tx, rx: page(this.xen.spmcRx) });
    return out;
  }

  private observe(e: Effect, vcpu: number, result: unknown): void {
    if (!this.tracer.enabled || e.op === 'smc') return;
    if (e.op === 'access') {
      if (this.tracer.accesses) this.tracer.push({ kind: 'access', vcpu, access: e.kind, obj: e.obj });
      return;
    }
    const res = typeof result === 'boolean' ? { result } : {};
    this.tracer.push({ kind: 'lock', vcpu, op: e.op, lock: e.lock.name, ...res });
  }

  private cur(vcpu: number, domid: number | null): Current {
    if (domid === null) return { vcpu, d: null };
    const d = this.xen.domains.get(domid);
    if (!d) throw new NoSuchDomainError(domid);
    return { vcpu, d };
  }

  /** ffa_probe() at boot (runs on vCPU 0 unless told otherwise). */
  *boot(vcpu = 0): Proc<boolean> {
    this.tracer.push({ kind: 'phase', vcpu, text: 'boot' });
    return yield* ffaProbe(this.xen, this.cur(vcpu, null), this.rxAcquire);
  }

  /** Domain creation: guest RAM and p2m, then ffa_domain_init (teardown on failure). */
  *createDomain(domid: number, opts: DomainOptions = {}, vcpu = 0): Proc<number> {
    const d = buildDomain(this.mem, domid, opts);
    this.xen.domains.set(domid, d);
    this.tracer.push({ kind: 'phase', vcpu, text: `create d${domid}` });
    const ret = yield* ffaDomainInit(this.xen, this.cur(vcpu, domid), d);
    if (ret) yield* ffaDomainTeardown(this.xen, this.cur(vcpu, domid), d);
    return ret;
  }

  /** Domain destruction: ffa_domain_teardown; true when nothing is left for the retry timer. */
  *destroyDomain(domid: number, vcpu = 0): Proc<boolean> {
    const cur = this.cur(vcpu, domid);
    this.tracer.push({ kind: 'phase', vcpu, text: `destroy d${domid}` });
    const done = yield* ffaDomainTeardown(this.xen, cur, cur.d!);
    this.xen.domains.delete(domid);
    return done;
  }

  /** The FFA_CTX_TEARDOWN_DELAY timer firing once. */
  *teardownTimer(vcpu = 0): Proc<boolean> {
    return yield* teardownTimer(this.xen, this.cur(vcpu, null));
  }

  /** ffa_rxtx_spmc_destroy() on its own (the probe's error path), for B2/B4 scenarios. */
  *spmcDestroy(vcpu = 0): Proc<void> {
    yield* rxtxSpmcDestroy(this.xen, this.cur(vcpu, null));
  }

  /** The trap handler for a guest SMC: the reply frame the guest sees. */
  *guestCall(domid: number, vcpu: number, frame: Frame): Proc<Frame> {
    const cur = this.cur(vcpu, domid);
    this.tracer.push({ kind: 'guest-call', vcpu, domid, frame });
    const regs = regsOf(frame);
    const fid = fidOfFrame(frame);
    const handled = isFfaFid(this.xen, fid) && (yield* ffaHandleCall(this.xen, cur, regs));
    if (!handled) {
      this.xen.printk(cur, 'INFO', `Unhandled SMC/HVC: 0x${fid.toString(16)}`);
      regs[0] = 0xffffffffffffffffn; // ARM_SMCCC_ERR_UNKNOWN_FUNCTION
    }
    this.tracer.push({ kind: 'guest-reply', vcpu, domid, frame: regs });
    return regs;
  }

  /** Run a proc alone to completion (the sequential runner). */
  run<T>(proc: Proc<T>, vcpu = 0): T {
    return runSequential(proc, this.host, vcpu);
  }

  /** Machine address of a guest address (throws when it is not mapped). */
  guestPage(domid: number, ipa: number): number {
    const e = this.cur(0, domid).d!.p2m.lookup(Math.floor(ipa / PAGE_SIZE));
    if (!e) throw new RangeError(`d${domid}: no p2m entry for 0x${ipa.toString(16)}`);
    return e.pa + (ipa % PAGE_SIZE);
  }

  /** The guest writing its own memory (e.g. a descriptor into its TX buffer). */
  guestWrite(domid: number, ipa: number, bytes: Uint8Array): boolean {
    return this.mem.write(this.guestPage(domid, ipa), bytes, `d${domid}`);
  }

  guestRead(domid: number, ipa: number, len: number): Uint8Array {
    return this.mem.peek(this.guestPage(domid, ipa), len);
  }

  /** Mediator state in one line (see state-view.ts). */
  stateView(): string {
    return stateView(this.xen);
  }

  /** Bytes of the RX buffer a guest has mapped (zeros when none). */
  guestRx(domid: number, len = PAGE_SIZE): Uint8Array {
    const pa = this.xen.domains.get(domid)?.ctx?.rxPg;
    return pa === null || pa === undefined ? new Uint8Array(len) : this.mem.peek(pa, len);
  }
}

export function createSystem(opts: SystemOptions): System {
  return new System(opts);
}

/** Sequential convenience: one guest call on vCPU `vcpu`, run to completion. */
export function runGuest(system: System, domid: number, frame: Frame, vcpu = 0): Frame {
  return system.run(system.guestCall(domid, vcpu, frame), vcpu);
}
