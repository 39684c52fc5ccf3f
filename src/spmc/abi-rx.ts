// FFA_RX_RELEASE (Arm DEN0077 13.6; w1[15:0] = VM id, hypervisor only) and FFA_RX_ACQUIRE (v1.1
// 13.5; hypervisor only, VM id in w1). Check orders: Hafnium api_ffa_rx_release() +
// api_release_mailbox() and api_ffa_rx_acquire(), TF-A rx_release_handler(), OP-TEE
// spmc_handle_rx_release(). TF-A and OP-TEE do not implement RX_ACQUIRE (never dispatched).
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { findEndpoint, isMapped } from './endpoints';
import { isSecureId } from './partitions';
import { setOwnership } from './rx-state';

// spmc.md says Hafnium answers INVALID_PARAMETERS "when no buffer is registered"; the code
// (api_release_mailbox) looks only at the state, so the NWd releasing a never-filled, unmapped RX
// gets DENIED, which is also what Arm's ACS ffa_rx_release expects. INVALID_PARAMETERS is only
// for an endpoint id nobody knows (spmc-implementations.md §1.3 agrees).
function releaseHafnium(c: Call): Frame {
  const id = c.w(1) & 0xffff;
  if (c.caller !== 0 && id !== 0) return c.refuse(RET.INVALID_PARAMETERS, '`receiver_id` can be set only at the NS physical instance');
  // (obs.) the NWd may name any endpoint here, an SP included: ffa_vm_find_locked() finds it.
  const target = c.caller === 0 && id !== 0 ? id : c.caller;
  const ep = findEndpoint(c.m.eps, target);
  if (!ep) return c.refuse(RET.INVALID_PARAMETERS, `no buffer registered for 0x${target.toString(16)} (not found)`);
  const who = `0x${target.toString(16)}`;
  switch (ep.mailbox.ownership) {
    case 'free':
      return c.refuse(RET.DENIED, `RX of ${who} is already free (EMPTY): nothing to release`);
    case 'acquired':
      if (ep.kind === 'sp') return c.refuse(RET.ABORTED, `RX of SP ${who} in OTHER_WORLD_OWNED (cannot happen)`);
      setOwnership(c, ep, 'free', `FFA_RX_RELEASE(${who}) forwarded by the hypervisor`);
      return c.reply(FID.FFA_SUCCESS_32);
    case 'full':
      // The RX-buffer-full notification check (DENIED while pending) is not modelled.
      setOwnership(c, ep, 'free', id === 0 ? 'FFA_RX_RELEASE' : `FFA_RX_RELEASE(${who})`);
      return c.reply(FID.FFA_SUCCESS_32);
  }
}

function releaseTfa(c: Call): Frame {
  // w1 is ignored: the caller's own mailbox.
  if (c.ep.mailbox.ownership !== 'full') return c.refuse(RET.DENIED, `RX is ${isMapped(c.ep) ? 'already free' : 'not mapped and not full'}`);
  setOwnership(c, c.ep, 'free', 'FFA_RX_RELEASE');
  return c.reply(FID.FFA_SUCCESS_32);
}

function releaseOptee(c: Call): Frame {
  if (!isMapped(c.ep)) return c.refuse(RET.DENIED, 'no RX/TX buffers mapped');
  if (c.ep.mailbox.ownership === 'free') return c.refuse(RET.DENIED, 'RX already owned by the SPMC (tx_is_mine)');
  setOwnership(c, c.ep, 'free', 'FFA_RX_RELEASE');
  return c.reply(FID.FFA_SUCCESS_32);
}

export function ffaRxRelease(c: Call): Frame {
  switch (c.p.family) {
    case 'hafnium':
      return releaseHafnium(c);
    case 'tfa':
      return releaseTfa(c);
    case 'optee':
      return releaseOptee(c);
  }
}

/** Hafnium api_ffa_rx_acquire(). */
export function ffaRxAcquire(c: Call): Frame {
  const id = c.w(1) & 0xffff;
  if (c.caller !== 0 || isSecureId(id)) return c.refuse(RET.NOT_SUPPORTED, 'FFA_RX_ACQUIRE is for the hypervisor, naming a VM');
  const ep = findEndpoint(c.m.eps, id);
  if (!ep) {
    if (c.p.rxAcquireUnknownVm === 'panic') c.panic(`FFA_RX_ACQUIRE for unknown VM 0x${id.toString(16)}: vm_unlock() of a NULL vm (fixed by 67686054)`);
    return c.refuse(RET.INVALID_PARAMETERS, `VM 0x${id.toString(16)} not found (67686054)`);
  }
  if (!isMapped(ep)) return c.refuse(RET.INVALID_PARAMETERS, `0x${id.toString(16)} has no RX buffer mapped`);
  if (ep.mailbox.ownership !== 'free') return c.refuse(RET.DENIED, `RX of 0x${id.toString(16)} is ${ep.mailbox.ownership}, not EMPTY`);
  setOwnership(c, ep, 'acquired', `FFA_RX_ACQUIRE(0x${id.toString(16)})`);
  return c.reply(FID.FFA_SUCCESS_32);
}
