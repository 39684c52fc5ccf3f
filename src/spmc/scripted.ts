// Arm DEN0077 FF-A at the NS physical instance, as a scripted firmware: replies come from a queue
// of expected calls and from per-function responders, and every SMC is recorded with its frames.
// Same shape as the SPMC model (smc(caller, frame): Frame), for golden mediator vectors.
import { errorFrame, frameLabel, fidOfFrame, type Frame } from '../ffa/frame';
import { fidName, type FidName } from '../ffa/ids';
import { RET } from '../ffa/errors';
import type { PhysMem } from '../sim/memory';

export interface SmcRecord {
  readonly index: number;
  readonly caller: number;
  readonly frameIn: Frame;
  readonly frameOut: Frame;
  /** Which rule answered: 'queue', 'handler' or 'fallback'. */
  readonly by: 'queue' | 'handler' | 'fallback';
}

export interface ScriptContext {
  readonly caller: number;
  /** Index of this SMC among all recorded ones. */
  readonly index: number;
  readonly mem: PhysMem | undefined;
}

export type Responder = (frame: Frame, ctx: ScriptContext) => Frame;

/** One expected call: the function it must be (when given) and the reply. */
export interface ScriptStep {
  readonly expect?: FidName;
  readonly reply: Frame | Responder;
}

export interface ScriptedOptions {
  readonly handlers?: Partial<Record<FidName, Responder>>;
  readonly queue?: readonly ScriptStep[];
  /** For calls nothing else answers; default FFA_ERROR(NOT_SUPPORTED). */
  readonly fallback?: Responder;
  readonly mem?: PhysMem;
}

/** The next queued step expected another function than the one called. */
export class ScriptMismatchError extends Error {
  override readonly name = 'ScriptMismatchError';
  constructor(
    readonly index: number,
    readonly expected: FidName,
    readonly got: Frame,
  ) {
    super(`SMC #${index}: script expects ${expected}, got ${frameLabel(got)}`);
  }
}

const NOT_SUPPORTED: Responder = () => errorFrame(RET.NOT_SUPPORTED);

export class ScriptedFirmware {
  readonly calls: SmcRecord[] = [];
  private readonly queue: ScriptStep[];
  private readonly handlers: Partial<Record<FidName, Responder>>;
  private readonly fallback: Responder;
  readonly mem: PhysMem | undefined;

  constructor(opts: ScriptedOptions = {}) {
    this.queue = [...(opts.queue ?? [])];
    this.handlers = { ...(opts.handlers ?? {}) };
    this.fallback = opts.fallback ?? NOT_SUPPORTED;
    this.mem = opts.mem;
  }

  /** Queue more expected calls (answered before any handler). */
  push(...steps: ScriptStep[]): void {
    this.queue.push(...steps);
  }

  /** Replace or add the responder of one function. */
  on(name: FidName, r: Responder): void {
    this.handlers[name] = r;
  }

  /** The responder of one function, e.g. to wrap it. */
  handler(name: FidName): Responder | undefined {
    return this.handlers[name];
  }

  get pending(): number {
    return this.queue.length;
  }

  smc(caller: number, frame: Frame): Frame {
    const index = this.calls.length;
    const ctx: ScriptContext = { caller, index, mem: this.mem };
    const name = fidName(fidOfFrame(frame));
    const step = this.queue.shift();
    let out: Frame;
    let by: SmcRecord['by'];
    if (step) {
      if (step.expect !== undefined && step.expect !== name) throw new ScriptMismatchError(index, step.expect, frame);
      out = typeof step.reply === 'function' ? step.reply(frame, ctx) : step.reply;
      by = 'queue';
    } else {
      const h = name === undefined ? undefined : this.handlers[name];
      out = (h ?? this.fallback)(frame, ctx);
      by = h ? 'handler' : 'fallback';
    }
    this.calls.push({ index, caller, frameIn: frame, frameOut: out, by });
    return out;
  }
}
