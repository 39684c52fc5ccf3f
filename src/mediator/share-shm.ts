// Xen xen/arch/arm/tee/ffa_shm.c share_shm(), ffa_mem_share()/ffa_spmc_share(), get_shm_pages(),
// alloc_ffa_shm_mem()/free_ffa_shm_mem(): the descriptor Xen writes into its SPMC TX buffer.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { callFrame } from '../ffa/frame';
import { V1_2 } from '../ffa/version';
import { access, spinIsLocked, spinLock, spinUnlock, smcCall, xenAssert, XenPanic, type Proc } from '../sim/effects';
import type { Mapping } from '../sim/memory';
import { loadU32, loadU64, storeFields, zeroBytes } from './_bytes';
import { regpair } from './_smc';
import type { Ctx, ShmMem } from './ctx';
import { gaddrToGfn, getPageFromGfn } from './p2m';
import { spmcTxAcquire, spmcTxRelease } from './rxtx-spmc';
import type { Current, Domain, Xen } from './xen';

export const FFA_MAX_SHM_PAGE_COUNT = 256;
export const FFA_MAX_SHM_COUNT = 32;
export const FFA_NORMAL_MEM_REG_ATTR = 0x2f;
export const FFA_MEM_ACC_RW = 0x2;
const MEM_TRANSACTION_1_1_SIZE = 48;
const PAGE = 4096;
const U64 = 0xffffffffffffffffn;

/** alloc_ffa_shm_mem(): page limit, then the per-guest count under ctx->lock; NULL means NO_MEMORY. */
export function* allocShm(xen: Xen, ctx: Ctx, pageCount: number, senderId: number, epId: number, impdef: Uint8Array): Proc<ShmMem | null> {
  const tooMany = xen.sw.shmHardened ? pageCount > FFA_MAX_SHM_PAGE_COUNT : pageCount >= FFA_MAX_SHM_PAGE_COUNT;
  if (tooMany) return null;
  yield* spinLock(ctx.lock);
  const ok = ctx.shmCount < FFA_MAX_SHM_COUNT;
  if (ok) ctx.shmCount++;
  yield* spinUnlock(ctx.lock);
  if (!ok) return null;
  return { senderId, epId, handle: 0n, pageCount, pages: new Array<number>(pageCount).fill(NaN), impdef };
}

/** free_ffa_shm_mem(): drop the count and every page reference taken so far. */
export function* freeShm(xen: Xen, ctx: Ctx, shm: ShmMem | null): Proc<void> {
  if (!shm) return;
  yield* spinLock(ctx.lock);
  xenAssert(xen.debug, ctx.shmCount > 0, 'ctx->shm_count > 0', -1);
  ctx.shmCount--;
  yield* spinUnlock(ctx.lock);
  for (let n = 0; n < shm.pageCount && !Number.isNaN(shm.pages[n]!); n++) {
    xen.refs.put(shm.pages[n]!);
    shm.pages[n] = NaN;
  }
}

/** get_shm_pages(): every page of every range, RAM RW only; the ranges must add up exactly. */
export function getShmPages(xen: Xen, cur: Current, d: Domain, shm: ShmMem, tx: Mapping, rangeOff: number, rangeCount: number): number {
  // The diagnostics are 4d39261835's gdprintk()s, which come with the 01c79ad9c6 hardening.
  const diag = (text: string): void => {
    if (xen.sw.shmHardened) xen.printk(cur, 'DEBUG', `ffa: mem share pages invalid: ${text}`);
  };
  let idx = 0;
  for (let n = 0; n < rangeCount; n++) {
    const pageCount = loadU32(tx, rangeOff + 16 * n + 8);
    const addr = loadU64(tx, rangeOff + 16 * n);
    if (xen.sw.shmHardened && (addr & 0xfffn) !== 0n) return diag(`unaligned range ${n} address 0x${addr.toString(16)}`), RET.INVALID_PARAMETERS;
    for (let m = 0; m < pageCount; m++) {
      if (idx >= shm.pageCount) return diag(`range overflow rg ${n} pg ${m}`), RET.INVALID_PARAMETERS;
      const off = BigInt(m) * 4096n;
      // ffa_safe_addr_add()
      if (xen.sw.shmHardened && addr > U64 - off) return diag(`addr overflow rg ${n} pg ${m} base 0x${addr.toString(16)}`), RET.INVALID_PARAMETERS;
      const gaddr = (addr + off) & U64;
      const pg = getPageFromGfn(d.p2m, xen.refs, gaddrToGfn(gaddr));
      if (!pg) return diag(`gfn unmapped rg ${n} pg ${m} addr 0x${gaddr.toString(16)}`), RET.DENIED;
      shm.pages[idx] = pg.pa;
      if (pg.type !== 'ram_rw') return diag(`p2m type ${pg.type} rg ${n} pg ${m} addr 0x${gaddr.toString(16)}`), RET.DENIED;
      idx++;
    }
  }
  if (idx < shm.pageCount) return diag(`range short pg ${idx}`), RET.INVALID_PARAMETERS;
  return RET.OK;
}

/** Physically contiguous runs of the shared pages: [start maddr, pages]. */
function runsOf(pages: readonly number[]): [number, number][] {
  const runs: [number, number][] = [[pages[0]!, 1]];
  for (let n = 1; n < pages.length; n++) {
    const last = runs[runs.length - 1]!;
    if (pages[n - 1]! + PAGE === pages[n]) last[1]++;
    else runs.push([pages[n]!, 1]);
  }
  return runs;
}

/** ffa_mem_share(): SUCCESS_32 gives the handle; FRAG_RX gives a positive "error" (B16). */
function* ffaMemShare(xen: Xen, totLen: number, fragLen: number, shm: ShmMem): Proc<number> {
  const resp = yield* smcCall(callFrame(FID.FFA_MEM_SHARE_64, totLen, xen.sw.shmHardened ? totLen : fragLen, 0, 0));
  const r = (i: number): bigint => resp[i] ?? 0n;
  if (r(0) === BigInt(FID.FFA_ERROR)) return r(2) ? Number(BigInt.asIntN(32, r(2))) : RET.NOT_SUPPORTED;
  if (r(0) === BigInt(FID.FFA_SUCCESS_32)) {
    shm.handle = regpair(r(3), r(2));
    return RET.OK;
  }
  if (r(0) === BigInt(FID.FFA_MEM_FRAG_RX)) {
    shm.handle = regpair(r(2), r(1));
    return r(3) > 0x7fffffffn ? RET.ABORTED : Number(r(3) & 0x7fffffffn);
  }
  return RET.NOT_SUPPORTED;
}

/** share_shm(shm[, ffa_fw_version]): descriptor at offset 0 of Xen's SPMC TX buffer, then the SMC. */
export function* shareShm(xen: Xen, cur: Current, shm: ShmMem): Proc<number> {
  xenAssert(xen.debug, shm.pageCount > 0, 'shm->page_count', cur.vcpu);
  let buf: number | null;
  if (xen.sw.spmcBuffers === 'globals') {
    // S0: the caller holds ffa_tx_buffer_lock around share_shm().
    xenAssert(xen.debug, yield* spinIsLocked(xen.spmcTxLock), 'spin_is_locked(&ffa_tx_buffer_lock)', cur.vcpu);
    buf = xen.spmcTx;
    if (buf === null) throw new XenPanic('bug', 'NULL pointer dereference: ffa_tx in share_shm', cur.vcpu);
  } else {
    buf = yield* spmcTxAcquire(xen, cur);
    if (buf === null) return RET.NOT_SUPPORTED; // v1+: ffa_spmc_tx_lock stays held (B2)
  }
  const ret = yield* writeAndShare(xen, buf, shm);
  if (xen.sw.spmcBuffers === 'helpers') yield* spmcTxRelease(xen, cur);
  return ret;
}

function* writeAndShare(xen: Xen, buf: number, shm: ShmMem): Proc<number> {
  const emad12 = xen.sw.shmEmad12 && xen.fwVersion >= V1_2;
  const emadSize = emad12 ? 32 : 16;
  const regionOffs = MEM_TRANSACTION_1_1_SIZE + emadSize;
  yield* access('write', 'spmc-tx');
  zeroBytes(xen.mem, buf, 0, MEM_TRANSACTION_1_1_SIZE);
  storeFields(xen.mem, buf, [[0, 2, shm.senderId], [8, 8, shm.handle], [2, 2, FFA_NORMAL_MEM_REG_ATTR], [28, 4, 1], [24, 4, emadSize], [32, 4, MEM_TRANSACTION_1_1_SIZE]]);
  const emad = buf + MEM_TRANSACTION_1_1_SIZE;
  zeroBytes(xen.mem, emad, 0, emadSize);
  storeFields(xen.mem, emad, [[0, 2, shm.epId], [2, 1, FFA_MEM_ACC_RW], [4, 4, regionOffs]]);
  if (emad12) xen.mem.write(emad + 8, shm.impdef, 'xen');
  zeroBytes(xen.mem, buf + regionOffs, 0, 16);
  const runs = runsOf(shm.pages);
  storeFields(xen.mem, buf + regionOffs, [[0, 4, shm.pageCount], [4, 4, runs.length]]);
  const totLen = regionOffs + 16 + 16 * runs.length;
  if (totLen > PAGE) return RET.NOT_SUPPORTED;
  runs.forEach(([pa, count], i) => {
    const at = buf + regionOffs + 16 + 16 * i;
    zeroBytes(xen.mem, at, 0, 16);
    storeFields(xen.mem, at, [[0, 8, BigInt(pa)], [8, 4, count]]);
  });
  return yield* ffaMemShare(xen, totLen, totLen, shm);
}
