// The SPMC model (Arm DEN0077 partition manager behind TF-A's SPMD at the NS physical FF-A
// instance): one SMC at a time, atomically, as Hafnium/TF-A/OP-TEE handle a call with their
// locks held. Entry path modelled on Hafnium hvc_smc_handler()/ffa_handler() and TF-A
// spmd_smc_handler() -> spmc_smc_handler(): SPMD-answered calls, fault injection, version
// negotiation lock, dispatch.
import { FID } from '../ffa/ids';
import { type Frame, maskForConvention } from '../ffa/frame';
import { RET } from '../ffa/errors';
import { PAGE_SIZE } from '../sim/memory';
import { Call, type Machine } from './_ctx';
import { dispatch } from './_dispatch';
import { spmdAnswer } from './abi-id';
import { callerEndpoint, createEndpoints, findEndpoint } from './endpoints';
import { SpmcCallerError, SpmcConfigError, SpmcPanic } from './errors';
import { Injections } from './inject';
import { partitionProblems } from './partitions';
import { resolvePersonality } from './personalities';
import type { Personality } from './personality';
import { rxStateOf } from './rx-state';
import { stateKeyOf } from './state-key';
import type { FaultInjection, RxOwnership, RxState, SpmcConfig, SpmcEvent } from './types';

export interface MailboxView {
  readonly endpoint: number;
  readonly tx: number;
  readonly rx: number;
  readonly pages: number;
  readonly ownership: RxOwnership;
}

const NO_TRACE: readonly SpmcEvent[] = Object.freeze([]);

export class Spmc {
  private readonly m: Machine;
  private readonly injections = new Injections();
  private readonly implemented: ReadonlySet<number>;

  constructor(cfg: SpmcConfig) {
    const p = resolvePersonality(cfg.personality);
    const problems = partitionProblems(cfg.partitions);
    if (problems.length > 0) throw new SpmcConfigError(problems.map((q) => `partition ${q.index}: ${q.message}`).join('; '));
    this.implemented = new Set(p.abis);
    this.m = {
      p,
      mem: cfg.mem,
      eps: createEndpoints(p, cfg.partitions),
      shares: new Map(),
      nextHandle: p.handles.kind === 'counter' ? p.handles.first : 0n,
      trace: cfg.trace === false ? undefined : [],
      cpuCount: cfg.cpuCount ?? 4,
      seq: 0,
      panicked: undefined,
      partInfoCache: new Map(),
    };
  }

  get personality(): Personality {
    return this.m.p;
  }

  /** Every call, reply, RX transition and refusal (empty when tracing is off). */
  get trace(): readonly SpmcEvent[] {
    return this.m.trace ?? NO_TRACE;
  }

  /** Why the firmware died, once it has. */
  get panicked(): string | undefined {
    return this.m.panicked;
  }

  /** One SMC from `caller` (0 = the normal world / hypervisor; SP ids have bit 15 set). */
  smc(caller: number, frame: Frame): Frame {
    const m = this.m;
    if (m.panicked !== undefined) throw new SpmcPanic(`SPMC is dead: ${m.panicked}`, m.seq);
    const ep = callerEndpoint(m.eps, caller);
    if (!ep) throw new SpmcCallerError(caller);
    m.seq++;
    m.trace?.push({ kind: 'call', seq: m.seq, caller, frame });
    const c = new Call(m, caller, ep, maskForConvention(frame), frame);
    let reply: Frame | undefined;
    if (this.injections.size > 0) reply = this.injected(c, 'instead');
    if (reply === undefined) {
      reply = this.run(c);
      if (this.injections.size > 0) reply = this.injected(c, 'after') ?? reply;
    }
    m.trace?.push({ kind: 'reply', seq: m.seq, frame: reply });
    return reply;
  }

  private injected(c: Call, mode: 'instead' | 'after'): Frame | undefined {
    const hit = this.injections.take(mode, c.caller, c.raw);
    if (hit) c.record({ kind: 'injected', seq: this.m.seq, rule: hit.label });
    return hit?.frame;
  }

  private run(c: Call): Frame {
    const spmd = spmdAnswer(c);
    if (spmd) return spmd;
    const negotiating = c.fid === FID.FFA_VERSION;
    const locks = !negotiating && (c.p.family === 'tfa' || (c.p.family === 'hafnium' && c.fid !== FID.FFA_INTERRUPT));
    if (locks && !c.ep.versionLocked) c.entryMutation = 'closes FF-A version negotiation (first call other than FFA_VERSION)';
    if (!negotiating && c.p.family === 'tfa') {
      // spmc_complete_ffa_version_negotiation(): closes negotiation before the call is handled.
      this.lockVersion(c);
      if (c.ep.version === 0) return c.refuse(RET.NOT_SUPPORTED, 'no FF-A version negotiated before the first call');
    }
    const reply = dispatch(c, this.implemented);
    // Hafnium's hvc_smc_handler() closes negotiation after any handled call but VERSION/INTERRUPT.
    if (locks && c.p.family === 'hafnium') this.lockVersion(c);
    return reply;
  }

  private lockVersion(c: Call): void {
    if (c.ep.versionLocked) return;
    c.ep.versionLocked = true;
    c.note(`version negotiation of 0x${c.ep.id.toString(16)} closed at v${c.ep.version >> 16}.${c.ep.version & 0xffff}`);
  }

  inject(rule: FaultInjection): void {
    this.injections.add(rule);
  }

  clearInjections(): void {
    this.injections.clear();
  }

  stateKey(): string {
    return stateKeyOf(this.m);
  }

  rxState(endpoint: number): RxState | undefined {
    const ep = findEndpoint(this.m.eps, endpoint);
    return ep ? rxStateOf(ep) : undefined;
  }

  /** Negotiated (or initial) FF-A version of an endpoint, and whether negotiation is closed. */
  version(endpoint: number): { readonly version: number; readonly locked: boolean } | undefined {
    const ep = findEndpoint(this.m.eps, endpoint);
    return ep ? { version: ep.version, locked: ep.versionLocked } : undefined;
  }

  /** The buffers the SPMC has registered, hypervisor first, then SPs, then VMs. */
  mailboxes(): MailboxView[] {
    const out: MailboxView[] = [];
    const eps = [this.m.eps.hyp, ...this.m.eps.sps.values(), ...this.m.eps.vmSlots];
    for (const ep of eps) {
      const mb = ep.mailbox;
      if (mb.pages > 0) out.push({ endpoint: ep.id, tx: mb.tx, rx: mb.rx, pages: mb.pages, ownership: mb.ownership });
    }
    return out;
  }

  /** Handles of complete memory transactions, ascending. */
  handles(): bigint[] {
    return [...this.m.shares.values()].filter((s) => s.received >= s.total).map((s) => s.handle).sort((a, b) => (a < b ? -1 : 1));
  }

  /** The bytes of an endpoint's RX as the SPMC left them (no access check: an observer's view). */
  rxBytes(endpoint: number): Uint8Array | undefined {
    const ep = findEndpoint(this.m.eps, endpoint);
    if (!ep || ep.mailbox.pages === 0) return undefined;
    return this.m.mem.peek(ep.mailbox.rx, ep.mailbox.pages * PAGE_SIZE);
  }
}
