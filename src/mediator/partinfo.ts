// Xen xen/arch/arm/tee/ffa_partinfo.c ffa_handle_partition_info_get() and ffa_get_vm_partinfo():
// a guest's FFA_PARTITION_INFO_GET, count-only and full.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { V1_0, V1_2 } from '../ffa/version';
import { access, readLock, readUnlock, type Proc } from '../sim/effects';
import { getUserReg32, setRegsError, setRegsSuccess, type Regs } from './_smc';
import type { Ctx } from './ctx';
import { PARTINFO_1_0_SIZE, PARTINFO_1_1_SIZE, type UuidRegs } from './partinfo-init';
import { copyInfo, getSpCount, getSpPartinfo, isNilUuid, type Dst } from './partinfo-sp';
import { rxAcquire, rxRelease } from './vm-buffers';
import { fwSupportsFid, type Current, type Xen } from './xen';

/** FFA_PART_VM_PROP: direct-request send, indirect messages, notifications; AArch64 bit 8. */
export const FFA_PART_VM_PROP = 0x2 | 0x4 | 0x8;
export const FFA_PART_PROP_AARCH64_STATE = 1 << 8;

/** struct ffa_partition_info_1_0 of a VM. */
function vmInfo(c: Ctx, is64bit: boolean): Uint8Array {
  const b = new Uint8Array(PARTINFO_1_0_SIZE);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, c.ffaId, true);
  dv.setUint16(2, c.numVcpus, true);
  dv.setUint32(4, FFA_PART_VM_PROP | (is64bit ? FFA_PART_PROP_AARCH64_STATE : 0), true);
  return b;
}

/** get_ffa_vm_count(): the list size in VM-to-VM builds, else 1 (the caller only), as uint16_t. */
function vmCountOf(xen: Xen): number {
  return xen.vmToVm ? xen.vmCount & 0xffff : 1;
}

/** ffa_get_vm_partinfo(): other VMs (VM-to-VM builds), and from 5c85600270 the caller for v1.2. */
function* getVmPartinfo(xen: Xen, cur: Current, ctx: Ctx, u: UuidRegs, dst: Dst): Proc<{ ret: number; count: number }> {
  let count = 0;
  yield* access('write', dst.buf.label);
  if (xen.sw.partinfoUuidHelpers) {
    if (!isNilUuid(u)) return { ret: RET.OK, count: 0 };
    if (ctx.guestVers >= V1_2) {
      const ret = copyInfo(dst, vmInfo(ctx, cur.d?.is64bit ?? false));
      if (ret) return { ret, count };
      count++;
    }
  }
  if (!xen.vmToVm) return { ret: RET.OK, count };
  yield* readLock(xen.ctxListLock);
  for (const other of xen.ctxList) {
    if (other === ctx) continue;
    const ret = copyInfo(dst, vmInfo(other, other.is64bit));
    if (ret) {
      yield* readUnlock(xen.ctxListLock);
      return { ret, count };
    }
    count++;
  }
  yield* readUnlock(xen.ctxListLock);
  return { ret: RET.OK, count };
}

/** ffa_handle_partition_info_get() (ffa_partinfo.c). */
export function* handlePartitionInfoGet(xen: Xen, cur: Current, ctx: Ctx, regs: Regs): Proc<void> {
  const flags = getUserReg32(regs, 5);
  const u: UuidRegs = [getUserReg32(regs, 1), getUserReg32(regs, 2), getUserReg32(regs, 3), getUserReg32(regs, 4)];
  yield* access('read', ctx.field('guest_vers'));
  const v10 = ctx.guestVers === V1_0;
  let dstSize = v10 ? PARTINFO_1_0_SIZE : PARTINFO_1_1_SIZE;
  let sp = 0;
  let vm = 0;
  let ret: number = RET.OK;
  if (flags) {
    // Count only: FF-A v1.0 has w5 MBZ; v1.1 allows just the count flag.
    if (v10 || flags !== 1) ret = RET.INVALID_PARAMETERS;
    else {
      if (fwSupportsFid(xen, FID.FFA_PARTITION_INFO_GET)) ({ ret, count: sp } = yield* getSpCount(xen, u));
      if (!ret) {
        if (!xen.sw.partinfoUuidHelpers) vm = (vmCountOf(xen) - 1) >>> 0; // the caller is not counted
        else if (isNilUuid(u)) vm = vmCountOf(xen) - (ctx.guestVers < V1_2 ? 1 : 0);
      }
    }
  } else {
    const acq = yield* rxAcquire(xen, cur, ctx);
    ret = acq.ret;
    if (!ret && acq.buf) {
      const dst: Dst = { buf: acq.buf, pos: 0, end: acq.size, size: dstSize };
      if (dst.pos > dst.end - dstSize) ret = RET.INVALID_PARAMETERS;
      if (!ret && fwSupportsFid(xen, FID.FFA_PARTITION_INFO_GET)) ({ ret, count: sp } = yield* getSpPartinfo(xen, cur, u, dst));
      if (!ret && (xen.vmToVm || xen.sw.partinfoUuidHelpers)) ({ ret, count: vm } = yield* getVmPartinfo(xen, cur, ctx, u, dst));
      // out_rx_release: only on error; on success the guest owns RX until FFA_RX_RELEASE.
      if (ret) yield* rxRelease(xen, ctx);
    }
  }
  if (ret) return setRegsError(xen, cur, regs, ret);
  // From 5c85600270 the size is 0 for a count request and for v1.0 guests.
  if (xen.sw.partinfoUuidHelpers && (flags || v10)) dstSize = 0;
  setRegsSuccess(xen, cur, regs, (sp + vm) >>> 0, dstSize);
}
