// Validating a whole memory transaction descriptor once every fragment is in (Arm DEN0077 v1.1
// "Memory transaction descriptor", 5.11/5.12): the byte rules come from the shared codec
// (src/descriptors), the endpoint and memory rules from Hafnium ffa_memory_send_validate() and
// the NWd memory view (src/ffa_memory.c, other_world.c), TF-A spmc_shmem_check_obj().
import { decodeMemTransaction } from '../descriptors/memtx';
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { V1_0 } from '../ffa/version';
import type { Call } from './_ctx';
import { addrOf, firstNonNsPage, hex, isAligned, mailboxUsing } from './_mem';
import { addShare, handleWords, shareUsing, type Share, type ShareRange } from './_shares';
import { isSecureId } from './partitions';

type Checked =
  | { readonly ok: true; readonly receivers: number[]; readonly ranges: ShareRange[] }
  | { readonly ok: false; readonly code: number; readonly why: string };

function check(c: Call, s: Share): Checked {
  const refuse = (code: number, why: string): Checked => ({ ok: false, code, why });
  const version = c.ep.version === 0 ? V1_0 : c.ep.version;
  const d = decodeMemTransaction(s.bytes, { version });
  if (!d.ok) return refuse(RET.INVALID_PARAMETERS, `memory transaction descriptor: ${d.error.rule} at ${d.error.field} (+${d.error.offset}): ${d.error.message}`);
  const tx = d.value;
  if (c.caller !== 0 && tx.senderId !== c.caller) return refuse(RET.INVALID_PARAMETERS, `sender 0x${tx.senderId.toString(16)} is not the caller`);
  if (c.caller === 0 && isSecureId(tx.senderId))
    return refuse(c.p.family === 'tfa' ? RET.DENIED : RET.INVALID_PARAMETERS, `sender 0x${tx.senderId.toString(16)} is a secure endpoint`);
  if (tx.receivers.length === 0) return refuse(RET.INVALID_PARAMETERS, 'no receivers');
  const receivers: number[] = [];
  for (const r of tx.receivers) {
    const id = r.access.endpointId;
    if (id === tx.senderId) return refuse(RET.INVALID_PARAMETERS, 'sender is also a receiver');
    if (!c.m.eps.sps.has(id)) return refuse(RET.INVALID_PARAMETERS, `receiver 0x${id.toString(16)} is not a partition of this SPMC`);
    receivers.push(id);
  }
  if (!tx.region) return refuse(RET.INVALID_PARAMETERS, 'no composite memory region');
  const ranges: ShareRange[] = [];
  for (const r of tx.region.ranges) {
    const pa = addrOf(r.address);
    if (pa === undefined || !isAligned(r.address)) return refuse(RET.INVALID_PARAMETERS, `range ${hex(r.address)} not page aligned`);
    const notNs = firstNonNsPage(c.m.mem, pa, r.pageCount);
    if (notNs !== undefined) return refuse(RET.DENIED, `page ${hex(notNs)} is not normal-world memory the SPMC knows`);
    const rxtx = mailboxUsing(c.m, pa, r.pageCount);
    if (rxtx) return refuse(RET.DENIED, `range ${hex(pa)} holds RX/TX buffers of 0x${rxtx.id.toString(16)} (not shareable while mapped)`);
    const other = shareUsing(c.m, pa, r.pageCount);
    if (other && other !== s) return refuse(RET.DENIED, `range ${hex(pa)} is already in transaction ${hex(other.handle)}`);
    ranges.push({ pa, pages: r.pageCount });
  }
  return { ok: true, receivers, ranges };
}

/** Finish a transaction: validate it, then answer FFA_SUCCESS with the handle, or drop it. */
export function completeShare(c: Call, s: Share): Frame {
  const r = check(c, s);
  const counter = c.p.handles.kind === 'counter';
  if (!r.ok) {
    const pending = c.m.shares.delete(s.handle);
    // TF-A takes next_handle++ for the first fragment, before spmc_shmem_check_obj() can fail.
    if (counter && !pending) c.m.nextHandle += 1n;
    const mutates = pending
      ? 'the pending fragmented transaction is dropped'
      : counter
        ? 'next_handle was already advanced for this descriptor'
        : undefined;
    return c.refuse(r.code, r.why, mutates);
  }
  s.receivers = r.receivers;
  s.ranges = r.ranges;
  if (!c.m.shares.has(s.handle)) addShare(c.m, s);
  c.note(`transaction ${hex(s.handle)}: ${s.ranges.length} range(s) from 0x${s.sender.toString(16)} to ${s.receivers.map((x) => hex(x)).join(',')}`);
  const [lo, hi] = handleWords(s.handle);
  return c.p.family === 'tfa' ? c.reply(FID.FFA_SUCCESS_32, 0, lo, hi, 0, 0, 0, 0) : c.reply(FID.FFA_SUCCESS_32, 0, lo, hi);
}
