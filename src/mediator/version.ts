// Xen xen/arch/arm/tee/ffa.c handle_version() (S0) and ffa_negotiate_version() (ad2d3a7daf / v0
// 02/10): how a guest's FF-A version is chosen and published.
import { versionMajor, versionMinor } from '../ffa/version';
import { access, spinLock, spinUnlock, writeLock, writeUnlock, type Proc } from '../sim/effects';
import { getUserReg32, setRegs, setRegsError, type Regs } from './_smc';
import type { Ctx } from './ctx';
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Current, Xen } from './xen';

/** The guest's choice: its version when our major and minor <= ours, else ours. */
function chosenVersion(xen: Xen, inVers: number): number {
  return versionMinor(inVers) > versionMinor(xen.sw.myVersion) ? xen.sw.myVersion : inVers;
}

function* addToCtxList(xen: Xen, ctx: Ctx): Proc<void> {
  xen.vmCount++;
  yield* writeLock(xen.ctxListLock);
  xen.ctxList.push(ctx);
  ctx.onList = true;
  yield* writeUnlock(xen.ctxListLock);
}

/** S0 handle_version(): another major is not stored; the reply is always FFA_MY_VERSION. */
export function* handleVersionS0(xen: Xen, cur: Current, ctx: Ctx, regs: Regs): Proc<void> {
  const vers = getUserReg32(regs, 1);
  if (versionMajor(vers) === versionMajor(xen.sw.myVersion)) {
    yield* spinLock(ctx.lock);
    yield* access('write', ctx.field('guest_vers'));
    const old = ctx.guestVers;
    ctx.guestVers = chosenVersion(xen, vers);
    yield* spinUnlock(ctx.lock);
    if (xen.vmToVm && !old) yield* addToCtxList(xen, ctx);
  }
  setRegs(xen, cur, regs, [xen.sw.myVersion]);
}

/**
 * ffa_negotiate_version(): true when the call was answered here. FFA_VERSION only records a
 * tentative version (another major records FFA_MY_VERSION); the first other call publishes it,
 * or gets NOT_SUPPORTED when no FFA_VERSION came first.
 */
export function* negotiateVersion(xen: Xen, cur: Current, ctx: Ctx, regs: Regs): Proc<boolean> {
  const fid = getUserReg32(regs, 0);
  const inVers = getUserReg32(regs, 1);
  let outVers = xen.sw.myVersion;
  yield* spinLock(ctx.guestVersLock);
  yield* access('read', ctx.field('guest_vers'));
  if (ctx.guestVers) {
    yield* spinUnlock(ctx.guestVersLock);
    return false;
  }
  if (fid !== FID.FFA_VERSION) {
    if (!ctx.guestVersTmp) outVers = 0;
    else {
      if (xen.sw.is64bitAtPublish) ctx.is64bit = cur.d?.is64bit ?? false;
      yield* access('write', ctx.field('guest_vers'));
      ctx.guestVers = ctx.guestVersTmp;
      if (xen.vmToVm) yield* addToCtxList(xen, ctx);
      yield* spinUnlock(ctx.guestVersLock);
      return false;
    }
  } else if (versionMajor(inVers) !== versionMajor(xen.sw.myVersion)) ctx.guestVersTmp = xen.sw.myVersion;
  else ctx.guestVersTmp = chosenVersion(xen, inVers);
  yield* spinUnlock(ctx.guestVersLock);
  if (outVers) setRegs(xen, cur, regs, [outVers]);
  else setRegsError(xen, cur, regs, RET.NOT_SUPPORTED);
  return true;
}
