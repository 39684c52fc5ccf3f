// Encoder of the memory transaction descriptor (Arm DEN0077 "Memory transaction descriptor";
// placement as Linux ffa_setup_and_transmit, Hafnium's builder and Xen share_shm use it: header,
// EMAD array right after it, one composite shared by every receiver right after the array).
import { V1_1, V1_2, type FfaVersion } from '../ffa/version';
import { ADDRESS_RANGE_SIZE, checkComposite, COMPOSITE_HEADER_SIZE, writeComposite } from './_composite';
import { checkReceiver, writeEmad, type EmadSize } from './_emad';
import { checkU64, checkUint, encoded, encodeFail, firstProblem, U16_MAX, U32_MAX } from './_result';
import { Writer } from './_writer';
import type { Encoded, MemTransaction } from './types';

export const MEMTX_HEADER_SIZE_1_0 = 32;
export const MEMTX_HEADER_SIZE_1_1 = 48;

export interface MemTxLayout {
  readonly headerSize: number;
  readonly emadOffset: number;
  readonly emadSize: EmadSize;
  /** 0 when there is no composite (EMADs by handle). */
  readonly regionOffset: number;
  readonly rangesOffset: number;
  /** tot_len: one past the last range. */
  readonly length: number;
}

/** v1.0 is the 32-byte header with 16-byte EMADs; v1.1 the 48-byte header; v1.2+ adds 32-byte EMADs. */
export function isV10Layout(version: FfaVersion): boolean {
  return version < V1_1;
}

export function defaultEmadSize(version: FfaVersion): EmadSize {
  return version >= V1_2 ? 32 : 16;
}

/**
 * Offsets of a transaction with `receivers` EMADs and one composite of `ranges` ranges
 * (ranges < 0: no composite). Xen's MEM_ACCESS_OFFSET/REGION_OFFSET/ADDR_RANGE_OFFSET are the
 * v1.1 case of this.
 */
export function memTransactionLayout(version: FfaVersion, receivers: number, ranges: number, emadSize?: EmadSize): MemTxLayout {
  const headerSize = isV10Layout(version) ? MEMTX_HEADER_SIZE_1_0 : MEMTX_HEADER_SIZE_1_1;
  const size = emadSize ?? defaultEmadSize(version);
  const emadEnd = headerSize + receivers * size;
  const regionOffset = ranges < 0 ? 0 : emadEnd;
  const rangesOffset = ranges < 0 ? emadEnd : emadEnd + COMPOSITE_HEADER_SIZE;
  const length = ranges < 0 ? emadEnd : rangesOffset + ranges * ADDRESS_RANGE_SIZE;
  return { headerSize, emadOffset: headerSize, emadSize: size, regionOffset, rangesOffset, length };
}

/**
 * Refuses values that do not fit their fields, an emadSize for v1.0 (no field carries it), and
 * impdef values in 16-byte EMADs; it writes what the spec forbids (0 receivers, a wrong total)
 * so that negative vectors can be built with it.
 */
export function encodeMemTransactionBytes(d: MemTransaction, version: FfaVersion, emadSize?: EmadSize): Encoded {
  const v10 = isV10Layout(version);
  if (v10 && emadSize !== undefined && emadSize !== 16) return encodeFail('mem_access_size', 'v1.0 EMADs are 16 bytes');
  const layout = memTransactionLayout(version, d.receivers.length, d.region === null ? -1 : d.region.ranges.length, emadSize);
  const problem = firstProblem([
    checkUint('sender_id', d.senderId, U16_MAX),
    checkUint('mem_reg_attr', d.attributes, v10 ? 0xff : U16_MAX),
    checkUint('flags', d.flags, U32_MAX),
    checkU64('handle', d.handle),
    checkU64('tag', d.tag),
    checkUint('mem_access_count', d.receivers.length, U32_MAX),
    ...d.receivers.map((x, i) => checkReceiver(`emads[${i}]`, x, layout.emadSize)),
    d.region === null ? undefined : checkComposite('composite', d.region),
  ]);
  if (problem !== undefined) return { ok: false, error: problem };
  if (layout.length > U32_MAX) return encodeFail('mem_access_count', 'the descriptor would not fit 32-bit offsets');
  const w = new Writer(new Uint8Array(layout.length));
  w.u16(0, d.senderId);
  if (v10) {
    w.u8(2, d.attributes);
  } else {
    w.u16(2, d.attributes);
  }
  w.u32(4, d.flags);
  w.u64(8, d.handle);
  w.u64(16, d.tag);
  w.u32(24, v10 ? 0 : layout.emadSize);
  w.u32(28, d.receivers.length);
  if (!v10) w.u32(32, layout.emadOffset);
  d.receivers.forEach((x, i) => writeEmad(w, layout.emadOffset + i * layout.emadSize, x, layout.regionOffset, layout.emadSize));
  if (d.region !== null) writeComposite(w, layout.regionOffset, d.region);
  return encoded(w.bytes);
}
