// Encoder of the endpoint RX/TX descriptor (Arm DEN0077 v1.1 "Endpoint RX/TX descriptor"; what
// Xen's ffa_handle_rxtx_map writes into its TX buffer before a forwarded FFA_RXTX_MAP_64).
import { checkComposite, compositeSize, writeComposite } from './_composite';
import { checkUint, encoded, encodeFail, firstProblem, U16_MAX, u32Span } from './_result';
import { Writer } from './_writer';
import type { EndpointRxtxDescriptor, Encoded, RxtxForm, RxtxLayout } from './types';

export const RXTX_HEADER_SIZE = 12;
export const RXTX_ALIGNMENT = 8;

/** Where the RX composite starts: right after the 12-byte header (old Xen), or after a 4-byte pad. */
export function rxtxHeaderEnd(layout: RxtxLayout): number {
  return layout === 'xen-12-44' ? RXTX_HEADER_SIZE : RXTX_HEADER_SIZE + 4;
}

/**
 * Encode into `target` (null: a fresh zeroed buffer of the exact size). Only the bytes the
 * descriptor defines are written. Refuses values that do not fit their fields; it does not refuse
 * what the spec forbids (a 0-page range, a wrong total), so negative vectors can be built with it.
 */
export function encodeEndpointRxtxInto(
  target: Uint8Array | null,
  d: EndpointRxtxDescriptor,
  opts: { readonly layout: RxtxLayout; readonly form?: RxtxForm },
): Encoded {
  const problem = firstProblem([
    checkUint('sender_id', d.senderId, U16_MAX), checkComposite('rx', d.rx), checkComposite('tx', d.tx),
  ]);
  if (problem !== undefined) return { ok: false, error: problem };
  const rxOffset = rxtxHeaderEnd(opts.layout);
  const txOffset = rxOffset + compositeSize(d.rx.ranges.length);
  const end = u32Span(txOffset + 16, d.tx.ranges.length, 16);
  if (end === undefined) return encodeFail('tx.address_range_count', 'the descriptor would not fit 32-bit offsets');
  const out = target ?? new Uint8Array(end);
  if (out.length < end) return encodeFail('target', `the descriptor needs ${end} bytes, the target has ${out.length}`);
  const w = new Writer(out);
  const v10 = opts.form === 'v1.0';
  w.u16(0, d.senderId);
  w.u16(2, 0);
  w.u32(4, v10 ? d.rx.ranges.length : rxOffset);
  w.u32(8, v10 ? d.tx.ranges.length : txOffset);
  writeComposite(w, rxOffset, d.rx);
  writeComposite(w, txOffset, d.tx);
  return encoded(out.subarray(0, end));
}
