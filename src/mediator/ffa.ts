// Xen xen/arch/arm/tee/ffa.c ffa_handle_call(): the FF-A dispatcher for a guest's SMC, and
// xen/arch/arm/vsmc.c's is_ffa_fid() routing in front of it.
import { FID, isSmc64 } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { V1_2 } from '../ffa/version';
import type { Proc } from '../sim/effects';
import { getUserReg, getUserReg32, regpair, setRegs, setRegsError, setRegsSuccess, type Regs } from './_smc';
import { handleDirectReq } from './direct';
import { handleFeatures } from './features';
import { handlePartitionInfoGet } from './partinfo';
import { handleRxtxMap } from './rxtx-map';
import { rxtxUnmap } from './rxtx-vm';
import { rxRelease } from './vm-buffers';
import { handleMemShare } from './shm';
import { handleMemReclaim } from './shm-reclaim';
import { handleVersionS0, negotiateVersion } from './version';
import { FFA_FNUM_MIN, type Current, type Xen } from './xen';

/** A guest ABI this model does not implement (notifications, SEND2, RUN, GET_REGS). */
export class NotModelledError extends Error {
  override readonly name = 'NotModelledError';
  constructor(readonly fid: number) {
    super(`FF-A function 0x${(fid >>> 0).toString(16)} is not modelled`);
  }
}

const NOT_MODELLED = new Set<number>([
  FID.FFA_MSG_SEND2, FID.FFA_NOTIFICATION_BIND, FID.FFA_NOTIFICATION_UNBIND, FID.FFA_NOTIFICATION_INFO_GET_32,
  FID.FFA_NOTIFICATION_INFO_GET_64, FID.FFA_NOTIFICATION_GET, FID.FFA_NOTIFICATION_SET, FID.FFA_RUN,
  FID.FFA_PARTITION_INFO_GET_REGS,
]);

/** is_ffa_fid(): function numbers 0x60..FFA_FNUM_MAX_VALUE go to the mediator. */
export function isFfaFid(xen: Xen, fid: number): boolean {
  const fn = (fid >>> 0) & 0xffff;
  return fn >= FFA_FNUM_MIN && fn <= xen.sw.fnumMax;
}

/** ffa_handle_call(regs): false when the domain has no FF-A context (Xen then answers "unknown"). */
export function* ffaHandleCall(xen: Xen, cur: Current, regs: Regs): Proc<boolean> {
  const fid = getUserReg32(regs, 0);
  const d = cur.d;
  const ctx = d?.ctx;
  if (!d || !ctx) return false;
  if (xen.sw.smccc12Replies && !d.is64bit && isSmc64(fid)) {
    setRegsError(xen, cur, regs, RET.NOT_SUPPORTED); // 32-bit guests use 32-bit calls only
    return true;
  }
  if (xen.sw.guestVersion === 'deferred' && !ctx.guestVers && (yield* negotiateVersion(xen, cur, ctx, regs))) return true;
  if (NOT_MODELLED.has(fid)) throw new NotModelledError(fid);
  let e: number;
  switch (fid) {
    case FID.FFA_VERSION:
      if (xen.sw.guestVersion === 'immediate') yield* handleVersionS0(xen, cur, ctx, regs);
      else setRegs(xen, cur, regs, [xen.sw.myVersion]);
      return true;
    case FID.FFA_ID_GET:
      setRegsSuccess(xen, cur, regs, ctx.ffaId, 0);
      return true;
    case FID.FFA_FEATURES:
      handleFeatures(xen, cur, ctx, regs);
      return true;
    case FID.FFA_RXTX_MAP_32:
    case FID.FFA_RXTX_MAP_64:
      e = yield* handleRxtxMap(xen, cur, d, ctx, fid, getUserReg(regs, 1), getUserReg(regs, 2), getUserReg32(regs, 3));
      break;
    case FID.FFA_RXTX_UNMAP:
      e = yield* rxtxUnmap(xen, cur, ctx, false);
      break;
    case FID.FFA_PARTITION_INFO_GET:
      yield* handlePartitionInfoGet(xen, cur, ctx, regs);
      return true;
    case FID.FFA_RX_RELEASE:
      e = yield* rxRelease(xen, ctx);
      break;
    case FID.FFA_MSG_SEND_DIRECT_REQ_32:
    case FID.FFA_MSG_SEND_DIRECT_REQ_64:
      yield* handleDirectReq(xen, cur, ctx, regs, fid);
      return true;
    case FID.FFA_MEM_SHARE_32:
    case FID.FFA_MEM_SHARE_64:
      yield* handleMemShare(xen, cur, d, ctx, regs);
      return true;
    case FID.FFA_MEM_RECLAIM:
      e = yield* handleMemReclaim(xen, ctx, regpair(getUserReg(regs, 2), getUserReg(regs, 1)), getUserReg32(regs, 3));
      break;
    default:
      // MSG_SEND_DIRECT_REQ2 has a case from 3ca6aca20d (same series as the RUN helper).
      if (fid === FID.FFA_MSG_SEND_DIRECT_REQ2 && xen.sw.directReq === 'run-helper') {
        if (ctx.guestVers >= V1_2) {
          yield* handleDirectReq(xen, cur, ctx, regs, fid);
          return true;
        }
      } else xen.printk(cur, xen.sw.logs === 'reduced' ? 'DEBUG' : 'ERR', `ffa: unhandled fid 0x${fid.toString(16)}`);
      e = RET.NOT_SUPPORTED;
  }
  if (e) setRegsError(xen, cur, regs, e);
  else setRegsSuccess(xen, cur, regs, 0, 0);
  return true;
}
