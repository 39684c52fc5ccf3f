// Xen xen/arch/arm/tee/ffa.c ffa_domain_init(), ffa_domain_teardown(), ffa_domain_teardown_continue()
// and ffa_teardown_timer_callback(): a domain's FF-A context from creation to the last retry.
import { writeLock, writeUnlock, type Proc } from '../sim/effects';
import { Ctx } from './ctx';
import { notifDomainDestroy, notifDomainInit } from './notif';
import { rxtxDomainDestroy } from './rxtx-vm';
import { shmDomainDestroy } from './shm-reclaim';
import { partinfoDomainDestroy, partinfoDomainInit } from './vm-events';
import type { Current, Domain, Xen } from './xen';

export const ENODEV = -19;
export const ERANGE = -34;
/** DOMID_FIRST_RESERVED: VM ids must stay below bit 15 (secure endpoint ids). */
export const DOMID_FIRST_RESERVED = 0x7ff0;

/** ffa_domain_init(d): 0 or -errno; on error Xen calls ffa_domain_teardown() (the caller does). */
export function* ffaDomainInit(xen: Xen, cur: Current, d: Domain): Proc<number> {
  if (!xen.vmToVm && !xen.fwVersion) return ENODEV;
  if (d.domid >= DOMID_FIRST_RESERVED) return ERANGE;
  const ctx = new Ctx(d.domid, d.maxVcpus);
  d.ctx = ctx;
  // Before 6e8c62d457 is_64bit_domain(d) is read here, before the domain's type is set: false.
  if (!xen.sw.is64bitAtPublish) ctx.is64bit = false;
  const ret = yield* partinfoDomainInit(xen, cur, ctx);
  if (ret) return ret;
  // ffa_rxtx_domain_init() (v0+): lock init and field clearing, which a fresh Ctx already is.
  return yield* notifDomainInit(xen, cur, ctx.ffaId, d.maxVcpus);
}

/** ffa_domain_teardown_continue(): VM_DESTROYED messages and reclaims; leftovers are queued. */
export function* teardownContinue(xen: Xen, cur: Current, ctx: Ctx): Proc<boolean> {
  let retry = false;
  if (!(yield* partinfoDomainDestroy(xen, cur, ctx))) retry = true;
  if (!(yield* shmDomainDestroy(xen, cur, ctx))) retry = true;
  if (retry) {
    xen.printk(cur, xen.sw.logs === 'reduced' ? 'DEBUG' : 'INFO', `d${ctx.domid}: ffa: Remaining cleanup, retrying`);
    xen.teardownList.push(ctx); // FFA_CTX_TEARDOWN_DELAY later, the timer calls back
  }
  return !retry;
}

/** ffa_domain_teardown(d): list removal, RX/TX unmap (result ignored), notifications, then the rest. */
export function* ffaDomainTeardown(xen: Xen, cur: Current, d: Domain): Proc<boolean> {
  const ctx = d.ctx;
  if (!ctx) return true;
  if (xen.vmToVm && ctx.guestVers && ctx.onList) {
    xen.vmCount--;
    yield* writeLock(xen.ctxListLock);
    xen.ctxList.splice(xen.ctxList.indexOf(ctx), 1);
    ctx.onList = false;
    yield* writeUnlock(xen.ctxListLock);
  }
  yield* rxtxDomainDestroy(xen, cur, ctx);
  yield* notifDomainDestroy(xen, ctx.ffaId);
  return yield* teardownContinue(xen, cur, ctx);
}

/** ffa_teardown_timer_callback(): one queued context gets another try. */
export function* teardownTimer(xen: Xen, cur: Current): Proc<boolean> {
  const ctx = xen.teardownList.shift();
  if (!ctx) {
    xen.printk(cur, 'ERR', 'ffa_teardown_timer_callback: teardown list is empty');
    return true;
  }
  return yield* teardownContinue(xen, cur, ctx);
}
