// Xen xen/arch/arm/tee/ffa_notif.c ffa_notif_init(), ffa_notif_domain_init/destroy(): only the SMCs
// they issue (the interrupt plumbing and notification ABIs are outside this model).
import { FID } from '../ffa/ids';
import { callFrame } from '../ffa/frame';
import { smcCall, type Proc } from '../sim/effects';
import { simpleCall } from './_smc';
import { fwSupportsFid, type Current, type Xen } from './xen';

/** FFA_FEATURE_SCHEDULE_RECV_INTR: FFA_FEATURES feature id 2. */
export const FFA_FEATURE_SCHEDULE_RECV_INTR = 2;
export const ENOMEM = -12;

/** ffa_notif_init(): with all four notification ABIs, ask for the SRI and enable notifications. */
export function* notifInit(xen: Xen, _cur: Current): Proc<void> {
  if (
    !fwSupportsFid(xen, FID.FFA_NOTIFICATION_BITMAP_CREATE) ||
    !fwSupportsFid(xen, FID.FFA_NOTIFICATION_BITMAP_DESTROY) ||
    !fwSupportsFid(xen, FID.FFA_NOTIFICATION_GET) ||
    !fwSupportsFid(xen, FID.FFA_NOTIFICATION_INFO_GET_64)
  )
    return;
  const resp = yield* smcCall(callFrame(FID.FFA_FEATURES, FFA_FEATURE_SCHEDULE_RECV_INTR));
  if (resp[0] !== BigInt(FID.FFA_SUCCESS_32)) return;
  // request_irq() is assumed to succeed.
  xen.fwNotifEnabled = true;
}

/** ffa_notif_domain_init(): FFA_NOTIFICATION_BITMAP_CREATE(vm_id, vcpus); failure is -ENOMEM. */
export function* notifDomainInit(xen: Xen, cur: Current, vmId: number, vcpus: number): Proc<number> {
  if (!xen.fwNotifEnabled) return 0;
  const res = yield* simpleCall(FID.FFA_NOTIFICATION_BITMAP_CREATE, vmId, vcpus);
  void cur;
  return res ? ENOMEM : 0;
}

/** ffa_notif_domain_destroy(): BITMAP_DESTROY even if create failed; the result is ignored. */
export function* notifDomainDestroy(xen: Xen, vmId: number): Proc<void> {
  if (xen.fwNotifEnabled) yield* simpleCall(FID.FFA_NOTIFICATION_BITMAP_DESTROY, vmId);
}
