// Xen xen/arch/arm/tee/ffa_shm.c ffa_handle_mem_share() and read_mem_transaction(): a guest's
// FFA_MEM_SHARE_32/64 with every validation step in the C order.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { V1_1 } from '../ffa/version';
import { access, spinLock, spinTrylock, spinUnlock, XenPanic, type Proc } from '../sim/effects';
import type { Mapping } from '../sim/memory';
import { loadU16, loadU32, loadU64, loadU8 } from './_bytes';
import { getUserReg, getUserReg32, setRegsError, setRegsSuccess, type Regs } from './_smc';
import type { Ctx, ShmMem } from './ctx';
import { txAcquire, txRelease } from './vm-buffers';
import { allocShm, FFA_MEM_ACC_RW, FFA_NORMAL_MEM_REG_ATTR, freeShm, getShmPages, shareShm } from './share-shm';
import { fwSupportsFid, type Current, type Domain, type Xen } from './xen';

const FFA_MEM_ATTR_NS = 1 << 6;

export interface MemTransactionInt {
  readonly senderId: number;
  readonly attr: number;
  readonly size: number;
  readonly count: number;
  readonly offs: number;
}

/** read_mem_transaction(): the 1.0 or 1.1 header by the guest's version; ret or the fields. */
export function readMemTransaction(xen: Xen, cur: Current, vers: number, buf: Mapping | null, blen: number): MemTransactionInt | number {
  const v11 = vers >= V1_1;
  if (blen < (v11 ? 48 : 32)) return RET.INVALID_PARAMETERS;
  if (!buf) throw new XenPanic('bug', 'NULL pointer dereference: ctx->tx in read_mem_transaction', cur.vcpu);
  const senderId = loadU16(buf, 0);
  const attr = v11 ? loadU16(buf, 2) : loadU8(buf, 2);
  const flags = loadU32(buf, 4);
  loadU64(buf, 8); // handle and tag are read but not used further
  const count = loadU32(buf, 28);
  const size = v11 ? loadU32(buf, 24) : 16;
  const offs = v11 ? loadU32(buf, 32) : 32;
  // Values that would not fit struct ffa_mem_transaction_int mean something is wrong.
  if (attr > 0xff || flags > 0xff || size > 0xff || count > 0xff || offs > 0xffff) return RET.INVALID_PARAMETERS;
  if (size * count + offs > blen) return RET.INVALID_PARAMETERS;
  if (xen.sw.shmHardened && (size < 16 || offs & 0xf)) return RET.INVALID_PARAMETERS;
  return { senderId, attr, size, count, offs };
}

/** ffa_handle_mem_share() (ffa_shm.c). */
export function* handleMemShare(xen: Xen, cur: Current, d: Domain, ctx: Ctx, regs: Regs): Proc<void> {
  const totLen = getUserReg32(regs, 1);
  const fragLen = getUserReg32(regs, 2);
  const addr = getUserReg(regs, 3);
  const out = { handle: 0n };
  let ret: number;
  if (!fwSupportsFid(xen, FID.FFA_MEM_SHARE_64) || addr) ret = RET.NOT_SUPPORTED;
  else if (fragLen > totLen) ret = RET.INVALID_PARAMETERS;
  else if (fragLen !== totLen) ret = RET.NOT_SUPPORTED; // a single fragment only
  else ret = yield* shareLocked(xen, cur, d, ctx, fragLen, out);
  if (ret === 0) setRegsSuccess(xen, cur, regs, Number(out.handle & 0xffffffffn), Number(out.handle >> 32n));
  else setRegsError(xen, cur, regs, ret);
}

/** From taking the guest TX to out_unlock. `ret` starts as the C variable does at that point. */
function* shareLocked(xen: Xen, cur: Current, d: Domain, ctx: Ctx, fragLen: number, out: { handle: bigint }): Proc<number> {
  let ret: number = RET.DENIED;
  let tx: Mapping | null;
  let txSize: number;
  if (xen.sw.vmBufferHelpers) {
    const acq = yield* txAcquire(xen, cur, ctx);
    if (acq.ret) return acq.ret;
    ret = acq.ret; // RET.OK: what the early exits below return from 3528248b8c on (B9)
    tx = acq.buf;
    txSize = acq.size;
  } else {
    if (!(yield* spinTrylock(ctx.txLock))) return RET.BUSY;
    yield* access('read', ctx.field('page_count'));
    tx = ctx.tx;
    txSize = ctx.pageCount * 4096;
  }
  if (fragLen <= txSize) ret = yield* validateAndShare(xen, cur, d, ctx, tx, fragLen, ret, out);
  if (xen.sw.vmBufferHelpers) yield* txRelease(xen, cur, ctx);
  else yield* spinUnlock(ctx.txLock);
  return ret;
}

function* validateAndShare(xen: Xen, cur: Current, d: Domain, ctx: Ctx, txOrNull: Mapping | null, fragLen: number, ret0: number, out: { handle: bigint }): Proc<number> {
  yield* access('read', ctx.buf('tx'));
  yield* access('read', ctx.field('guest_vers'));
  const trans = readMemTransaction(xen, cur, ctx.guestVers, txOrNull, fragLen);
  if (typeof trans === 'number') return trans;
  const tx = txOrNull;
  if (!tx) return RET.INVALID_PARAMETERS; // unreachable: read_mem_transaction() dereferenced it
  if (xen.sw.shmNsCheck && trans.attr & FFA_MEM_ATTR_NS) return RET.INVALID_PARAMETERS;
  if (trans.attr !== FFA_NORMAL_MEM_REG_ATTR) return RET.NOT_SUPPORTED;
  if (trans.count !== 1) return RET.NOT_SUPPORTED; // one SP only
  if (trans.senderId !== ctx.ffaId) return RET.INVALID_PARAMETERS;
  if (xen.sw.shmHardened && trans.size < 16) return RET.INVALID_PARAMETERS;
  // Unreachable after read_mem_transaction's own check; returns whatever ret held.
  if (trans.offs + trans.size > fragLen) return ret0;
  const dstId = loadU16(tx, trans.offs);
  const perm = loadU8(tx, trans.offs + 2);
  const regionOffs = loadU32(tx, trans.offs + 4);
  const impdef = xen.sw.shmEmad12 && trans.size >= 32 ? (tx.read(trans.offs + 8, 16, 'xen') ?? new Uint8Array(16)) : new Uint8Array(16);
  if (!(dstId & 0x8000)) return RET.NOT_SUPPORTED; // no sharing with VMs
  if (perm !== FFA_MEM_ACC_RW) return RET.NOT_SUPPORTED;
  if (16 + regionOffs > fragLen) return RET.NOT_SUPPORTED;
  const rangeCount = loadU32(tx, regionOffs + 4);
  const pageCount = loadU32(tx, regionOffs);
  if (!pageCount) return RET.INVALID_PARAMETERS;
  const shm = yield* allocShm(xen, ctx, pageCount, trans.senderId, dstId, impdef);
  if (!shm) return RET.NO_MEMORY;
  const ret = yield* shareAllocated(xen, cur, d, ctx, tx, fragLen, regionOffs, rangeCount, shm);
  if (ret) yield* freeShm(xen, ctx, shm);
  else out.handle = shm.handle;
  return ret;
}

function* shareAllocated(xen: Xen, cur: Current, d: Domain, ctx: Ctx, tx: Mapping, fragLen: number, regionOffs: number, rangeCount: number, shm: ShmMem): Proc<number> {
  if (16 + regionOffs + rangeCount * 16 > fragLen) return RET.INVALID_PARAMETERS;
  let ret = getShmPages(xen, cur, d, shm, tx, regionOffs + 16, rangeCount);
  if (ret) return ret;
  const globals = xen.sw.spmcBuffers === 'globals';
  if (globals) yield* spinLock(xen.spmcTxLock); // S0: "Note that share_shm() uses our tx buffer"
  ret = yield* shareShm(xen, cur, shm);
  if (globals) yield* spinUnlock(xen.spmcTxLock);
  if (ret) return ret;
  yield* spinLock(ctx.lock);
  yield* access('write', ctx.field('shm_list'));
  ctx.shmList.push(shm);
  yield* spinUnlock(ctx.lock);
  return RET.OK;
}
