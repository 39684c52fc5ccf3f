// Xen xen/arch/arm/tee/ffa.c handle_features(): what a guest is told about FF-A ABIs (S0..v2 table,
// and the RELEASE-4.22.0 table with firmware gating and v1.2 fields).
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { isSmc64 } from '../ffa/ids';
import { V1_2 } from '../ffa/version';
import { getUserReg, getUserReg32, setRegsError, setRegsSuccess, type Regs } from './_smc';
import type { Ctx } from './ctx';
import { fwSupportsFid, RX_ACQUIRE, type Current, type Xen } from './xen';

/** GUEST_FFA_NOTIF_PEND_INTR_ID / GUEST_FFA_SCHEDULE_RECV_INTR_ID (asm/tee/ffa.h: SGIs 8 and 9). */
export const GUEST_FFA_NOTIF_PEND_INTR_ID = 8;
export const GUEST_FFA_SCHEDULE_RECV_INTR_ID = 9;
const FEATURE_NPI = 1;
const FEATURE_SRI = 2;
const FFA_MAX_RXTX_PAGE_COUNT = 1;

const ALWAYS = new Set<number>([
  FID.FFA_ERROR, FID.FFA_VERSION, FID.FFA_SUCCESS_32, FID.FFA_SUCCESS_64, FID.FFA_FEATURES, FID.FFA_ID_GET,
  FID.FFA_RX_RELEASE, FID.FFA_RXTX_UNMAP, FID.FFA_MEM_RECLAIM, FID.FFA_PARTITION_INFO_GET,
  FID.FFA_NOTIFICATION_BIND, FID.FFA_NOTIFICATION_UNBIND, FID.FFA_NOTIFICATION_GET, FID.FFA_NOTIFICATION_SET,
  FID.FFA_NOTIFICATION_INFO_GET_32, FID.FFA_NOTIFICATION_INFO_GET_64,
]);

const LEGACY_ALSO = new Set<number>([
  FID.FFA_MSG_SEND_DIRECT_REQ_32, FID.FFA_MSG_SEND_DIRECT_REQ_64, FID.FFA_MSG_SEND2,
  FID.FFA_MEM_SHARE_64, FID.FFA_MEM_SHARE_32, FID.FFA_RXTX_MAP_64, FID.FFA_RXTX_MAP_32,
]);

/** The answer as (ret, w2) with ret OK meaning FFA_SUCCESS_32(w2, 0). */
type Answer = readonly [number, number];

function legacy(a1: number): Answer {
  if (ALWAYS.has(a1) || LEGACY_ALSO.has(a1)) return [RET.OK, 0];
  if (a1 === FEATURE_NPI) return [RET.OK, GUEST_FFA_NOTIF_PEND_INTR_ID];
  if (a1 === FEATURE_SRI) return [RET.OK, GUEST_FFA_SCHEDULE_RECV_INTR_ID];
  return [RET.NOT_SUPPORTED, 0];
}

function r422(xen: Xen, ctx: Ctx, a1: number): Answer {
  const gated = (ok: boolean): Answer => (ok ? [RET.OK, 0] : [RET.NOT_SUPPORTED, 0]);
  const v12 = ctx.guestVers >= V1_2;
  switch (a1) {
    case FID.FFA_NOTIFICATION_BITMAP_CREATE:
    case FID.FFA_NOTIFICATION_BITMAP_DESTROY:
    case FID.FFA_RX_ACQUIRE:
      return [RET.NOT_SUPPORTED, 0]; // physical-instance-only ABIs
    case FID.FFA_INTERRUPT:
      return [RET.OK, 0];
    case FID.FFA_MSG_SEND_DIRECT_REQ_32:
    case FID.FFA_MSG_SEND_DIRECT_REQ_64:
    case FID.FFA_RUN:
      return gated(fwSupportsFid(xen, a1));
    case FID.FFA_MSG_SEND2:
      return gated(xen.vmToVm || (fwSupportsFid(xen, FID.FFA_MSG_SEND2) && fwSupportsFid(xen, RX_ACQUIRE)));
    case FID.FFA_MSG_SEND_DIRECT_REQ2:
      return gated(v12 && fwSupportsFid(xen, FID.FFA_MSG_SEND_DIRECT_REQ2));
    case FID.FFA_MEM_SHARE_64:
    case FID.FFA_MEM_SHARE_32:
      return gated(fwSupportsFid(xen, FID.FFA_MEM_SHARE_64));
    case FID.FFA_RXTX_MAP_64:
    case FID.FFA_RXTX_MAP_32:
      // From v1.2 the maximum RX/TX page count is reported in w2[31:16].
      return [RET.OK, v12 ? FFA_MAX_RXTX_PAGE_COUNT << 16 : 0];
    case FID.FFA_PARTITION_INFO_GET_REGS:
      return gated(v12);
    default:
      return legacy(ALWAYS.has(a1) || a1 === FEATURE_NPI || a1 === FEATURE_SRI ? a1 : -1);
  }
}

/** handle_features(regs). */
export function handleFeatures(xen: Xen, cur: Current, ctx: Ctx, regs: Regs): void {
  const a1 = getUserReg32(regs, 1);
  let ans: Answer;
  if (xen.sw.features === 'strict-args') {
    let dirty = false;
    for (let n = 2; n <= 7; n++) if (getUserReg(regs, n) !== 0n) dirty = true;
    ans = dirty ? [RET.NOT_SUPPORTED, 0] : legacy(a1);
  } else if (!cur.d?.is64bit && isSmc64(a1)) ans = [RET.NOT_SUPPORTED, 0];
  else ans = r422(xen, ctx, a1);
  if (ans[0] === RET.OK) setRegsSuccess(xen, cur, regs, ans[1], 0);
  else setRegsError(xen, cur, regs, ans[0]);
}
