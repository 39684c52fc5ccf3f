// FFA_MEM_SHARE_32/64 and FFA_MEM_LEND_32/64 (Arm DEN0077 13.13/13.14): w1 = total length, w2 =
// fragment length, x3/w4 = buffer address and page count (0/0: the descriptor is in the caller's
// TX). Transport checks per implementation: Hafnium api_ffa_mem_send(), TF-A spmc_ffa_mem_send()
// + spmc_ffa_fill_desc(), OP-TEE handle_mem_op() + handle_mem_op_rxbuf(). The full descriptor is
// checked in _mem-complete.ts once every fragment has arrived (FFA_MEM_FRAG_TX, abi-mem-frag.ts).
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { V1_0 } from '../ffa/version';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { completeShare } from './_mem-complete';
import { hex, readBuffer } from './_mem';
import { addShare, allocHandle, handleWords, type Share } from './_shares';
import { isMapped } from './endpoints';

/** Family-specific checks before the descriptor is read; a refusal frame, or undefined. */
function transport(c: Call, total: number, frag: number): Frame | undefined {
  const addr = c.x(3);
  const pages = c.w(4);
  const txSize = c.ep.mailbox.pages * PAGE_SIZE;
  switch (c.p.family) {
    case 'hafnium':
      if (addr !== 0n || pages !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'descriptor in a separate buffer is not supported');
      if (frag > total) return c.refuse(RET.INVALID_PARAMETERS, `fragment ${frag} > total ${total}`);
      if (!isMapped(c.ep)) return c.refuse(RET.INVALID_PARAMETERS, 'caller has no TX buffer');
      if (frag > (c.ep.version === V1_0 ? Math.min(txSize, PAGE_SIZE) : txSize))
        return c.refuse(RET.INVALID_PARAMETERS, `fragment ${frag} larger than the TX buffer`);
      return undefined;
    case 'tfa':
      if (addr !== 0n || pages !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'custom memory region for the message not supported');
      if (c.caller !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'unsupported share direction (from an SP)');
      if (frag < (c.ep.version === V1_0 ? 32 : 48)) return c.refuse(RET.INVALID_PARAMETERS, `first fragment ${frag} shorter than a header`);
      if (!isMapped(c.ep)) return c.refuse(RET.INVALID_PARAMETERS, 'buffer pair not registered');
      if (frag > txSize) return c.refuse(RET.INVALID_PARAMETERS, `fragment ${frag} larger than the TX buffer`);
      if (frag > total) return c.refuse(RET.INVALID_PARAMETERS, `fragment ${frag} > remaining ${total}`);
      return undefined;
    case 'optee':
      if (c.x(5) !== 0n || c.x(6) !== 0n || c.x(7) !== 0n) return c.refuse(RET.INVALID_PARAMETERS, 'w5-w7 must be zero');
      if (frag > total) return c.refuse(RET.INVALID_PARAMETERS, `fragment ${frag} > total ${total}`);
      if (addr !== 0n) return c.refuse(RET.NOT_SUPPORTED, '(model) descriptor in an endpoint-allocated buffer is not modelled');
      if (pages !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'page count must be 0 with the TX buffer');
      if (!isMapped(c.ep) || frag > txSize) return c.refuse(RET.DENIED, 'no TX buffer, or fragment larger than it');
      if (frag < total)
        // (obs.) since 1ff0a11d2 handle_mem_op_rxbuf() passes (frag_len, tot_len) swapped, so
        // spmc_read_mem_transaction() sees frag_len > tot_len for every fragmented descriptor.
        return c.refuse(RET.INVALID_PARAMETERS, 'fragmented descriptor: lengths reach the parser swapped (1ff0a11d2)');
      return undefined;
  }
}

/** The header and the whole EMAD array must be in the first fragment (every implementation). */
function firstFragmentProblem(bytes: Uint8Array, v10: boolean): string | undefined {
  const hdr = v10 ? 32 : 48;
  if (bytes.length < hdr) return `first fragment ${bytes.length} shorter than the ${hdr}-byte header`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(28, true);
  const size = v10 ? 16 : view.getUint32(24, true);
  const offset = v10 ? 32 : view.getUint32(32, true);
  if (offset + count * size > bytes.length) return `EMAD array (${count} x ${size} at ${offset}) does not fit the first fragment`;
  return undefined;
}

export function ffaMemShare(c: Call): Frame {
  const total = c.w(1);
  const frag = c.w(2);
  const early = transport(c, total, frag);
  if (early) return early;
  const first = readBuffer(c.m, c.ep, c.ep.mailbox.tx, frag);
  const problem = firstFragmentProblem(first, c.ep.version === V1_0 || c.ep.version === 0);
  if (problem) return c.refuse(RET.INVALID_PARAMETERS, problem);
  const handle = allocHandle(c.m);
  if (handle === undefined) return c.refuse(RET.NO_MEMORY, `no free transaction slot (${c.p.maxShares})`);
  const bytes = new Uint8Array(total);
  bytes.set(first);
  const sender = new DataView(first.buffer, first.byteOffset).getUint16(0, true);
  const share: Share = { handle, fid: c.fid, sender, caller: c.caller, total, bytes, received: frag, receivers: [], ranges: [], retrievedBy: new Set() };
  if (frag === total) return completeShare(c, share);
  addShare(c.m, share);
  c.note(`transaction ${hex(handle)} waits for ${total - frag} more bytes (FFA_MEM_FRAG_TX)`);
  return fragRx(c, share);
}

/** FFA_MEM_FRAG_RX: handle in w1/w2, bytes received so far in w3, sender in w4[31:16]. */
export function fragRx(c: Call, s: Share): Frame {
  const [lo, hi] = handleWords(s.handle);
  return c.p.family === 'optee' ? c.reply(FID.FFA_MEM_FRAG_RX, lo, hi, s.received) : c.reply(FID.FFA_MEM_FRAG_RX, lo, hi, s.received, s.sender << 16, 0, 0, 0);
}
