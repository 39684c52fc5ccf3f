// Adapter from the SPMC model's own trace (src/spmc/types.ts SpmcEvent: calls, replies, RX
// ownership transitions, refusals) to a sequence diagram: callers on the left, the SPMC right.
import { FID } from '../ffa/ids';
import { fidOfFrame, frameLabel, type Frame } from '../ffa/frame';
import { replyLabel } from './_labels';
import type { RxState, SpmcEvent } from '../spmc/types';
import type { SeqEvent, SequenceInput } from './sequence-layout';

export interface FromSpmcOptions {
  readonly title: string;
  readonly spmcSub?: string;
  /** Names for callers by FF-A id; default "Xen" for 0 and the hex id otherwise. */
  readonly callerName?: (id: number) => string;
  /** The SPMC's free-text notes (version negotiation and the like), default off. */
  readonly notes?: boolean;
}

const SPMC = 'spmc';

function hex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}

/** RX state in the words of the spec: who may write the buffer now. */
export function ownerWords(s: RxState | undefined, endpoint: string): string {
  if (s === undefined || !s.mapped) return 'unmapped';
  if (s.ownership === 'free') return 'free: SPMC may fill';
  if (s.ownership === 'full') return `full: ${endpoint} owns`;
  return 'acquired: hypervisor owns';
}

export function sequenceFromSpmc(trace: readonly SpmcEvent[], o: FromSpmcOptions): SequenceInput {
  const name = o.callerName ?? ((id: number) => (id === 0 ? 'Xen' : hex(id)));
  const callers: number[] = [];
  const calls = new Map<number, { caller: number; frame: Frame }>();
  const events: SeqEvent[] = [];
  for (const e of trace) {
    switch (e.kind) {
      case 'call':
        if (!callers.includes(e.caller)) callers.push(e.caller);
        calls.set(e.seq, { caller: e.caller, frame: e.frame });
        events.push({ kind: 'message', from: `c${e.caller}`, to: SPMC, label: frameLabel(e.frame), tag: `#${e.seq}` });
        break;
      case 'reply': {
        const c = calls.get(e.seq);
        const style = fidOfFrame(e.frame) === FID.FFA_ERROR ? 'error' : 'reply';
        events.push({ kind: 'message', from: SPMC, to: `c${c?.caller ?? 0}`, label: replyLabel(c?.frame, e.frame), style });
        break;
      }
      case 'rx':
        events.push({ kind: 'note', actor: SPMC, text: `RX of ${hex(e.endpoint)}: ${ownerWords(e.to, hex(e.endpoint))}` });
        break;
      case 'refusal':
        events.push({ kind: 'note', actor: SPMC, text: `refused: ${e.reason}`, tone: 'warn' });
        break;
      case 'injected':
        events.push({ kind: 'note', actor: SPMC, text: `injected: ${e.rule}`, tone: 'warn' });
        break;
      case 'panic':
        events.push({ kind: 'panic', actor: SPMC, text: e.reason });
        break;
      case 'note':
        if (o.notes === true) events.push({ kind: 'note', actor: SPMC, text: e.text });
        break;
    }
  }
  const actors = [
    ...callers.map((id) => ({ id: `c${id}`, label: name(id), sub: `FF-A id ${hex(id)}` })),
    o.spmcSub === undefined ? { id: SPMC, label: 'SPMC' } : { id: SPMC, label: 'SPMC', sub: o.spmcSub },
  ];
  return { title: o.title, actors, events };
}
