// Display labels for effects and call results of modelled Xen code, for traces and diagrams.
import { FRAME_REGS, frameLabel, type Frame } from '../ffa/frame';
import type { Effect } from './effects';

/** A value shaped like an SMCCC register frame (18 bigints). */
export function isFrame(v: unknown): v is Frame {
  return Array.isArray(v) && v.length === FRAME_REGS && v.every((r) => typeof r === 'bigint');
}

/** A call result as a short string: frames by their FF-A label, everything else plainly. */
export function valueLabel(v: unknown): string {
  if (isFrame(v)) return frameLabel(v);
  if (typeof v === 'bigint') return `0x${v.toString(16)}`;
  if (v === undefined) return 'void';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return Object.prototype.toString.call(v);
}

/** "spin_lock(ffa_spmc_rx_lock)", "write d1.rx (partinfo copy)", "smc FFA_RX_RELEASE() -> FFA_SUCCESS_32()". */
export function effectLabel(e: Effect, result: unknown): string {
  switch (e.op) {
    case 'access':
      return `${e.kind} ${e.obj}${e.note === undefined ? '' : ` (${e.note})`}`;
    case 'smc':
      return `smc ${frameLabel(e.frame)} -> ${valueLabel(result)}`;
    case 'spin_trylock':
    case 'spin_is_locked':
      return `${e.op}(${e.lock.name}) = ${String(result)}`;
    default:
      return `${e.op}(${e.lock.name})`;
  }
}
