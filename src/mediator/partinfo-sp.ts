// Xen xen/arch/arm/tee/ffa_partinfo.c ffa_get_sp_count() and ffa_get_sp_partinfo(): SP entries for a
// guest, fetched through Xen's SPMC RX buffer per request, or (cca899b380) from the boot cache.
import { RET } from '../ffa/errors';
import { access, spinLock, spinUnlock, type Proc } from '../sim/effects';
import type { Mapping } from '../sim/memory';
import { u16At, u32At } from './_bytes';
import { ffaPartitionInfoGet, FFA_MAX_NUM_SP, FFA_PAGE_SIZE, PARTINFO_1_0_SIZE, PARTINFO_1_1_SIZE, type UuidRegs } from './partinfo-init';
import { hypRxRelease, spmcRxAcquire, spmcRxRelease } from './rxtx-spmc';
import type { Current, Xen } from './xen';

/** Where entries go in the guest RX buffer (dst_buf / end_buf of the C code, as offsets). */
export interface Dst {
  readonly buf: Mapping;
  pos: number;
  readonly end: number;
  readonly size: number;
}

export type SpResult = { readonly ret: number; readonly count: number };

/** ffa_copy_info() / the S0 inline copy: MIN(src, dst) bytes, zero padding, NO_MEMORY when full. */
export function copyInfo(dst: Dst, src: Uint8Array): number {
  if (dst.pos > dst.end - dst.size) return RET.NO_MEMORY;
  const out = new Uint8Array(dst.size);
  out.set(src.subarray(0, Math.min(src.length, dst.size)));
  dst.buf.write(dst.pos, out, 'xen');
  dst.pos += dst.size;
  return RET.OK;
}

export function isNilUuid(u: UuidRegs): boolean {
  return u.every((w) => w === 0);
}

/** ffa_sp_entry_matches_uuid(): the entry's UUID bytes equal the four words, little endian. */
function matchesUuid(entry: Uint8Array, u: UuidRegs): boolean {
  if (isNilUuid(u)) return true;
  return u.every((w, i) => u32At(entry, 8 + 4 * i) === w >>> 0);
}

function cachedEntries(xen: Xen, u: UuidRegs): Uint8Array[] {
  const c = xen.spList;
  if (!c) return [];
  const out: Uint8Array[] = [];
  for (let n = 0; n < c.count; n++) {
    const e = c.bytes.subarray(n * c.entrySize, (n + 1) * c.entrySize);
    if (matchesUuid(e, u)) out.push(e);
  }
  return out;
}

/** ffa_get_sp_count(): runtime = FFA_PARTITION_INFO_GET with the count flag; cached = no SMC. */
export function* getSpCount(xen: Xen, u: UuidRegs): Proc<SpResult> {
  if (xen.sw.partinfo === 'runtime') {
    const got = yield* ffaPartitionInfoGet(u, 1);
    return { ret: got.ret, count: got.count };
  }
  const count = cachedEntries(xen, u).length;
  return { ret: !isNilUuid(u) && !count ? RET.INVALID_PARAMETERS : RET.OK, count };
}

/** ffa_get_sp_partinfo() from the cache: the UUID field is cleared for a non-Nil query. */
function fromCache(xen: Xen, u: UuidRegs, dst: Dst): SpResult {
  let count = 0;
  for (const e of cachedEntries(xen, u)) {
    const entry = e.slice();
    if (!isNilUuid(u) && dst.size >= PARTINFO_1_1_SIZE) entry.fill(0, 8, 24);
    const ret = copyInfo(dst, entry);
    if (ret) return { ret, count };
    count++;
  }
  return { ret: !isNilUuid(u) && !count ? RET.INVALID_PARAMETERS : RET.OK, count };
}

/** ffa_get_sp_partinfo(): under the SPMC RX lock, GET, copy secure entries, RX_RELEASE. */
export function* getSpPartinfo(xen: Xen, cur: Current, u: UuidRegs, dst: Dst): Proc<SpResult> {
  if (xen.sw.partinfo === 'cached') {
    yield* access('write', dst.buf.label);
    return fromCache(xen, u, dst);
  }
  const globals = xen.sw.spmcBuffers === 'globals';
  let src: number | null;
  if (globals) {
    yield* access('read', 'xen.ffa_spmc_rx');
    if (xen.spmcRx === null) return { ret: RET.DENIED, count: 0 };
    yield* spinLock(xen.spmcRxLock);
    src = xen.spmcRx;
  } else {
    src = yield* spmcRxAcquire(xen, cur);
    if (src === null) return { ret: RET.DENIED, count: 0 }; // v1+: lock left held (B2)
  }
  const got = yield* ffaPartitionInfoGet(u, 0);
  let res: SpResult = { ret: got.ret, count: 0 };
  if (got.ret === RET.OK) res = yield* copyFromSpmc(xen, src, got.count, got.size, dst);
  // S0: no release when the GET failed ("out:" skips "out_release:"); v0..v2 always release (B3).
  if (globals) {
    if (got.ret === RET.OK) yield* hypRxRelease();
    yield* spinUnlock(xen.spmcRxLock);
  } else {
    const e = yield* spmcRxRelease(xen, cur, got.ret === RET.OK);
    if (xen.sw.spmcRxReleaseNotifyArg && e) xen.printk(cur, 'WARNING', `ffa: Error releasing SPMC RX buffer: ${e}`);
  }
  return res;
}

function* copyFromSpmc(xen: Xen, src: number, realCount: number, srcSize: number, dst: Dst): Proc<SpResult> {
  if (srcSize < PARTINFO_1_0_SIZE || srcSize >= FFA_PAGE_SIZE) return { ret: RET.NOT_SUPPORTED, count: 0 };
  // SPs added since boot beyond the limit are ignored.
  const n = Math.min(realCount, FFA_MAX_NUM_SP);
  if (n > Math.floor(FFA_PAGE_SIZE / srcSize)) return { ret: RET.NOT_SUPPORTED, count: 0 };
  yield* access('read', 'spmc-rx');
  yield* access('write', dst.buf.label);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const entry = xen.mem.read(src + i * srcSize, srcSize, 'xen') ?? new Uint8Array(srcSize);
    if (!(u16At(entry, 0) & 0x8000)) continue; // SPs not following the bit-15 convention
    const ret = copyInfo(dst, entry);
    if (ret) return { ret, count };
    count++;
  }
  return { ret: RET.OK, count };
}
