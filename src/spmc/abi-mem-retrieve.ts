// FFA_MEM_RETRIEVE_REQ_32/64 and FFA_MEM_RELINQUISH from an SP (Arm DEN0077 13.15/13.17), just
// enough for a borrower to hold a transaction so that FFA_MEM_RECLAIM can be DENIED: the request
// names the handle in the caller's TX; the response (the transaction descriptor, handle filled in)
// goes to the caller's RX, which becomes full (Hafnium src/ffa_memory.c retrieve path, TF-A
// spmc_ffa_mem_retrieve_req()/spmc_ffa_mem_relinquish()). Fragmented retrieves, hypervisor
// retrieves and the borrower's stage-2 mapping are not modelled.
import { decodeMemTransaction } from '../descriptors/memtx';
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { hex, readBuffer, writeBuffer } from './_mem';
import { isComplete } from './_shares';
import { isMapped } from './endpoints';
import { setOwnership } from './rx-state';

export function ffaMemRetrieveReq(c: Call): Frame {
  if (c.caller === 0) return c.refuse(RET.NOT_SUPPORTED, '(model) hypervisor retrieve requests are not modelled');
  const total = c.w(1);
  const frag = c.w(2);
  if (c.x(3) !== 0n || c.w(4) !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'request in a separate buffer is not supported');
  if (!isMapped(c.ep)) return c.refuse(RET.INVALID_PARAMETERS, 'caller has no TX buffer');
  if (frag !== total || total > c.ep.mailbox.pages * PAGE_SIZE)
    return c.refuse(RET.INVALID_PARAMETERS, `retrieve request ${frag}/${total} must be whole and fit the TX buffer`);
  const d = decodeMemTransaction(readBuffer(c.m, c.ep, c.ep.mailbox.tx, total), { version: c.ep.version });
  if (!d.ok) return c.refuse(RET.INVALID_PARAMETERS, `retrieve request: ${d.error.rule} at ${d.error.field}: ${d.error.message}`);
  const s = c.m.shares.get(d.value.handle);
  if (!s || !isComplete(s)) return c.refuse(RET.INVALID_PARAMETERS, `no transaction ${hex(d.value.handle)}`);
  if (!s.receivers.includes(c.caller)) return c.refuse(RET.INVALID_PARAMETERS, `0x${c.caller.toString(16)} is not a receiver of ${hex(s.handle)}`);
  if (s.retrievedBy.has(c.caller)) return c.refuse(RET.DENIED, `${hex(s.handle)} already retrieved by 0x${c.caller.toString(16)}`);
  if (c.ep.mailbox.ownership !== 'free') return c.refuse(RET.BUSY, `RX is ${c.ep.mailbox.ownership}, not EMPTY`);
  if (s.total > c.ep.mailbox.pages * PAGE_SIZE) return c.refuse(RET.NO_MEMORY, '(model) fragmented retrieve responses are not modelled');
  const resp = s.bytes.slice();
  new DataView(resp.buffer).setBigUint64(8, s.handle, true);
  if (!writeBuffer(c.m, c.ep, c.ep.mailbox.rx, resp)) return c.refuse(RET.ABORTED, 'copy into RX faulted');
  setOwnership(c, c.ep, 'full', `FFA_MEM_RETRIEVE_RESP for ${hex(s.handle)}`);
  s.retrievedBy.add(c.caller);
  return c.reply(FID.FFA_MEM_RETRIEVE_RESP, s.total, s.total);
}

/** Relinquish descriptor in TX: u64 handle, u32 flags, u32 endpoint count, u16 endpoint ids. */
export function ffaMemRelinquish(c: Call): Frame {
  if (!isMapped(c.ep)) return c.refuse(RET.INVALID_PARAMETERS, 'caller has no TX buffer');
  const b = readBuffer(c.m, c.ep, c.ep.mailbox.tx, 18);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const handle = v.getBigUint64(0, true);
  const count = v.getUint32(12, true);
  const who = v.getUint16(16, true);
  const s = c.m.shares.get(handle);
  if (!s || !isComplete(s)) return c.refuse(RET.INVALID_PARAMETERS, `no transaction ${hex(handle)}`);
  if (count !== 1 || who !== c.caller) return c.refuse(RET.INVALID_PARAMETERS, 'the relinquish descriptor must name exactly the caller');
  if (!s.retrievedBy.has(c.caller)) return c.refuse(RET.DENIED, `${hex(handle)} is not retrieved by 0x${c.caller.toString(16)}`);
  s.retrievedBy.delete(c.caller);
  c.note(`0x${c.caller.toString(16)} relinquished ${hex(handle)}`);
  return c.reply(FID.FFA_SUCCESS_32);
}
