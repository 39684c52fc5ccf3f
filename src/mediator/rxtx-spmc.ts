// Xen xen/arch/arm/tee/ffa_rxtx.c ffa_rxtx_spmc_{init,destroy,rx_acquire,rx_release,tx_acquire,
// tx_release} (v0+), and S0's ffa_rxtx_init/ffa_rxtx_destroy/ffa_hyp_rx_release: Xen's own RX/TX
// pair with the SPMC.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { access, spinIsLocked, spinLock, spinUnlock, xenAssert, type Proc } from '../sim/effects';
import { simpleCall } from './_smc';
import { fwSupportsFid, type Current, type Xen } from './xen';

/** FFA_RXTX_PAGE_COUNT: Xen <-> SPMC buffers are one page each. */
export const FFA_RXTX_PAGE_COUNT = 1;

/** static ffa_rxtx_map() in ffa_rxtx.c. */
export function* ffaRxtxMap(txAddr: number | bigint, rxAddr: number | bigint, pageCount: number): Proc<number> {
  return yield* simpleCall(FID.FFA_RXTX_MAP_64, txAddr, rxAddr, pageCount);
}

/** static ffa_rxtx_unmap(id) in ffa_rxtx.c: the endpoint id goes in w1[31:16]. */
export function* ffaRxtxUnmap(id: number): Proc<number> {
  return yield* simpleCall(FID.FFA_RXTX_UNMAP, BigInt(id) << 16n);
}

/** alloc_xenheap_pages(0, 0). */
function allocXenheap(xen: Xen): number | null {
  if (xen.failXenheapAllocs > 0) {
    xen.failXenheapAllocs--;
    return null;
  }
  return xen.mem.allocPage('xenheap', 'xen', xen.heap.base, xen.heap.pages) ?? null;
}

function* spmcAcquire(xen: Xen, cur: Current, which: 'rx' | 'tx'): Proc<number | null> {
  const lock = which === 'rx' ? xen.spmcRxLock : xen.spmcTxLock;
  if (xen.sw.spmcAcquireAssertUnlocked) {
    const locked = yield* spinIsLocked(lock);
    xenAssert(xen.debug, !locked, `!spin_is_locked(&${lock.name})`, cur.vcpu);
  }
  yield* spinLock(lock);
  yield* access('read', `xen.ffa_spmc_${which}`);
  const buf = which === 'rx' ? xen.spmcRx : xen.spmcTx;
  if (buf !== null) return buf;
  // v1 onward returns NULL with the lock still held, and no caller releases it (B2).
  if (xen.sw.spmcAcquireNullUnlocks) yield* spinUnlock(lock);
  return null;
}

/** ffa_rxtx_spmc_rx_acquire(): the SPMC RX page with ffa_spmc_rx_lock held, or NULL. */
export function* spmcRxAcquire(xen: Xen, cur: Current): Proc<number | null> {
  return yield* spmcAcquire(xen, cur, 'rx');
}

/** ffa_rxtx_spmc_tx_acquire(). */
export function* spmcTxAcquire(xen: Xen, cur: Current): Proc<number | null> {
  return yield* spmcAcquire(xen, cur, 'tx');
}

/**
 * ffa_rxtx_spmc_rx_release(): before a97fe0a4c7 it always issues FFA_RX_RELEASE(0) and only logs
 * a failure at DEBUG (so a release after a failed GET is spurious, B3); from a97fe0a4c7 it takes
 * notify_fw and returns the SMC result.
 */
export function* spmcRxRelease(xen: Xen, cur: Current, notifyFw: boolean): Proc<number> {
  const held = yield* spinIsLocked(xen.spmcRxLock);
  xenAssert(xen.debug, held, `spin_is_locked(&${xen.spmcRxLock.name})`, cur.vcpu);
  let ret: number = RET.OK;
  if (!xen.sw.spmcRxReleaseNotifyArg || notifyFw) ret = yield* simpleCall(FID.FFA_RX_RELEASE, 0);
  if (!xen.sw.spmcRxReleaseNotifyArg && ret !== RET.OK) xen.printk(cur, 'DEBUG', `Error releasing SPMC RX buffer: ${ret}`);
  yield* spinUnlock(xen.spmcRxLock);
  return ret;
}

/** ffa_rxtx_spmc_tx_release(): no SMC, the SPMC does not track Xen's TX. */
export function* spmcTxRelease(xen: Xen, cur: Current): Proc<void> {
  const held = yield* spinIsLocked(xen.spmcTxLock);
  xenAssert(xen.debug, held, `spin_is_locked(&${xen.spmcTxLock.name})`, cur.vcpu);
  yield* spinUnlock(xen.spmcTxLock);
}

/** S0 ffa_hyp_rx_release() (ffa_private.h): the caller holds ffa_rx_buffer_lock. */
export function* hypRxRelease(): Proc<number> {
  return yield* simpleCall(FID.FFA_RX_RELEASE, 0);
}

/**
 * ffa_rxtx_spmc_destroy() / S0 ffa_rxtx_destroy(): the pages go back to the heap *before*
 * FFA_RXTX_UNMAP, and UNMAP is sent whenever both pointers were set, even if MAP failed (B4).
 */
export function* rxtxSpmcDestroy(xen: Xen, _cur: Current): Proc<void> {
  const locked = xen.sw.spmcBuffers === 'helpers';
  if (locked) {
    yield* spinLock(xen.spmcRxLock);
    yield* spinLock(xen.spmcTxLock);
  }
  yield* access('write', 'xen.ffa_spmc_tx');
  yield* access('write', 'xen.ffa_spmc_rx');
  const needUnmap = xen.spmcTx !== null && xen.spmcRx !== null;
  if (xen.spmcTx !== null) {
    xen.mem.freePage(xen.spmcTx);
    xen.spmcTx = null;
  }
  if (xen.spmcRx !== null) {
    xen.mem.freePage(xen.spmcRx);
    xen.spmcRx = null;
  }
  if (needUnmap) yield* ffaRxtxUnmap(0);
  if (locked) {
    yield* spinUnlock(xen.spmcTxLock);
    yield* spinUnlock(xen.spmcRxLock);
  }
}

/** ffa_rxtx_spmc_init() / S0 ffa_rxtx_init(): allocate RX then TX, FFA_RXTX_MAP_64(tx, rx, 1). */
export function* rxtxSpmcInit(xen: Xen, cur: Current): Proc<boolean> {
  if (!fwSupportsFid(xen, FID.FFA_RXTX_MAP_64)) return false;
  if (xen.sw.spmcBuffers === 'globals') {
    xen.spmcRx = allocXenheap(xen);
    if (xen.spmcRx === null) return false;
    xen.spmcTx = allocXenheap(xen);
    const ok = xen.spmcTx !== null && (yield* ffaRxtxMap(xen.spmcTx, xen.spmcRx, FFA_RXTX_PAGE_COUNT)) === RET.OK;
    if (!ok) yield* rxtxSpmcDestroy(xen, cur);
    return ok;
  }
  let ret = false;
  yield* spinLock(xen.spmcRxLock);
  yield* spinLock(xen.spmcTxLock);
  yield* access('write', 'xen.ffa_spmc_rx');
  xen.spmcRx = allocXenheap(xen);
  if (xen.spmcRx !== null) {
    yield* access('write', 'xen.ffa_spmc_tx');
    xen.spmcTx = allocXenheap(xen);
    if (xen.spmcTx !== null) ret = (yield* ffaRxtxMap(xen.spmcTx, xen.spmcRx, FFA_RXTX_PAGE_COUNT)) === RET.OK;
  }
  yield* spinUnlock(xen.spmcTxLock);
  yield* spinUnlock(xen.spmcRxLock);
  if (!ret) yield* rxtxSpmcDestroy(xen, cur);
  return ret;
}
