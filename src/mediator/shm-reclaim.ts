// Xen xen/arch/arm/tee/ffa_shm.c ffa_handle_mem_reclaim(), ffa_mem_reclaim()/ffa_spmc_reclaim() and
// ffa_shm_domain_destroy(): giving shared memory back, by the guest or at teardown.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { access, spinLock, spinUnlock, type Proc } from '../sim/effects';
import { simpleCall } from './_smc';
import type { Ctx, ShmMem } from './ctx';
import { freeShm } from './share-shm';
import { fwSupportsFid, type Current, type Xen } from './xen';

function* ffaMemReclaim(xen: Xen, handle: bigint, flags: number): Proc<number> {
  if (!fwSupportsFid(xen, FID.FFA_MEM_RECLAIM)) return RET.NOT_SUPPORTED;
  return yield* simpleCall(FID.FFA_MEM_RECLAIM, handle & 0xffffffffn, handle >> 32n, flags);
}

function* takeShm(ctx: Ctx, handle: bigint): Proc<ShmMem | undefined> {
  yield* spinLock(ctx.lock);
  yield* access('write', ctx.field('shm_list'));
  const i = ctx.shmList.findIndex((s) => s.handle === handle);
  const shm = i >= 0 ? ctx.shmList.splice(i, 1)[0] : undefined;
  yield* spinUnlock(ctx.lock);
  return shm;
}

/** ffa_handle_mem_reclaim(handle, flags): the shm goes back on the list if the SPMC refuses. */
export function* handleMemReclaim(xen: Xen, ctx: Ctx, handle: bigint, flags: number): Proc<number> {
  if (!fwSupportsFid(xen, FID.FFA_MEM_RECLAIM)) return RET.NOT_SUPPORTED;
  const shm = yield* takeShm(ctx, handle);
  if (!shm) return RET.INVALID_PARAMETERS;
  const ret = yield* ffaMemReclaim(xen, handle, flags);
  if (ret) {
    yield* spinLock(ctx.lock);
    ctx.shmList.push(shm);
    yield* spinUnlock(ctx.lock);
  } else yield* freeShm(xen, ctx, shm);
  return ret;
}

/** ffa_shm_domain_destroy(): DENIED is retried later; other errors leak the pages for good. */
export function* shmDomainDestroy(xen: Xen, cur: Current, ctx: Ctx): Proc<boolean> {
  for (const shm of [...ctx.shmList]) {
    const res = yield* ffaMemReclaim(xen, shm.handle, 0);
    const h = `0x${shm.handle.toString(16)}`;
    if (res === RET.OK) {
      xen.printk(cur, 'DEBUG', `d${ctx.domid}: ffa: Reclaimed handle ${h}`);
      ctx.shmList.splice(ctx.shmList.indexOf(shm), 1);
      yield* freeShm(xen, ctx, shm);
    } else if (res === RET.DENIED) {
      xen.printk(cur, xen.sw.logs === 'reduced' ? 'WARNING' : 'INFO', `d${ctx.domid}: ffa: Failed to reclaim handle ${h} : ${res}`);
    } else {
      xen.printk(cur, xen.sw.logs === 'reduced' ? 'ERR' : 'INFO', `d${ctx.domid}: ffa: Permanent failure to reclaim handle ${h} : ${res}`);
      // Removed and freed without dropping references: the pages stay allocated for good.
      ctx.shmList.splice(ctx.shmList.indexOf(shm), 1);
    }
  }
  return ctx.shmCount === 0;
}
