// Xen xen/arch/arm/tee/ffa_rxtx.c rxtx_unmap(), ffa_handle_rxtx_unmap(), ffa_rx_acquire(),
// ffa_rx_release(), ffa_tx_acquire(), ffa_tx_release(), ffa_rxtx_domain_init/destroy(): a guest's
// RX/TX pair and who owns its RX buffer.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { access, spinIsLocked, spinLock, spinTrylock, spinUnlock, xenAssert, type Proc } from '../sim/effects';
import type { Mapping } from '../sim/memory';
import { simpleCall } from './_smc';
import type { Ctx } from './ctx';
import { ffaRxtxUnmap } from './rxtx-spmc';
import { fwSupportsFid, RX_ACQUIRE, type Current, type Xen } from './xen';

const FFA_PAGE_SIZE = 4096;

export type BufAcquire = { readonly ret: number; readonly buf: Mapping | null; readonly size: number };

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

/**
 * ffa_rx_acquire(): mark the guest's RX as owned by the guest (taking it from the SPMC first when
 * RX_ACQUIRE is supported). rx_lock is dropped before the caller writes into the buffer.
 */
export function* rxAcquire(xen: Xen, cur: Current, ctx: Ctx): Proc<BufAcquire> {
  yield* spinLock(ctx.rxLock);
  const out = yield* rxAcquireLocked(xen, cur, ctx);
  yield* spinUnlock(ctx.rxLock);
  return out;
}

function* rxAcquireLocked(xen: Xen, cur: Current, ctx: Ctx): Proc<BufAcquire> {
  const quiet = xen.sw.logs === 'reduced';
  yield* access('read', ctx.field('page_count'));
  if (!ctx.pageCount) {
    if (quiet) xen.printk(cur, 'DEBUG', 'ffa: RX acquire denied, no RX/TX mapped');
    return { ret: RET.DENIED, buf: null, size: 0 };
  }
  yield* access('read', ctx.field('rx_is_free'));
  if (!ctx.rxIsFree) {
    if (quiet) xen.printk(cur, 'DEBUG', 'ffa: RX acquire busy');
    return { ret: RET.BUSY, buf: null, size: 0 };
  }
  if (fwSupportsFid(xen, RX_ACQUIRE)) {
    const ret = yield* simpleCall(FID.FFA_RX_ACQUIRE, ctx.ffaId);
    if (ret !== RET.OK) {
      if (quiet) xen.printk(cur, 'DEBUG', `ffa: RX acquire failed: ${ret}`);
      return { ret, buf: null, size: 0 };
    }
  }
  yield* access('write', ctx.field('rx_is_free'));
  ctx.rxIsFree = false;
  return { ret: RET.OK, buf: ctx.rx, size: ctx.pageCount * FFA_PAGE_SIZE };
}

/** ffa_rx_release(): guest FFA_RX_RELEASE (w1 ignored), and error paths of partinfo. */
export function* rxRelease(xen: Xen, ctx: Ctx): Proc<number> {
  yield* spinLock(ctx.rxLock);
  let ret: number = RET.DENIED;
  yield* access('read', ctx.field('rx_is_free'));
  if (ctx.pageCount && !ctx.rxIsFree) {
    ret = fwSupportsFid(xen, RX_ACQUIRE) ? yield* simpleCall(FID.FFA_RX_RELEASE, ctx.ffaId) : RET.OK;
    if (ret === RET.OK) {
      yield* access('write', ctx.field('rx_is_free'));
      ctx.rxIsFree = true;
    }
  }
  yield* spinUnlock(ctx.rxLock);
  return ret;
}

/** ffa_tx_acquire() (3528248b8c): trylock (BUSY), no TX (DENIED); returns with tx_lock held. */
export function* txAcquire(xen: Xen, cur: Current, ctx: Ctx): Proc<BufAcquire> {
  const quiet = xen.sw.logs === 'reduced';
  if (!(yield* spinTrylock(ctx.txLock))) {
    if (quiet) xen.printk(cur, 'DEBUG', 'ffa: TX acquire busy');
    return { ret: RET.BUSY, buf: null, size: 0 };
  }
  yield* access('read', ctx.field('page_count'));
  if (!ctx.pageCount || !ctx.tx) {
    if (quiet) xen.printk(cur, 'DEBUG', ctx.pageCount ? 'ffa: TX acquire denied, TX buffer missing' : 'ffa: TX acquire denied, no RX/TX mapped');
    yield* spinUnlock(ctx.txLock);
    return { ret: RET.DENIED, buf: null, size: 0 };
  }
  return { ret: RET.OK, buf: ctx.tx, size: ctx.pageCount * FFA_PAGE_SIZE };
}

/** ffa_tx_release(). */
export function* txRelease(xen: Xen, cur: Current, ctx: Ctx): Proc<number> {
  const held = yield* spinIsLocked(ctx.txLock);
  xenAssert(xen.debug, held, 'spin_is_locked(&ctx->tx_lock)', cur.vcpu);
  yield* spinUnlock(ctx.txLock);
  return RET.OK;
}

/** ffa_rxtx_domain_destroy(): teardown's unmap; its result is ignored (B17). */
export function* rxtxDomainDestroy(xen: Xen, cur: Current, ctx: Ctx): Proc<void> {
  yield* rxtxUnmap(xen, cur, ctx, true);
}
