// FFA_RXTX_UNMAP (Arm DEN0077 13.8): w1[31:16] = the endpoint whose pair to unmap (only the
// hypervisor at the NS physical instance may name a VM; everybody else passes 0). Check orders:
// Hafnium api_ffa_rxtx_unmap(), TF-A rxtx_unmap_handler(), OP-TEE spmc_handle_rxtx_unmap(). None
// of them looks at RX ownership or resets it: a later map inherits the state (OP-TEE resets on map).
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { hex } from './_mem';
import { findEndpoint, freeVmSlotIfUnused, isMapped, type Endpoint } from './endpoints';
import { isSecureId } from './partitions';
import { unmapMailbox } from './rx-state';

function unmapHafnium(c: Call): Frame {
  const id = (c.w(1) >>> 16) & 0xffff;
  // 9bd324a4: the NWd may not unmap an SP's buffers through w1.
  if (c.caller === 0 && isSecureId(id)) return c.refuse(RET.INVALID_PARAMETERS, `w1 names SP 0x${id.toString(16)}`);
  if (c.caller !== 0 && id !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'w1[31:16] must be 0 at a virtual FF-A instance');
  const owner = id !== 0 ? id : c.caller;
  const ep = findEndpoint(c.m.eps, owner);
  if (!ep) return c.refuse(RET.INVALID_PARAMETERS, `no endpoint 0x${owner.toString(16)} known`);
  if (!isMapped(ep)) return c.refuse(RET.INVALID_PARAMETERS, `0x${owner.toString(16)} has no buffer pair registered`);
  return unmap(c, ep, owner === c.caller ? 'FFA_RXTX_UNMAP' : `FFA_RXTX_UNMAP for VM 0x${owner.toString(16)}`);
}

function unmapTfa(c: Call): Frame {
  if (c.x(1) !== 0n) return c.refuse(RET.INVALID_PARAMETERS, `x1 ${hex(c.x(1))}: unmapping on behalf of a VM is not supported`);
  if (!isMapped(c.ep)) return c.refuse(RET.INVALID_PARAMETERS, 'no buffers mapped');
  return unmap(c, c.ep, 'FFA_RXTX_UNMAP');
}

function unmapOptee(c: Call): Frame {
  // w1 is not looked at.
  if (!isMapped(c.ep)) return c.refuse(RET.INVALID_PARAMETERS, 'no buffers mapped');
  return unmap(c, c.ep, 'FFA_RXTX_UNMAP');
}

function unmap(c: Call, ep: Endpoint, cause: string): Frame {
  if (ep.mailbox.ownership !== 'free') c.note(`unmapping while RX is ${ep.mailbox.ownership}: no SPMC checks ownership here`);
  unmapMailbox(c, ep, cause);
  const vmId = ep.id;
  if (freeVmSlotIfUnused(ep)) c.note(`nwd_vms slot of VM 0x${vmId.toString(16)} freed (its RX state stays in the slot)`);
  return c.reply(FID.FFA_SUCCESS_32);
}

export function ffaRxtxUnmap(c: Call): Frame {
  switch (c.p.family) {
    case 'hafnium':
      return unmapHafnium(c);
    case 'tfa':
      return unmapTfa(c);
    case 'optee':
      return unmapOptee(c);
  }
}
