// A scenario as data: boot, domain creation and destruction, guest SMCs and guest memory writes,
// run in order on one System (Xen xen/arch/arm/tee/ driven the way a guest and the toolstack do).
import type { Frame } from '../ffa/frame';
import { XenPanic } from '../sim/effects';
import { SpmcPanic } from '../spmc/errors';
import type { DomainOptions, System } from './system';
import type { TraceEvent } from './trace';

export type Step =
  | { readonly op: 'boot' }
  | { readonly op: 'create'; readonly domid: number; readonly opts?: DomainOptions }
  | { readonly op: 'destroy'; readonly domid: number }
  | { readonly op: 'call'; readonly domid: number; readonly frame: Frame; readonly vcpu?: number; readonly note?: string }
  | { readonly op: 'write'; readonly domid: number; readonly ipa: number; readonly bytes: Uint8Array }
  | { readonly op: 'spmc-destroy' }
  | { readonly op: 'timer' };

export type StepValue = Frame | boolean | number | null;

export interface StepResult {
  readonly index: number;
  readonly step: Step;
  readonly value: StepValue;
  /** Trace events the step produced (empty when tracing is off). */
  readonly events: readonly TraceEvent[];
}

export interface ScenarioResult {
  readonly steps: readonly StepResult[];
  /** The panic that ended the run early (Xen's, or the firmware's), if any. */
  readonly panic: XenPanic | SpmcPanic | null;
}

function runStep(sys: System, s: Step): StepValue {
  switch (s.op) {
    case 'boot':
      return sys.run(sys.boot());
    case 'create':
      return sys.run(sys.createDomain(s.domid, s.opts ?? {}));
    case 'destroy':
      return sys.run(sys.destroyDomain(s.domid));
    case 'call':
      return sys.run(sys.guestCall(s.domid, s.vcpu ?? 0, s.frame), s.vcpu ?? 0);
    case 'write':
      return sys.guestWrite(s.domid, s.ipa, s.bytes);
    case 'spmc-destroy':
      sys.run(sys.spmcDestroy());
      return null;
    case 'timer':
      return sys.run(sys.teardownTimer());
  }
}

/** Run the steps in order; a Xen or SPMC panic ends the run and is reported, other errors propagate. */
export function runScenario(sys: System, steps: readonly Step[]): ScenarioResult {
  const out: StepResult[] = [];
  for (const [index, step] of steps.entries()) {
    const before = sys.trace.length;
    try {
      const value = runStep(sys, step);
      out.push({ index, step, value, events: sys.trace.slice(before) });
    } catch (e) {
      if (!(e instanceof XenPanic) && !(e instanceof SpmcPanic)) throw e;
      out.push({ index, step, value: null, events: sys.trace.slice(before) });
      return { steps: out, panic: e };
    }
  }
  return { steps: out, panic: null };
}

export function stepLabel(s: Step): string {
  switch (s.op) {
    case 'call':
      return s.note ?? `d${s.domid} call`;
    case 'create':
    case 'destroy':
      return `${s.op} d${s.domid}`;
    case 'write':
      return `d${s.domid} writes ${s.bytes.length} bytes at 0x${s.ipa.toString(16)}`;
    default:
      return s.op;
  }
}
