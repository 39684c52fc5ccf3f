// Xen xen/arch/arm/tee/ffa_rxtx.c rxtx_unmap(), ffa_handle_rxtx_unmap() and ffa_rxtx_domain_destroy():
// taking a guest's RX/TX pair down, by the guest or at domain teardown.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { access, spinLock, spinUnlock, type Proc } from '../sim/effects';
import { simpleCall } from './_smc';
import type { Ctx } from './ctx';
import { ffaRxtxUnmap } from './rxtx-spmc';
import { fwSupportsFid, RX_ACQUIRE, type Current, type Xen } from './xen';

function* lockBoth(xen: Xen, ctx: Ctx, on: boolean): Proc<void> {
  if (!xen.sw.mapTakesCtxLocks) return;
  if (on) {
    yield* spinLock(ctx.rxLock);
    yield* spinLock(ctx.txLock);
  } else {
    yield* spinUnlock(ctx.txLock);
    yield* spinUnlock(ctx.rxLock);
  }
}

/** rxtx_unmap(d[, teardown]): guest FFA_RXTX_UNMAP (its w1 is ignored) and domain teardown. */
export function* rxtxUnmap(xen: Xen, cur: Current, ctx: Ctx, teardown: boolean): Proc<number> {
  yield* lockBoth(xen, ctx, true);
  const ret = yield* unmapLocked(xen, cur, ctx, teardown);
  yield* lockBoth(xen, ctx, false);
  return ret;
}

function* unmapLocked(xen: Xen, cur: Current, ctx: Ctx, teardown: boolean): Proc<number> {
  yield* access('read', ctx.field('page_count'));
  if (!ctx.pageCount) return RET.INVALID_PARAMETERS;
  if (xen.sw.unmapChecksOwnership) {
    yield* access('read', ctx.field('rx_is_free'));
    if (!ctx.rxIsFree) {
      if (!teardown) {
        xen.printk(cur, 'DEBUG', 'ffa: RXTX_UNMAP denied, RX buffer owned by VM');
        return RET.DENIED;
      }
      // Can't use ffa_rx_release() while holding rx_lock.
      if (fwSupportsFid(xen, RX_ACQUIRE)) {
        const rel = yield* simpleCall(FID.FFA_RX_RELEASE, ctx.ffaId);
        if (rel) xen.printk(cur, 'DEBUG', `ffa: RX release during teardown failed: ${rel}`);
      }
    }
  }
  if (fwSupportsFid(xen, RX_ACQUIRE)) {
    const ret = yield* ffaRxtxUnmap(ctx.ffaId);
    if (ret !== RET.OK) return ret;
  }
  yield* access('write', ctx.field('rx'));
  ctx.rx?.unmap();
  ctx.tx?.unmap();
  if (ctx.rxPg !== null) xen.refs.put(ctx.rxPg);
  if (ctx.txPg !== null) xen.refs.put(ctx.txPg);
  ctx.rx = null;
  ctx.tx = null;
  ctx.rxPg = null;
  ctx.txPg = null;
  yield* access('write', ctx.field('page_count'));
  ctx.pageCount = 0;
  yield* access('write', ctx.field('rx_is_free'));
  ctx.rxIsFree = false;
  return RET.OK;
}

/** ffa_rxtx_domain_destroy(): teardown's unmap; its result is ignored (B17). */
export function* rxtxDomainDestroy(xen: Xen, cur: Current, ctx: Ctx): Proc<void> {
  yield* rxtxUnmap(xen, cur, ctx, true);
}
