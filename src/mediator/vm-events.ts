// Xen xen/arch/arm/tee/ffa_partinfo.c ffa_direct_req_send_vm(), ffa_partinfo_domain_init(),
// vm_destroy_bitmap_init(), ffa_partinfo_domain_destroy(): VM created/destroyed framework messages.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { callFrame } from '../ffa/frame';
import { smcCall, type Proc } from '../sim/effects';
import { u16At, u32At } from './_bytes';
import type { Ctx } from './ctx';
import { PROP_NOTIF_CREATED, PROP_NOTIF_DESTROYED } from './partinfo-init';
import { fwSupportsFid, type Current, type Xen } from './xen';

export const FFA_MSG_FLAG_FRAMEWORK = 0x80000000;
export const FFA_MSG_SEND_VM_CREATED = 4;
export const FFA_MSG_SEND_VM_DESTROYED = 6;
const EIO = -5;
const ENOMEM = -12;

/** ffa_direct_req_send_vm(): framework message, retried on INTERRUPTED/RETRY at most 10 times. */
export function* directReqSendVm(spId: number, vmId: number, msg: number): Proc<number> {
  const expResp = BigInt((FFA_MSG_FLAG_FRAMEWORK | (msg + 1)) >>> 0);
  let retries = 0;
  for (;;) {
    const resp = yield* smcCall(callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, spId, (FFA_MSG_FLAG_FRAMEWORK | msg) >>> 0, 0, 0, vmId));
    // An unexpected reply is "likely due to some error in the implementation of the ABI".
    if (resp[0] !== BigInt(FID.FFA_MSG_SEND_DIRECT_RESP_32) || resp[2] !== expResp) return RET.INVALID_PARAMETERS;
    const res = Number(BigInt.asIntN(32, resp[3] ?? 0n));
    if (++retries > 10) return res;
    if (res !== RET.INTERRUPTED && res !== RET.RETRY) return res;
  }
}

/** The SPs a VM event goes to, in the order Xen walks them, with the bitmap index of each. */
interface Subscriber {
  readonly id: number;
  readonly index: number;
  readonly created: boolean;
  readonly destroyed: boolean;
}

function subscribers(xen: Xen): { created: Subscriber[]; destroyed: Subscriber[]; bits: number } {
  const c = xen.spList;
  if (xen.sw.partinfo === 'cached' && c) {
    const all: Subscriber[] = [];
    for (let n = 0; n < c.count; n++) {
      const e = c.bytes.subarray(n * c.entrySize, (n + 1) * c.entrySize);
      const props = u32At(e, 4);
      all.push({ id: u16At(e, 0), index: n, created: !!(props & PROP_NOTIF_CREATED), destroyed: !!(props & PROP_NOTIF_DESTROYED) });
    }
    return { created: all.filter((s) => s.created), destroyed: all.filter((s) => s.destroyed), bits: c.count };
  }
  const mk = (id: number, index: number, created: boolean): Subscriber => ({ id, index, created, destroyed: !created });
  return {
    created: xen.subscrCreated.map((id, i) => mk(id, i, true)),
    destroyed: xen.subscrDestroyed.map((id, i) => mk(id, i, false)),
    bits: xen.subscrDestroyed.length,
  };
}

/** ffa_partinfo_domain_init(): VM_CREATED to each subscriber; the destroy bitmap remembers who heard. */
export function* partinfoDomainInit(xen: Xen, cur: Current, ctx: Ctx): Proc<number> {
  const subs = subscribers(xen);
  if (!fwSupportsFid(xen, FID.FFA_MSG_SEND_DIRECT_REQ_32)) return 0;
  if (xen.sw.partinfo === 'cached' && subs.bits === 0) return 0;
  let failedAt = -1;
  for (let n = 0; n < subs.created.length; n++) {
    const s = subs.created[n]!;
    const res = yield* directReqSendVm(s.id, ctx.ffaId, FFA_MSG_SEND_VM_CREATED);
    if (res) {
      xen.printk(cur, 'ERR', `ffa: Failed to report creation of vm_id ${ctx.ffaId} to  ${s.id}: res ${res}`);
      failedAt = n;
      break;
    }
  }
  // vm_destroy_bitmap_init(): SPs that never heard of the creation are not told of the destruction.
  const unnotified = new Set(failedAt < 0 ? [] : subs.created.slice(failedAt).map((s) => s.id));
  const bitmap = new Array<boolean>(subs.bits).fill(false);
  for (const s of subs.destroyed) if (!unnotified.has(s.id)) bitmap[s.index] = true;
  ctx.vmDestroyBitmap = bitmap;
  void ENOMEM; // xzalloc_array() failure is not modelled
  return failedAt < 0 ? 0 : EIO;
}

/** ffa_partinfo_domain_destroy(): VM_DESTROYED; INTERRUPTED/RETRY keep the bit for a retry. */
export function* partinfoDomainDestroy(xen: Xen, cur: Current, ctx: Ctx): Proc<boolean> {
  const bitmap = ctx.vmDestroyBitmap;
  if (!bitmap) return true;
  const subs = subscribers(xen).destroyed;
  for (const s of subs) {
    if (!bitmap[s.index]) continue;
    const res = yield* directReqSendVm(s.id, ctx.ffaId, FFA_MSG_SEND_VM_DESTROYED);
    if (res) xen.printk(cur, xen.sw.logs === 'reduced' ? 'WARNING' : 'ERR', `d${ctx.domid}: ffa: Failed to report destruction of vm_id ${ctx.ffaId} to ${s.id}: res ${res}`);
    if (res !== RET.INTERRUPTED && res !== RET.RETRY) bitmap[s.index] = false;
  }
  if (bitmap.every((b) => !b)) ctx.vmDestroyBitmap = null;
  return ctx.vmDestroyBitmap === null;
}
