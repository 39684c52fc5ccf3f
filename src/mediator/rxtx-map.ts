// Xen xen/arch/arm/tee/ffa_rxtx.c ffa_handle_rxtx_map(): a guest's FFA_RXTX_MAP_32/64, including the
// endpoint RX/TX descriptor Xen writes into its SPMC TX buffer to forward the mapping.
import { isSmc64 } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { access, spinLock, spinUnlock, XenPanic, type Proc } from '../sim/effects';
import { Mapping } from '../sim/memory';
import { storeFields } from './_bytes';
import type { Ctx } from './ctx';
import { gaddrToGfn, getPageFromGfn, type PageLookup } from './p2m';
import { ffaRxtxMap, spmcTxAcquire, spmcTxRelease } from './rxtx-spmc';
import { fwSupportsFid, RX_ACQUIRE, type Current, type Domain, type Xen } from './xen';

/** FFA_MAX_RXTX_PAGE_COUNT: guests map one page each. */
export const FFA_MAX_RXTX_PAGE_COUNT = 1;
/** offsetof(struct ffa_mem_region, address_range_array[1]): composite header + one range. */
const MEM_REGION_WITH_ONE_RANGE = 32;

/** __map_domain_page_global(): a hypervisor mapping of one guest page, or NULL under injection. */
export function mapDomainPageGlobal(xen: Xen, pa: number, label: string): Mapping | null {
  if (xen.failGlobalMaps > 0) {
    xen.failGlobalMaps--;
    return null;
  }
  return new Mapping(xen.mem, pa, label);
}

/**
 * The descriptor stores, in the order ffa_handle_rxtx_map() makes them. Each composite is placed
 * at the offset read back from the descriptor (S0 used sizeof(desc): the same 12). Bytes 12..15
 * are never written when the header is rounded up to 16 (B20).
 */
function writeRxtxDescriptor(xen: Xen, buf: number, vmId: number, rxPa: number, txPa: number): void {
  const h = xen.sw.rxtxDescHeader;
  storeFields(xen.mem, buf, [[0, 2, vmId], [2, 2, 0], [4, 4, h], [8, 4, h + MEM_REGION_WITH_ONE_RANGE]]);
  for (const [offField, pa] of [[4, rxPa], [8, txPa]] as const) {
    const at = new DataView((xen.mem.read(buf + offField, 4, 'xen') ?? new Uint8Array(4)).buffer).getUint32(0, true);
    storeFields(xen.mem, buf + at, [[0, 4, 1], [4, 4, 1], [8, 8, 0], [16, 8, BigInt(pa)], [24, 4, 1], [28, 4, 0]]);
  }
}

/** Unwind labels of ffa_handle_rxtx_map(), from err_unmap_rx down. */
function unwind(
  xen: Xen,
  from: 'unmap_rx' | 'unmap_tx' | 'put_rx' | 'put_tx',
  m: { rx?: Mapping; tx?: Mapping; rxPg?: PageLookup; txPg?: PageLookup },
  ret: number,
): number {
  const steps = ['unmap_rx', 'unmap_tx', 'put_rx', 'put_tx'] as const;
  for (const s of steps.slice(steps.indexOf(from))) {
    if (s === 'unmap_rx') m.rx?.unmap();
    if (s === 'unmap_tx') m.tx?.unmap();
    if (s === 'put_rx' && m.rxPg) xen.refs.put(m.rxPg.pa);
    if (s === 'put_tx' && m.txPg) xen.refs.put(m.txPg.pa);
  }
  return ret;
}

/** ffa_handle_rxtx_map() (ffa_rxtx.c): map a guest's RX/TX pages, and forward them to the SPMC when RX_ACQUIRE is in use. */
export function* handleRxtxMap(xen: Xen, cur: Current, d: Domain, ctx: Ctx, fid: number, txIn: bigint, rxIn: bigint, pageCount: number): Proc<number> {
  const sw = xen.sw;
  // Calls using the 32-bit convention must ignore the upper halves of the address registers.
  const txAddr = isSmc64(fid) ? txIn : txIn & 0xffffffffn;
  const rxAddr = isSmc64(fid) ? rxIn : rxIn & 0xffffffffn;
  const badCount = sw.mapRejectsZeroAndUnaligned ? pageCount > FFA_MAX_RXTX_PAGE_COUNT || !pageCount : pageCount > FFA_MAX_RXTX_PAGE_COUNT;
  if (badCount) {
    xen.printk(cur, sw.logs === 'reduced' ? 'DEBUG' : 'ERR', `ffa: RXTX_MAP: error: ${pageCount} pages requested (limit ${FFA_MAX_RXTX_PAGE_COUNT})`);
    return RET.INVALID_PARAMETERS;
  }
  if (sw.mapRejectsZeroAndUnaligned && ((txAddr & 0xfffn) !== 0n || (rxAddr & 0xfffn) !== 0n)) return RET.INVALID_PARAMETERS;
  if (sw.mapTakesCtxLocks) {
    yield* spinLock(ctx.rxLock);
    yield* spinLock(ctx.txLock);
  }
  const ret = yield* mapLocked(xen, cur, d, ctx, txAddr, rxAddr, pageCount);
  if (sw.mapTakesCtxLocks) {
    yield* spinUnlock(ctx.txLock);
    yield* spinUnlock(ctx.rxLock);
  }
  return ret;
}

function* mapLocked(xen: Xen, cur: Current, d: Domain, ctx: Ctx, txAddr: bigint, rxAddr: bigint, pageCount: number): Proc<number> {
  yield* access('read', ctx.field('rx'));
  if (ctx.rx) return RET.DENIED;
  const txPg = getPageFromGfn(d.p2m, xen.refs, gaddrToGfn(txAddr));
  if (!txPg) return RET.INVALID_PARAMETERS;
  if (txPg.type !== 'ram_rw') return unwind(xen, 'put_tx', { txPg }, RET.INVALID_PARAMETERS);
  const rxPg = getPageFromGfn(d.p2m, xen.refs, gaddrToGfn(rxAddr));
  if (!rxPg) return unwind(xen, 'put_tx', { txPg }, RET.INVALID_PARAMETERS);
  if (rxPg.type !== 'ram_rw') return unwind(xen, 'put_rx', { rxPg, txPg }, RET.INVALID_PARAMETERS);
  const mapFail = xen.sw.mapFailNoMemory ? RET.NO_MEMORY : RET.INVALID_PARAMETERS;
  const tx = mapDomainPageGlobal(xen, txPg.pa, ctx.buf('tx'));
  if (!tx) return unwind(xen, 'put_rx', { rxPg, txPg }, mapFail);
  const rx = mapDomainPageGlobal(xen, rxPg.pa, ctx.buf('rx'));
  if (!rx) return unwind(xen, 'unmap_tx', { tx, rxPg, txPg }, mapFail);

  // Forward the mapping only when RX_ACQUIRE is supported (never probed before 4992308e97, B10).
  if (fwSupportsFid(xen, RX_ACQUIRE)) {
    const ret = yield* forwardMap(xen, cur, ctx.ffaId, rxPg.pa, txPg.pa);
    if (ret !== RET.OK) return unwind(xen, 'unmap_rx', { rx, tx, rxPg, txPg }, ret);
  }
  yield* access('write', ctx.field('rx'));
  ctx.rx = rx;
  ctx.tx = tx;
  ctx.rxPg = rxPg.pa;
  ctx.txPg = txPg.pa;
  yield* access('write', ctx.field('page_count'));
  ctx.pageCount = pageCount;
  yield* access('write', ctx.field('rx_is_free'));
  ctx.rxIsFree = true;
  return RET.OK;
}

/** The forwarding block: descriptor in the SPMC TX buffer, then FFA_RXTX_MAP_64(0, 0, 0). */
function* forwardMap(xen: Xen, cur: Current, vmId: number, rxPa: number, txPa: number): Proc<number> {
  const globals = xen.sw.spmcBuffers === 'globals';
  let buf: number | null;
  if (globals) {
    yield* spinLock(xen.spmcTxLock);
    buf = xen.spmcTx;
    if (buf === null) throw new XenPanic('bug', 'NULL pointer dereference: ffa_tx in ffa_handle_rxtx_map', cur.vcpu);
  } else {
    buf = yield* spmcTxAcquire(xen, cur);
    if (buf === null) return RET.INVALID_PARAMETERS; // v1+: ffa_spmc_tx_lock stays held (B2)
  }
  yield* access('write', 'spmc-tx');
  writeRxtxDescriptor(xen, buf, vmId, rxPa, txPa);
  const ret = yield* ffaRxtxMap(0, 0, 0);
  if (globals) yield* spinUnlock(xen.spmcTxLock);
  else yield* spmcTxRelease(xen, cur);
  return ret;
}
