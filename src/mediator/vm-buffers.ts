// Xen xen/arch/arm/tee/ffa_rxtx.c ffa_rx_acquire(), ffa_rx_release(), ffa_tx_acquire() and
// ffa_tx_release(): who owns a guest's RX buffer, and exclusive use of its TX buffer.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { access, spinIsLocked, spinLock, spinTrylock, spinUnlock, xenAssert, type Proc } from '../sim/effects';
import type { Mapping } from '../sim/memory';
import { simpleCall } from './_smc';
import type { Ctx } from './ctx';
import { fwSupportsFid, RX_ACQUIRE, type Current, type Xen } from './xen';

const FFA_PAGE_SIZE = 4096;

export type BufAcquire = { readonly ret: number; readonly buf: Mapping | null; readonly size: number };

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
