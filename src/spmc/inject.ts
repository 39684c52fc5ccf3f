// Fault injection for the SPMC model: make any ABI answer a chosen FF-A error or reply frame,
// once, n times or always, so the mediator's error paths (Xen's handling of every SPMC refusal,
// Arm DEN0077 FFA_ERROR codes) can be driven without building the state that causes them.
import { RET } from '../ffa/errors';
import { errorFrame, type Frame } from '../ffa/frame';
import { fidLabel } from '../ffa/ids';
import type { FaultInjection, InjectedReply } from './types';

interface Armed {
  readonly rule: FaultInjection;
  readonly label: string;
  left: number | 'always';
}

export function injectedFrame(r: InjectedReply): Frame {
  if ('frame' in r) return r.frame;
  return errorFrame(typeof r.error === 'number' ? r.error : RET[r.error]);
}

function matches(rule: FaultInjection, caller: number, f: Frame): boolean {
  if (Number((f[0] ?? 0n) & 0xffffffffn) !== rule.fid >>> 0) return false;
  if (rule.caller !== undefined && rule.caller !== caller) return false;
  for (const [k, v] of Object.entries(rule.args ?? {})) if ((f[Number(k)] ?? 0n) !== BigInt(v)) return false;
  return true;
}

export class Injections {
  private readonly armed: Armed[] = [];

  add(rule: FaultInjection): void {
    const times = rule.times ?? 1;
    if (times !== 'always' && (!Number.isInteger(times) || times < 1)) throw new RangeError(`inject: times ${times}`);
    const reply = 'frame' in rule.reply ? 'a given frame' : `FFA_ERROR(${String(rule.reply.error)})`;
    this.armed.push({ rule, left: times, label: rule.label ?? `${fidLabel(rule.fid)} -> ${reply} (${rule.mode ?? 'instead'})` });
  }

  get size(): number {
    return this.armed.length;
  }

  clear(): void {
    this.armed.length = 0;
  }

  /** The first armed rule of this mode matching the call; one use is consumed. */
  take(mode: 'instead' | 'after', caller: number, f: Frame): { readonly frame: Frame; readonly label: string } | undefined {
    const i = this.armed.findIndex((a) => (a.rule.mode ?? 'instead') === mode && matches(a.rule, caller, f));
    if (i < 0) return undefined;
    const a = this.armed[i]!;
    if (a.left !== 'always' && --a.left === 0) this.armed.splice(i, 1);
    return { frame: injectedFrame(a.rule.reply), label: a.label };
  }
}
