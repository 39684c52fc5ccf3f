// The adapter from Xen's FF-A mediator model (src/mediator) to explorer worlds: a booted System per
// run, set up by a scenario, its guest calls as vCPU tasks, and the FF-A facts the oracles need
// (who owns Xen's SPMC RX, which results mean "retry", what a guest can observe afterwards).
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { frameLabel, getRetCode, isError, isSuccess, w, type Frame } from '../ffa/frame';
import { standardFirmware } from '../mediator/fw-script';
import type { RevisionName } from '../mediator/revisions/index';
import { runScenario } from '../mediator/scenario';
import { createSystem, type Firmware, type System } from '../mediator/system';
import type { TraceEvent } from '../mediator/trace';
import type { AccessEffect } from '../sim/effects';
import { isFrame } from '../sim/_label';
import { explore } from './explore';
import { replay, type ReplayResult } from './replay';
import type { Scenario } from './scenarios';
import type { ExploreOptions, ExploreResult, ExploreWorld, WorldFactory } from './types';

export interface WorldOptions {
  readonly revision: RevisionName;
  /** Keep the mediator's trace (replay); off while exploring. */
  readonly trace?: boolean;
  /** Debug build, ASSERT()s checked (default true). */
  readonly debug?: boolean;
  /** Told each System once its setup ran (the golden vectors read its trace's frames). */
  readonly onSystem?: (sys: System) => void;
}

/** The scenario's sequential part failed: the world cannot be built, whatever the schedule. */
export class ScenarioSetupError extends Error {
  override readonly name = 'ScenarioSetupError';
}

/**
 * Whether Xen currently owns its SPMC RX buffer, from the SMCs that move ownership (spmc.md "RX/TX
 * buffers and ownership"): a full PARTITION_INFO_GET hands it to Xen, FFA_RX_RELEASE(0) and
 * FFA_RXTX_UNMAP(0) take it back.
 */
function watchOwnership(fw: Firmware, own: { xenRx: boolean }): Firmware {
  return {
    smc(caller: number, f: Frame): Frame {
      const r = fw.smc(caller, f);
      const fid = w(f, 0);
      if (isSuccess(r)) {
        if (fid === FID.FFA_PARTITION_INFO_GET && (w(f, 5) & 1) === 0) own.xenRx = true;
        else if (fid === FID.FFA_RX_RELEASE && (w(f, 1) & 0xffff) === 0) own.xenRx = false;
        else if (fid === FID.FFA_RXTX_UNMAP && w(f, 1) >>> 16 === 0) own.xenRx = false;
      }
      return r;
    },
  };
}

/** What guests could learn from later calls: each domain's buffer state and held page references. */
function guestView(sys: System): string {
  const parts: string[] = [];
  for (const [domid, d] of sys.xen.domains) {
    const c = d.ctx;
    if (c) parts.push(`d${domid}:pages=${c.pageCount},free=${c.rxIsFree}`);
  }
  parts.push(`refs=${sys.xen.refs.held().map((pa) => `${pa.toString(16)}x${sys.xen.refs.get(pa)}`).join(' ')}`);
  return parts.join(';');
}

function traceLine(e: TraceEvent): string {
  const who = `[${e.vcpu}]`;
  switch (e.kind) {
    case 'phase':
      return `${who} -- ${e.text}`;
    case 'guest-call':
      return `${who} d${e.domid} -> ${frameLabel(e.frame)}`;
    case 'guest-reply':
      return `${who} d${e.domid} <- ${frameLabel(e.frame)}`;
    case 'smc':
      return `${who} smc ${frameLabel(e.frameIn)} = ${frameLabel(e.frameOut)}`;
    case 'lock':
      return `${who} ${e.op}(${e.lock})${e.result === undefined ? '' : ` = ${e.result}`}`;
    case 'access':
      return `${who} ${e.access} ${e.obj}`;
    case 'printk':
      return `${who} (XEN) ${e.level}: ${e.text}`;
  }
}

export function scenarioWorld(s: Scenario, o: WorldOptions): WorldFactory {
  return (): ExploreWorld => {
    const own = { xenRx: false };
    const sys = createSystem({
      revision: o.revision,
      firmware: (mem) => watchOwnership(standardFirmware({ mem }), own),
      fwRxAcquire: s.fwRxAcquire,
      debug: o.debug ?? true,
      trace: o.trace ?? false,
      // Xen's own RX/TX pair is all the heap these paths allocate.
      xenheapPages: 4,
    });
    const setup = runScenario(sys, [{ op: 'boot' }, ...s.setup]);
    if (setup.panic) throw new ScenarioSetupError(`${s.name} on ${o.revision}: setup panicked: ${setup.panic.message}`);
    if (setup.steps[0]?.value !== true) throw new ScenarioSetupError(`${s.name} on ${o.revision}: boot found no usable firmware`);
    o.onSystem?.(sys);
    // The handler is told the scheduler's vCPU number, which is also what locks and SMCs are
    // traced with, so one id names one lane everywhere; the guest's own vCPU number is the label.
    const guestTask = (domid: number, cpu: number, c: { label: string; frame: Frame }) => ({ label: c.label, start: () => sys.guestCall(domid, cpu, c.frame) });
    const epilogueCpu = s.vcpus.length;
    return {
      host: sys.host,
      mem: sys.mem,
      tasks: s.vcpus.map((v, i) => ({ label: `d${v.domid}v${v.vcpu}`, calls: v.calls.map((c) => guestTask(v.domid, i, c)) })),
      ...(s.epilogue ? { epilogue: s.epilogue.map((e) => guestTask(e.domid, epilogueCpu, e.call)) } : {}),
      // The SPMC writes Xen's RX (partition info) and reads Xen's TX (descriptors) inside SMCs.
      smcObjs: ['spmc-rx', 'spmc-tx'],
      checkAccess: (e: AccessEffect) =>
        e.obj === 'spmc-rx' && e.kind === 'read' && !own.xenRx ? 'Xen reads its SPMC RX buffer while the SPMC owns it' : undefined,
      isRetryable: (v: unknown) => isFrame(v) && isError(v) && (getRetCode(v) === RET.BUSY || getRetCode(v) === RET.RETRY),
      guestView: () => guestView(sys),
      trace: () => sys.trace.map(traceLine),
    };
  };
}

/** explore() over one scenario on one revision (tracing off). */
export function exploreScenario(s: Scenario, revision: RevisionName, opts: Omit<ExploreOptions, 'world'> = {}): ExploreResult {
  return explore({ ...opts, world: scenarioWorld(s, { revision }) });
}

/** replay() of a schedule with the mediator's trace kept. */
export function replayScenario(s: Scenario, revision: RevisionName, schedule: string): ReplayResult {
  return replay(scenarioWorld(s, { revision, trace: true }), schedule);
}
