// FFA_MEM_RECLAIM (Arm DEN0077 13.18): handle in w1 (low) / w2 (high), flags in w3. Unknown
// handle -> INVALID_PARAMETERS; still retrieved by a borrower -> DENIED (Hafnium
// api_ffa_mem_reclaim(), TF-A spmc_ffa_mem_reclaim(), OP-TEE handle_mem_reclaim()).
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { hex } from './_mem';
import { handleOf, isComplete } from './_shares';
import { isSecureId } from './partitions';

export function ffaMemReclaim(c: Call): Frame {
  if (c.p.family === 'optee' && (c.x(3) | c.x(4) | c.x(5) | c.x(6) | c.x(7)) !== 0n)
    return c.refuse(RET.INVALID_PARAMETERS, 'w3-w7 must be zero');
  const handle = handleOf(c.w(1), c.w(2));
  const s = c.m.shares.get(handle);
  if (!s || !isComplete(s)) return c.refuse(RET.INVALID_PARAMETERS, `no transaction ${hex(handle)}`);
  // The owner reclaims: the SP that shared it, or the normal world for any NWd sender.
  const owner = isSecureId(s.sender) ? s.sender : 0;
  if (owner !== c.caller) return c.refuse(RET.INVALID_PARAMETERS, `transaction ${hex(handle)} is not the caller's to reclaim`);
  if (s.retrievedBy.size > 0)
    return c.refuse(RET.DENIED, `still retrieved by ${[...s.retrievedBy].map((x) => hex(x)).join(',')}`);
  c.m.shares.delete(handle);
  c.note(`transaction ${hex(handle)} reclaimed`);
  return c.reply(FID.FFA_SUCCESS_32);
}
