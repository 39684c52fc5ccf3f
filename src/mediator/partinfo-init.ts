// Xen xen/arch/arm/tee/ffa_partinfo.c ffa_partition_info_get(), ffa_partinfo_init(),
// init_subscribers() and (from cca899b380) ffa_sp_list_cache_init(): the boot-time SP list.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { callFrame } from '../ffa/frame';
import { access, smcCall, type Proc } from '../sim/effects';
import { retCode } from './_smc';
import { u16At, u32At } from './_bytes';
import { hypRxRelease, spmcRxAcquire, spmcRxRelease } from './rxtx-spmc';
import { fwSupportsFid, type Current, type Xen } from './xen';

export const FFA_MAX_NUM_SP = 64;
export const FFA_PAGE_SIZE = 4096;
export const PARTINFO_1_0_SIZE = 8;
export const PARTINFO_1_1_SIZE = 24;
export const PROP_NOTIF_CREATED = 1 << 6;
export const PROP_NOTIF_DESTROYED = 1 << 7;

export type UuidRegs = readonly [number, number, number, number];
export const NIL_UUID: UuidRegs = Object.freeze([0, 0, 0, 0] as const);

export type PartInfoGet = { readonly ret: number; readonly count: number; readonly size: number };

/** ffa_partition_info_get(): FFA_PARTITION_INFO_GET(uuid words, flags); count in w2, size in w3. */
export function* ffaPartitionInfoGet(uuid: UuidRegs, flags: number): Proc<PartInfoGet> {
  const resp = yield* smcCall(callFrame(FID.FFA_PARTITION_INFO_GET, uuid[0], uuid[1], uuid[2], uuid[3], flags));
  const ret = retCode(resp);
  const w = (i: number): number => Number((resp[i] ?? 0n) & 0xffffffffn);
  return ret === RET.OK ? { ret, count: w(2), size: w(3) } : { ret, count: 0, size: 0 };
}

/** An entry's id and properties, read from Xen's SPMC RX page as the C code reads them. */
function entryAt(xen: Xen, buf: number, n: number, size: number): { id: number; props: number } {
  // No bound on n * size here (B11): the read can leave the page; PhysMem records what it hits.
  const b = xen.mem.read(buf + n * size, 8, 'xen') ?? new Uint8Array(8);
  return { id: u16At(b, 0), props: u32At(b, 4) };
}

/** init_subscribers(buf, count, fpi_size). */
function initSubscribers(xen: Xen, cur: Current, buf: number, count: number, fpiSize: number): boolean {
  if (fpiSize < PARTINFO_1_1_SIZE) {
    xen.printk(cur, 'ERR', `ffa: partition info size invalid: ${fpiSize}`);
    return false;
  }
  const created: number[] = [];
  const destroyed: number[] = [];
  for (let n = 0; n < count; n++) {
    const { id, props } = entryAt(xen, buf, n, fpiSize);
    if (!(id & 0x8000)) {
      xen.printk(cur, 'ERR', 'ffa: Firmware is not using bit 15 convention for IDs !!');
      xen.printk(cur, 'ERR', `ffa: Secure partition with id 0x${id.toString(16).padStart(4, '0')} cannot be used`);
      continue;
    }
    if (props & PROP_NOTIF_CREATED) created.push(id);
    if (props & PROP_NOTIF_DESTROYED) destroyed.push(id);
  }
  xen.subscrCreated = created;
  xen.subscrDestroyed = destroyed;
  return true;
}

/** ffa_sp_list_cache_init(): bounded (B11 fixed), keeps secure entries at the SPMC's size. */
function spListCacheInit(xen: Xen, cur: Current, buf: number, count: number, fpiSize: number): boolean {
  if (fpiSize < PARTINFO_1_1_SIZE || fpiSize >= FFA_PAGE_SIZE) return false;
  if (count > Math.floor(FFA_PAGE_SIZE / fpiSize)) return false;
  const keep: Uint8Array[] = [];
  let warned = false;
  for (let n = 0; n < count; n++) {
    const entry = xen.mem.read(buf + n * fpiSize, fpiSize, 'xen') ?? new Uint8Array(fpiSize);
    const id = u16At(entry, 0);
    if (!(id & 0x8000)) {
      if (!warned) xen.printk(cur, 'ERR', 'ffa: Firmware is not using bit 15 convention for IDs !!');
      warned = true;
      xen.printk(cur, 'ERR', `ffa: Secure partition with id 0x${id.toString(16).padStart(4, '0')} cannot be used`);
      continue;
    }
    keep.push(entry);
  }
  const bytes = new Uint8Array(keep.length * fpiSize);
  keep.forEach((e, i) => bytes.set(e, i * fpiSize));
  xen.spList = { bytes, count: keep.length, entrySize: fpiSize };
  return true;
}

/** ffa_partinfo_init(): one FFA_PARTITION_INFO_GET at boot, then the RX release. */
export function* partinfoInit(xen: Xen, cur: Current): Proc<boolean> {
  if (!fwSupportsFid(xen, FID.FFA_PARTITION_INFO_GET) || !fwSupportsFid(xen, FID.FFA_MSG_SEND_DIRECT_REQ_32)) return false;
  const globals = xen.sw.spmcBuffers === 'globals';
  let buf: number | null;
  if (globals) {
    buf = xen.spmcRx;
    if (buf === null || xen.spmcTx === null) return false;
  } else {
    buf = yield* spmcRxAcquire(xen, cur);
    if (buf === null) return false;
  }
  let ret = false;
  let notifyFw = false;
  const got = yield* ffaPartitionInfoGet(NIL_UUID, 0);
  if (got.ret !== RET.OK) xen.printk(cur, 'ERR', `ffa: Failed to get list of SPs: ${got.ret}`);
  else {
    notifyFw = true;
    if (got.count >= FFA_MAX_NUM_SP) {
      xen.printk(cur, 'ERR', `ffa: More SPs than the maximum supported: ${got.count} - ${FFA_MAX_NUM_SP}`);
    } else {
      yield* access('read', 'spmc-rx');
      if (xen.sw.partinfo === 'cached') {
        ret = spListCacheInit(xen, cur, buf, got.count, got.size);
        if (!ret) xen.printk(cur, 'ERR', 'ffa: Failed to cache SP list');
      } else ret = initSubscribers(xen, cur, buf, got.count & 0xffff, got.size);
    }
  }
  // out: S0 and v0..v2 release even after a failed GET (B3); a97fe0a4c7 only after a good one.
  if (globals) yield* hypRxRelease();
  else {
    const e = yield* spmcRxRelease(xen, cur, notifyFw);
    if (xen.sw.spmcRxReleaseNotifyArg && e) xen.printk(cur, 'WARNING', `ffa: Error releasing SPMC RX buffer: ${e}`);
  }
  if (!ret && xen.sw.partinfo === 'cached') xen.spList = null;
  return ret;
}
