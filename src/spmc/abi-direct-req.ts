// FFA_MSG_SEND_DIRECT_REQ_32/64 to an SP (Arm DEN0077 13.23; v1.2 VM availability framework
// messages 18.3). Checks in Hafnium's order: api_ffa_msg_send_direct_req(),
// ffa_direct_msg_is_direct_request_valid(), check_vm_availability_message() and
// ffa_direct_msg_is_direct_request_supported() (src/api.c, src/ffa/spmc/direct_messaging.c); the
// other SPMCs are modelled with the same rules (obs.). The SP answers at once: it echoes a
// partition message's payload, and acknowledges VM created/destroyed with status 0.
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { hex } from './_mem';
import { PROP, isSecureId } from './partitions';

export const FRAMEWORK_BIT = 0x80000000;
export const VM_CREATED = 4;
export const VM_DESTROYED = 6;

function respFid(c: Call): number {
  return c.fid === FID.FFA_MSG_SEND_DIRECT_REQ_64 ? FID.FFA_MSG_SEND_DIRECT_RESP_64 : FID.FFA_MSG_SEND_DIRECT_RESP_32;
}

function framework(c: Call, sender: number, receiver: number, msg: number): Frame {
  if (msg !== VM_CREATED && msg !== VM_DESTROYED) return c.refuse(RET.INVALID_PARAMETERS, `framework message ${msg} is not handled`);
  if (c.caller !== 0 || sender !== 0) return c.refuse(RET.INVALID_PARAMETERS, 'VM availability messages come from the hypervisor (sender 0)');
  const sp = c.m.eps.sps.get(receiver);
  if (!sp?.sp) return c.refuse(RET.INVALID_PARAMETERS, `could not find SP ${hex(receiver)}`);
  const bit = msg === VM_CREATED ? PROP.VM_CREATED : PROP.VM_DESTROYED;
  if ((sp.sp.properties & bit) === 0)
    return c.refuse(RET.INVALID_PARAMETERS, `SP ${hex(receiver)} is not subscribed to VM ${msg === VM_CREATED ? 'creation' : 'destruction'} messages`);
  const vm = c.w(5) & 0xffff;
  if (msg === VM_CREATED) sp.knownVms.add(vm);
  else sp.knownVms.delete(vm);
  c.note(`SP ${hex(receiver)} told VM ${hex(vm)} was ${msg === VM_CREATED ? 'created' : 'destroyed'}`);
  return c.reply(respFid(c), ((receiver << 16) | sender) >>> 0, (FRAMEWORK_BIT | (msg + 1)) >>> 0, 0);
}

export function ffaDirectReq(c: Call): Frame {
  const w1 = c.w(1);
  const sender = w1 >>> 16;
  const receiver = w1 & 0xffff;
  const flags = c.x(2);
  const isFramework = (flags & BigInt(FRAMEWORK_BIT)) !== 0n;
  if (!isFramework && flags !== 0n) return c.refuse(RET.INVALID_PARAMETERS, `w2 ${hex(flags)} must be zero for a partition message`);
  if (isFramework) return framework(c, sender, receiver, Number(flags & 0xffn));
  const senderOk = sender === c.caller || (c.caller === 0 && !isSecureId(sender));
  if (sender === receiver || !isSecureId(receiver) || !senderOk)
    return c.refuse(RET.INVALID_PARAMETERS, `invalid direct request ${hex(sender)} -> ${hex(receiver)} from caller ${hex(c.caller)}`);
  const target = c.m.eps.sps.get(receiver);
  if (!target?.sp) return c.refuse(RET.INVALID_PARAMETERS, `no receiver ${hex(receiver)}`);
  if (c.caller !== 0 && ((c.ep.sp?.properties ?? 0) & PROP.DIRECT_REQ_SEND) === 0)
    return c.refuse(RET.DENIED, `SP ${hex(c.caller)} may not send direct requests`);
  if ((target.sp.properties & PROP.DIRECT_REQ_RECV) === 0) return c.refuse(RET.DENIED, `SP ${hex(receiver)} does not receive direct requests`);
  return c.reply(respFid(c), ((receiver << 16) | sender) >>> 0, 0, c.x(3), c.x(4), c.x(5), c.x(6), c.x(7));
}
