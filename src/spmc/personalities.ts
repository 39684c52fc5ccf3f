// SPMC personalities as data: Hafnium (TF-Hafnium/hafnium src/api.c, src/ffa/spmc/*.c) at the
// v2.14.0 and v2.15.0 tags and HEAD 21bfbdc1, TF-A's EL3 SPMC (services/std_svc/spm/el3_spmc/
// spmc_main.c at 6a164dda7) and OP-TEE's S-EL1 SPMC (core/arch/arm/kernel/thread_spmc.c at
// d5001fe0a). Each value names the commit or file it comes from; (obs.) marks a reading of code
// that no test or maintainer statement confirms, and (build) a build-time option's default.
import { FID } from '../ffa/ids';
import { V1_2, V1_3 } from '../ffa/version';
import { HAFNIUM_V2_14_FEATURES, HAFNIUM_V2_15_FEATURES, OPTEE_FEATURES, TFA_FEATURES } from './features-tables';
import { deepFreeze } from './_freeze';
import type { Personality, PersonalityName } from './personality';

const F = FID;

const HAFNIUM_ABIS: readonly number[] = [
  F.FFA_ERROR, F.FFA_INTERRUPT, F.FFA_VERSION, F.FFA_FEATURES, F.FFA_RX_RELEASE, F.FFA_RXTX_MAP_64, F.FFA_RXTX_UNMAP,
  F.FFA_PARTITION_INFO_GET, F.FFA_ID_GET, F.FFA_MSG_WAIT, F.FFA_MSG_YIELD, F.FFA_RUN, F.FFA_MSG_SEND_DIRECT_REQ_32,
  F.FFA_MSG_SEND_DIRECT_REQ_64, F.FFA_MSG_SEND_DIRECT_RESP_32, F.FFA_MSG_SEND_DIRECT_RESP_64, F.FFA_MEM_DONATE_32,
  F.FFA_MEM_DONATE_64, F.FFA_MEM_LEND_32, F.FFA_MEM_LEND_64, F.FFA_MEM_SHARE_32, F.FFA_MEM_SHARE_64,
  F.FFA_MEM_RETRIEVE_REQ_32, F.FFA_MEM_RETRIEVE_REQ_64, F.FFA_MEM_RELINQUISH, F.FFA_MEM_RECLAIM, F.FFA_MEM_FRAG_RX,
  F.FFA_MEM_FRAG_TX, F.FFA_NOTIFICATION_BITMAP_CREATE, F.FFA_NOTIFICATION_BITMAP_DESTROY, F.FFA_NOTIFICATION_BIND,
  F.FFA_NOTIFICATION_UNBIND, F.FFA_NOTIFICATION_SET, F.FFA_NOTIFICATION_GET, F.FFA_NOTIFICATION_INFO_GET_64,
  // RX_ACQUIRE is implemented in v2.14 too; only its FFA_FEATURES entry came with v2.15 (7ae7d281).
  F.FFA_RX_ACQUIRE, F.FFA_SPM_ID_GET, F.FFA_MSG_SEND2, F.FFA_CONSOLE_LOG_32, F.FFA_CONSOLE_LOG_64,
  F.FFA_PARTITION_INFO_GET_REGS, F.FFA_MSG_SEND_DIRECT_REQ2, F.FFA_MSG_SEND_DIRECT_RESP2,
];

const HAFNIUM_V2_14: Personality = {
  name: 'hafnium-v2.14',
  family: 'hafnium',
  source: 'TF-Hafnium/hafnium v2.14.0',
  version: V1_3, // FFA_VERSION_COMPILED defaults to v1.3 (inc/vmapi/hf/ffa.h)
  initialCallerVersion: V1_3, // other_world.c gives the NWd VM the compiled version
  spmcId: 0x8000,
  abis: HAFNIUM_ABIS,
  features: HAFNIUM_V2_14_FEATURES,
  repliesEchoUnwrittenRegs: false,
  map: {
    forwarding: true,
    minPages: 1, // page_count must equal HF_MAILBOX_SIZE / FFA_PAGE_SIZE = 1 (build)
    maxPages: 1,
    overlap: 'same-start', // api_vm_configure_pages compares the two start addresses only
    misalignedDescOffsets: 'panic', // no check before b9c1912c: unaligned u64 load, alignment fault
    forwardedDescriptor: 'raw',
    resetOwnershipOnMap: false, // mailbox.state is never touched by map/unmap
  },
  nwdVmSlots: 16, // MAX_VMS (build)
  rxAcquireUnknownVm: 'panic', // vm_unlock(NULL) via `goto out` until 67686054
  partInfo: {
    size: 24,
    w3ForV10: 8,
    unknownUuid: 'invalid',
    flagsMbz: true,
    zeroRx: 'none',
    staging: 170, // per-CPU staging page / sizeof(struct ffa_partition_info) = 4096 / 24
    capByRx: false,
  },
  handles: { kind: 'lowest-free', slots: 100, or: 0n }, // share_states index; bit 63 = 0 (SPMC)
  fragmentedShare: 'supported',
  maxShares: 100, // MAX_MEM_SHARES (build, obs.)
};

const HAFNIUM_V2_15: Personality = {
  ...HAFNIUM_V2_14,
  name: 'hafnium-v2.15',
  source: 'TF-Hafnium/hafnium v2.15.0',
  features: HAFNIUM_V2_15_FEATURES, // 7ae7d281: SUCCESS_64, RX_ACQUIRE (hypervisor only)
  map: { ...HAFNIUM_V2_14.map, misalignedDescOffsets: 'reject' }, // b9c1912c: INVALID_PARAMETERS
  partInfo: { ...HAFNIUM_V2_14.partInfo, size: 48, staging: 85 }, // 4e80e890: v1.3 ALP2 descriptor
};

const HAFNIUM_HEAD: Personality = {
  ...HAFNIUM_V2_15,
  name: 'hafnium-head',
  source: 'TF-Hafnium/hafnium 21bfbdc1 (after v2.15.0)',
  // 1210acbc: 1..RXTX_MAX_PAGE_COUNT pages (build default 1) and a real overlap test.
  map: { ...HAFNIUM_V2_15.map, overlap: 'range' },
  rxAcquireUnknownVm: 'invalid', // 67686054
  partInfo: { ...HAFNIUM_V2_15.partInfo, zeroRx: 'tail', capByRx: true }, // 1210acbc, 90d33207
};

const TFA_EL3_SPMC: Personality = {
  name: 'tfa-el3-spmc',
  family: 'tfa',
  source: 'TrustedFirmware-A/trusted-firmware-a 6a164dda7 services/std_svc/spm/el3_spmc/spmc_main.c',
  version: V1_2, // FFA_VERSION_SPMC_MAJOR/MINOR
  initialCallerVersion: 0, // FFA_VERSION_NULL: any other call first is NOT_SUPPORTED
  spmcId: 0x8000, // FFA_SPMC_ID = FFA_SWD_ID_BASE
  abis: [
    F.FFA_ERROR, F.FFA_VERSION, F.FFA_SPM_ID_GET, F.FFA_ID_GET, F.FFA_FEATURES, F.FFA_MSG_SEND_DIRECT_REQ_32,
    F.FFA_MSG_SEND_DIRECT_REQ_64, F.FFA_MSG_SEND_DIRECT_REQ2, F.FFA_MSG_SEND_DIRECT_RESP_32,
    F.FFA_MSG_SEND_DIRECT_RESP_64, F.FFA_MSG_SEND_DIRECT_RESP2, F.FFA_RXTX_MAP_32, F.FFA_RXTX_MAP_64,
    F.FFA_RXTX_UNMAP, F.FFA_PARTITION_INFO_GET, F.FFA_RX_RELEASE, F.FFA_MSG_WAIT, F.FFA_RUN, F.FFA_MEM_SHARE_32,
    F.FFA_MEM_SHARE_64, F.FFA_MEM_LEND_32, F.FFA_MEM_LEND_64, F.FFA_MEM_FRAG_TX, F.FFA_MEM_FRAG_RX,
    F.FFA_MEM_RETRIEVE_REQ_32, F.FFA_MEM_RETRIEVE_REQ_64, F.FFA_MEM_RELINQUISH, F.FFA_MEM_RECLAIM,
    F.FFA_CONSOLE_LOG_32, F.FFA_CONSOLE_LOG_64,
  ],
  features: TFA_FEATURES,
  repliesEchoUnwrittenRegs: true, // SMC_RET1/SMC_RET3 leave the caller's x1.. in the context
  map: {
    forwarding: false, // "Mapping RX/TX Buffers on behalf of VM not supported"
    minPages: 1,
    maxPages: 31, // x3 & FFA_RXTX_PAGE_COUNT_MASK (0x1F)
    overlap: 'same-start', // tx_address == rx_address; partial overlap fails in xlat (abi code)
    misalignedDescOffsets: 'reject',
    forwardedDescriptor: 'strict',
    resetOwnershipOnMap: false,
  },
  nwdVmSlots: 0,
  rxAcquireUnknownVm: 'invalid',
  partInfo: {
    size: 24,
    w3ForV10: 0, // `size` stays 0 on the v1.0 path
    unknownUuid: 'invalid',
    flagsMbz: false,
    zeroRx: 'whole-first', // memset of the whole RX before the fit check
    staging: 8, // MAX_SP_LP_PARTITIONS * SPMC_AT_EL3_PARTITION_MAX_UUIDS (platform, obs.)
    capByRx: false,
  },
  handles: { kind: 'counter', first: 0xffffffc0n }, // spmc_shmem_obj_state.next_handle
  fragmentedShare: 'supported',
  maxShares: 64, // bounded by the shmem datastore size (platform, obs.)
};

const OPTEE: Personality = {
  name: 'optee',
  family: 'optee',
  source: 'OP-TEE/optee_os d5001fe0a core/arch/arm/kernel/thread_spmc.c (CFG_CORE_SEL1_SPMC)',
  version: V1_2, // spmc_exchange_version: my_vers = FFA_VERSION_1_2
  initialCallerVersion: 0, // my_rxtx is zeroed (__nex_bss): v1.0 layouts until FFA_VERSION
  spmcId: 0x8000, // the SPMD answers FFA_SPM_ID_GET from the manifest's spmc_id
  abis: [
    F.FFA_ERROR, F.FFA_VERSION, F.FFA_ID_GET, F.FFA_FEATURES, F.FFA_SPM_ID_GET, F.FFA_RXTX_MAP_64,
    F.FFA_RXTX_MAP_32, F.FFA_RXTX_UNMAP, F.FFA_RX_RELEASE, F.FFA_PARTITION_INFO_GET, F.FFA_RUN, F.FFA_INTERRUPT,
    F.FFA_MSG_SEND_DIRECT_REQ_32, F.FFA_MSG_SEND_DIRECT_REQ_64, F.FFA_MSG_SEND_DIRECT_REQ2, F.FFA_MEM_SHARE_32,
    F.FFA_MEM_SHARE_64, F.FFA_MEM_LEND_32, F.FFA_MEM_LEND_64, F.FFA_MEM_RECLAIM, F.FFA_MEM_FRAG_TX,
    F.FFA_NOTIFICATION_BITMAP_CREATE, F.FFA_NOTIFICATION_BITMAP_DESTROY, F.FFA_NOTIFICATION_BIND,
    F.FFA_NOTIFICATION_UNBIND, F.FFA_NOTIFICATION_GET, F.FFA_NOTIFICATION_INFO_GET_32,
    F.FFA_NOTIFICATION_INFO_GET_64,
  ],
  features: OPTEE_FEATURES,
  repliesEchoUnwrittenRegs: false, // spmc_set_args() rebuilds the whole register struct
  map: {
    forwarding: false, // w3 = 0 pages is INVALID before anything else looks at w1/w2
    minPages: 1,
    maxPages: 63, // x3 bits [63:6] must be zero
    overlap: 'none', // (obs.) nothing compares TX and RX
    misalignedDescOffsets: 'reject',
    forwardedDescriptor: 'strict',
    resetOwnershipOnMap: true, // rxtx->tx_is_mine = true on every successful map
  },
  nwdVmSlots: 0,
  rxAcquireUnknownVm: 'invalid',
  partInfo: {
    size: 24,
    w3ForV10: 0,
    unknownUuid: 'success-zero',
    flagsMbz: false,
    zeroRx: 'none',
    staging: 1 << 16, // no staging array: entries go straight into RX
    capByRx: true, // (idx + 1) * fpi_size > blen: INVALID_PARAMETERS
  },
  // bit_ffc over SPMC_CORE_SEL1_MAX_SHM_COUNT, | FFA_MEMORY_HANDLE_NON_SECURE_BIT (bit 44)
  handles: { kind: 'lowest-free', slots: 64, or: 1n << 44n },
  // (obs.) since 1ff0a11d2 the NWd path passes (frag_len, tot_len) swapped: fragments fail.
  fragmentedShare: 'rejected',
  maxShares: 64,
};

const BY_NAME: Readonly<Record<PersonalityName, Personality>> = deepFreeze({
  'hafnium-v2.14': HAFNIUM_V2_14,
  'hafnium-v2.15': HAFNIUM_V2_15,
  'hafnium-head': HAFNIUM_HEAD,
  'tfa-el3-spmc': TFA_EL3_SPMC,
  optee: OPTEE,
});

export const PERSONALITY_NAMES: readonly PersonalityName[] = Object.freeze(Object.keys(BY_NAME) as PersonalityName[]);

export function personality(name: PersonalityName): Personality {
  return BY_NAME[name];
}

export function resolvePersonality(p: PersonalityName | Personality): Personality {
  return typeof p === 'string' ? personality(p) : p;
}
