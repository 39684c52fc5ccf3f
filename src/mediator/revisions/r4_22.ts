// Xen xen/arch/arm/tee/ at RELEASE-4.22.0: the merged series (f42bacb20e) plus the Feb-2026 fixes and
// the March-2026 partition-info cache (cca899b380, 71518be79d, 500ee5fe0f), all in RELEASE-4.22.0.
import type { FidName } from '../../ffa/ids';
import { V2 } from './v2';
import type { Revision } from './switches';

/** ffa_fw_abi_needed[] after 4992308e97: RX_ACQUIRE probed, MEM_SHARE_32 no longer. */
export const PROBE_4_22: readonly FidName[] = Object.freeze([
  'FFA_VERSION', 'FFA_FEATURES', 'FFA_NOTIFICATION_BITMAP_CREATE', 'FFA_NOTIFICATION_BITMAP_DESTROY',
  'FFA_PARTITION_INFO_GET', 'FFA_NOTIFICATION_INFO_GET_64', 'FFA_NOTIFICATION_GET', 'FFA_RX_ACQUIRE',
  'FFA_RX_RELEASE', 'FFA_RXTX_MAP_64', 'FFA_RXTX_UNMAP', 'FFA_MEM_SHARE_64', 'FFA_MEM_RECLAIM',
  'FFA_MSG_SEND_DIRECT_REQ_32', 'FFA_MSG_SEND_DIRECT_REQ_64', 'FFA_MSG_SEND2', 'FFA_MSG_SEND_DIRECT_REQ2',
  'FFA_RUN',
] as const);

export const R4_22: Revision = Object.freeze({
  name: '4.22.0',
  title: 'RELEASE-4.22.0 (S-fix + partition-info cache)',
  base: 'RELEASE-4.22.0 (96a1856b59)',
  switches: Object.freeze({
    ...V2.switches,
    myVersion: 0x10002,
    probeList: PROBE_4_22,
    send2ImpliesRxAcquire: true,
    versionReplyMasked: true,
    smccc12Replies: true,
    spmcRxReleaseNotifyArg: true,
    rxtxDescHeader: 16,
    mapFailNoMemory: true,
    unmapChecksOwnership: true,
    partinfo: 'cached',
    partinfoUuidHelpers: true,
    features: '4.22',
    directReq: 'run-helper',
    shmEmad12: true,
    shmNsCheck: true,
    shmHardened: true,
    logs: 'reduced',
  } as const),
  sources: Object.freeze({
    ...V2.sources,
    myVersion: 'f42bacb20e "advertise FF-A v1.2"',
    probeList: '4992308e97 "Fix FFA_FEATURES validation"',
    send2ImpliesRxAcquire: '4992308e97 (Hafnium <= v2.14 does not list RX_ACQUIRE)',
    versionReplyMasked: 'f42bacb20e era ffa_get_version(): a0 & GENMASK(31, 0)',
    smccc12Replies: 'f42bacb20e: SMC64 from AArch32 refused, x8..x17 zeroed for v1.2 guests',
    spmcRxReleaseNotifyArg: 'a97fe0a4c7 "Fix PARTINFO RX release errors" (B3 fixed)',
    rxtxDescHeader: 'd1b958a92c "Fix RX/TX map layout and errors" (B5 fixed, B20 appears)',
    mapFailNoMemory: 'd1b958a92c (B6 fixed)',
    unmapChecksOwnership: '309e8edfe3 "Fix RXTX_UNMAP ownership race" (B7 fixed)',
    partinfo: 'cca899b380 "Cache SP partition info at init" (in RELEASE-4.22.0; B11 fixed)',
    partinfoUuidHelpers: '5c85600270 "add UUID helpers for partition info"',
    features: '4992308e97, e70117a53f, f42bacb20e, 500ee5fe0f: handle_features() as in RELEASE-4.22.0',
    directReq: '7a90dad8de "Add FFA_RUN support"',
    shmEmad12: 'a90376c6ad "Add FF-A 1.2 endpoint memory access descriptors"',
    shmNsCheck: 'edf036fac2 "Fix MEM_SHARE NS attribute handling"',
    shmHardened: '01c79ad9c6 "Harden shm page parsing"',
    logs: '9d63e7e9ca "Reduce logging noise", 4d39261835, b5174863a4 (diagnostics)',
  }),
});
