// The machine the notebooks run: Xen's FF-A mediator at one revision (src/mediator) in front of the
// SPMC model (src/spmc), booted, with guests created, plus the few calls a narrative needs and the
// pictures of what just happened. Thin on purpose: a notebook should show the library, not this.
import { FID } from '../ffa/ids';
import { callFrame, type Frame } from '../ffa/frame';
import type { PhysMem } from '../sim/memory';
import { Spmc } from '../spmc/spmc';
import { DEFAULT_PARTITIONS } from '../spmc/partitions';
import type { PersonalityName } from '../spmc/personality';
import { createSystem, LAYOUT, runGuest, type System } from '../mediator/system';
import { REVISIONS } from '../mediator/revisions/index';
import type { RevisionName, SwitchName } from '../mediator/revisions/switches';
import type { RxAcquireSetting } from '../mediator/probe';
import type { TraceEvent } from '../mediator/trace';
import { sequenceFromTrace, type FromTraceOptions } from './from-trace';
import { sequenceSvg } from './sequence-svg';
import type { SeqEvent } from './sequence-layout';
import { smcDumps, smcDumpsHtml } from './smc-dumps';

export const SECURE_BASE = 0xf000_0000;

export interface LabOptions {
  readonly revision: RevisionName;
  readonly personality?: PersonalityName;
  /** Domains to create after boot (default [1]). */
  readonly guests?: readonly number[];
  readonly rxAcquire?: RxAcquireSetting;
  readonly debug?: boolean;
  /** Arm SPMC fault injections before boot (e.g. to fail the boot-time GET). */
  readonly beforeBoot?: (spmc: Spmc) => void;
}

export interface Lab {
  readonly sys: System;
  readonly spmc: Spmc;
  readonly revision: RevisionName;
  readonly booted: boolean;
  /** The trace length now: pictures of "what happens next" start here. */
  mark(): number;
  /** One guest call, run to completion on one vCPU. */
  call(domid: number, frame: Frame, vcpu?: number): Frame;
  /** FFA_VERSION then FFA_RXTX_MAP_64 of the guest's first two RAM pages (TX, then RX). */
  mapBuffers(domid: number, version?: number): Frame;
  /** Events since `from`. */
  since(from: number): readonly TraceEvent[];
}

/** A guest's TX and RX addresses (IPAs) as mapBuffers() registers them. */
export function guestBuffers(): { readonly tx: number; readonly rx: number } {
  return { tx: LAYOUT.guestIpaBase, rx: LAYOUT.guestIpaBase + 0x1000 };
}

export function lab(o: LabOptions): Lab {
  let spmc: Spmc | undefined;
  const firmware = (mem: PhysMem): Spmc => {
    if (!mem.has(SECURE_BASE)) mem.addRegion(SECURE_BASE, 4, 'secure', 'sp');
    spmc = new Spmc({ mem, personality: o.personality ?? 'hafnium-v2.14', partitions: DEFAULT_PARTITIONS });
    o.beforeBoot?.(spmc);
    return spmc;
  };
  const sys = createSystem({ revision: o.revision, firmware, debug: o.debug ?? true, ...(o.rxAcquire === undefined ? {} : { fwRxAcquire: o.rxAcquire }) });
  const booted = sys.run(sys.boot());
  for (const d of o.guests ?? [1]) sys.run(sys.createDomain(d));
  const model = spmc as Spmc;
  const call = (domid: number, frame: Frame, vcpu = 0): Frame => runGuest(sys, domid, frame, vcpu);
  return {
    sys,
    spmc: model,
    revision: o.revision,
    booted,
    mark: () => sys.trace.length,
    call,
    mapBuffers: (domid, version = 0x10001) => {
      call(domid, callFrame(FID.FFA_VERSION, version));
      const b = guestBuffers();
      return call(domid, callFrame(FID.FFA_RXTX_MAP_64, b.tx, b.rx, 1));
    },
    since: (from) => sys.trace.slice(from),
  };
}

/**
 * The sequence diagram of the trace from `from` on (boot and earlier calls left out). `end` adds
 * rows after the trace, e.g. the panic that stopped the run (a panic is thrown, not traced).
 */
export function labDiagram(l: Lab, from: number, title: string, o: Partial<FromTraceOptions> = {}, end: readonly SeqEvent[] = []): string {
  const seq = sequenceFromTrace(l.sys.trace, { xenSub: `revision ${l.revision}`, spmcSub: l.spmc.personality.name, ...o, title, fromSeq: from });
  return sequenceSvg({ ...seq, events: [...seq.events, ...end] });
}

/** Hex dumps of the descriptors that crossed Xen's buffers from `from` on, tagged like the diagram. */
export function labDumps(l: Lab, from: number): string {
  return smcDumpsHtml(smcDumps(l.sys.trace).filter((d) => d.seq >= from));
}

/**
 * The switches where two revision profiles differ, as [switch, from, to, source of `to`] rows.
 * Lists (the probed ABIs) are shown as what was removed and added.
 */
export function revisionDelta(from: RevisionName, to: RevisionName): string[][] {
  const a = REVISIONS[from];
  const b = REVISIONS[to];
  const keys = Object.keys(b.switches) as SwitchName[];
  const show = (x: unknown, y: unknown): [string, string] => {
    if (!Array.isArray(x) || !Array.isArray(y)) return [JSON.stringify(x), JSON.stringify(y)];
    const gone = x.filter((v) => !y.includes(v));
    const added = y.filter((v) => !x.includes(v));
    return [gone.length === 0 ? '−nothing' : `−${gone.join(', −')}`, added.length === 0 ? '+nothing' : `+${added.join(', +')}`];
  };
  return keys
    .filter((k) => JSON.stringify(a.switches[k]) !== JSON.stringify(b.switches[k]))
    .map((k) => [k, ...show(a.switches[k], b.switches[k]), b.sources[k]]);
}
