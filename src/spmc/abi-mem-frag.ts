// FFA_MEM_FRAG_TX (Arm DEN0077 13.19): w1/w2 = handle, w3 = fragment length, w4[31:16] = sender
// (hypervisor forwarding); the fragment is in the caller's TX. Hafnium api_ffa_mem_frag_tx(),
// TF-A spmc_ffa_mem_frag_tx(), OP-TEE handle_mem_frag_tx(). Each fragment either completes the
// transaction (FFA_SUCCESS with the handle) or asks for more (FFA_MEM_FRAG_RX).
import { RET } from '../ffa/errors';
import type { Frame } from '../ffa/frame';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { completeShare } from './_mem-complete';
import { hex, readBuffer } from './_mem';
import { handleOf, isComplete } from './_shares';
import { fragRx } from './abi-mem-share';

export function ffaMemFragTx(c: Call): Frame {
  const handle = handleOf(c.w(1), c.w(2));
  const len = c.w(3);
  const s = c.m.shares.get(handle);
  if (!s || isComplete(s)) return c.refuse(RET.INVALID_PARAMETERS, `no transaction ${hex(handle)} waiting for fragments`);
  if (s.caller !== c.caller) return c.refuse(RET.INVALID_PARAMETERS, `transaction ${hex(handle)} belongs to another caller`);
  if (len > c.ep.mailbox.pages * PAGE_SIZE) return c.refuse(RET.INVALID_PARAMETERS, `fragment ${len} larger than the TX buffer`);
  if (s.received + len > s.total) return c.refuse(RET.INVALID_PARAMETERS, `fragment ${len} overruns the total length ${s.total}`);
  s.bytes.set(readBuffer(c.m, c.ep, c.ep.mailbox.tx, len), s.received);
  s.received += len;
  return isComplete(s) ? completeShare(c, s) : fragRx(c, s);
}
