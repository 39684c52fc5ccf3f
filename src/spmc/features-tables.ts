// FFA_FEATURES answer tables of real SPMCs (Arm DEN0077 FFA_FEATURES), read from:
// Hafnium src/api.c ffa_features_function() at v2.14.0 and v2.15.0, TF-A
// services/std_svc/spm/el3_spmc/spmc_main.c ffa_features_handler() at 6a164dda7, OP-TEE
// core/arch/arm/kernel/thread_spmc.c handle_features() at d5001fe0a. Special cases that depend on
// input properties (FFA_MEM_RETRIEVE_REQ) live in abi-features.ts.
import { FID } from '../ffa/ids';
import { V1_2 } from '../ffa/version';
import type { FeatureRule } from './personality';

function all(fids: readonly number[], rule: Omit<FeatureRule, 'fid'> = {}): FeatureRule[] {
  return fids.map((fid) => ({ fid, ...rule }));
}

const HAFNIUM_COMMON: readonly FeatureRule[] = [
  ...all([
    FID.FFA_ERROR, FID.FFA_SUCCESS_32, FID.FFA_INTERRUPT, FID.FFA_VERSION, FID.FFA_FEATURES, FID.FFA_RX_RELEASE,
    FID.FFA_RXTX_UNMAP, FID.FFA_PARTITION_INFO_GET, FID.FFA_ID_GET, FID.FFA_MSG_WAIT, FID.FFA_RUN,
    FID.FFA_MEM_DONATE_32, FID.FFA_MEM_DONATE_64, FID.FFA_MEM_LEND_32, FID.FFA_MEM_LEND_64, FID.FFA_MEM_SHARE_32,
    FID.FFA_MEM_SHARE_64, FID.FFA_MEM_RETRIEVE_RESP, FID.FFA_MEM_RELINQUISH, FID.FFA_MEM_RECLAIM,
    FID.FFA_MEM_FRAG_RX, FID.FFA_MEM_FRAG_TX, FID.FFA_MSG_SEND_DIRECT_RESP_32, FID.FFA_MSG_SEND_DIRECT_RESP_64,
    FID.FFA_MSG_SEND_DIRECT_REQ_32, FID.FFA_MSG_SEND_DIRECT_REQ_64,
  ]),
  // "FF-A v1.1 features": compiled version is v1.3, so always present.
  ...all([
    FID.FFA_SPM_ID_GET, FID.FFA_NOTIFICATION_BITMAP_CREATE, FID.FFA_NOTIFICATION_BITMAP_DESTROY,
    FID.FFA_NOTIFICATION_BIND, FID.FFA_NOTIFICATION_UNBIND, FID.FFA_NOTIFICATION_SET, FID.FFA_NOTIFICATION_GET,
    FID.FFA_MSG_SEND2,
  ]),
  ...all([
    FID.FFA_CONSOLE_LOG_32, FID.FFA_CONSOLE_LOG_64, FID.FFA_PARTITION_INFO_GET_REGS, FID.FFA_MSG_SEND_DIRECT_REQ2,
    FID.FFA_MSG_SEND_DIRECT_RESP2,
  ]),
  { fid: FID.FFA_MSG_YIELD, audience: 'sp' },
  // Hafnium only wires the 64-bit RXTX_MAP; 7ae7d281 listed _32 too and aa100c1b dropped it two
  // days later, both before v2.15.0, so neither tagged release reports RXTX_MAP_32.
  { fid: FID.FFA_RXTX_MAP_64, w2: 'rxtx-map' },
];

/** Hafnium v2.14.0: no FFA_RX_ACQUIRE, no FFA_SUCCESS_64; NOTIFICATION_INFO_GET_64 for anyone. */
export const HAFNIUM_V2_14_FEATURES: readonly FeatureRule[] = Object.freeze([
  ...HAFNIUM_COMMON,
  { fid: FID.FFA_NOTIFICATION_INFO_GET_64 },
]);

/**
 * Hafnium v2.15.0 (7ae7d281 "align ffa_feature handling"): adds FFA_SUCCESS_64 and FFA_RX_ACQUIRE
 * (discoverable by the hypervisor only); NOTIFICATION_INFO_GET_64 only for the primary scheduler,
 * which at the SPMC is the normal world (HF_PRIMARY_VM_ID = HF_OTHER_WORLD_ID).
 */
export const HAFNIUM_V2_15_FEATURES: readonly FeatureRule[] = Object.freeze([
  ...HAFNIUM_COMMON,
  { fid: FID.FFA_SUCCESS_64 },
  { fid: FID.FFA_RX_ACQUIRE, audience: 'hypervisor' },
  { fid: FID.FFA_NOTIFICATION_INFO_GET_64, audience: 'nwd' },
]);

export const TFA_FEATURES: readonly FeatureRule[] = Object.freeze([
  ...all([
    FID.FFA_ERROR, FID.FFA_SUCCESS_32, FID.FFA_INTERRUPT, FID.FFA_SPM_ID_GET, FID.FFA_ID_GET, FID.FFA_FEATURES,
    FID.FFA_VERSION, FID.FFA_RX_RELEASE, FID.FFA_MSG_SEND_DIRECT_REQ_32, FID.FFA_MSG_SEND_DIRECT_REQ_64,
    FID.FFA_MSG_SEND_DIRECT_REQ2, FID.FFA_PARTITION_INFO_GET, FID.FFA_RXTX_MAP_32, FID.FFA_RXTX_MAP_64,
    FID.FFA_RXTX_UNMAP, FID.FFA_MEM_FRAG_TX, FID.FFA_RUN,
  ]),
  ...all(
    [
      FID.FFA_MSG_SEND_DIRECT_RESP_32, FID.FFA_MSG_SEND_DIRECT_RESP_64, FID.FFA_MSG_SEND_DIRECT_RESP2,
      FID.FFA_MEM_RELINQUISH, FID.FFA_MSG_WAIT, FID.FFA_CONSOLE_LOG_32, FID.FFA_CONSOLE_LOG_64,
    ],
    { audience: 'sp' },
  ),
  ...all(
    [FID.FFA_MEM_SHARE_32, FID.FFA_MEM_SHARE_64, FID.FFA_MEM_LEND_32, FID.FFA_MEM_LEND_64, FID.FFA_MEM_RECLAIM, FID.FFA_MEM_FRAG_RX],
    { audience: 'nwd' },
  ),
]);

export const OPTEE_FEATURES: readonly FeatureRule[] = Object.freeze([
  { fid: FID.FFA_RXTX_MAP_64, w2: 0 },
  { fid: FID.FFA_RXTX_MAP_32, w2: 0 },
  { fid: FID.FFA_MSG_SEND_DIRECT_REQ2, minCallerVersion: V1_2 },
  { fid: FID.FFA_MSG_SEND_DIRECT_RESP2, minCallerVersion: V1_2 },
  // Bit 0: the descriptor may be in a buffer the endpoint allocated (not the TX buffer).
  { fid: FID.FFA_MEM_SHARE_64, w2: 1 },
  { fid: FID.FFA_MEM_SHARE_32, w2: 1 },
  ...all([
    FID.FFA_ERROR, FID.FFA_VERSION, FID.FFA_SUCCESS_32, FID.FFA_SUCCESS_64, FID.FFA_FEATURES, FID.FFA_SPM_ID_GET,
    FID.FFA_MEM_FRAG_TX, FID.FFA_MEM_RECLAIM, FID.FFA_MSG_SEND_DIRECT_REQ_64, FID.FFA_MSG_SEND_DIRECT_REQ_32,
    FID.FFA_INTERRUPT, FID.FFA_PARTITION_INFO_GET, FID.FFA_RXTX_UNMAP, FID.FFA_RX_RELEASE,
    FID.FFA_NOTIFICATION_BITMAP_CREATE, FID.FFA_NOTIFICATION_BITMAP_DESTROY, FID.FFA_NOTIFICATION_BIND,
    FID.FFA_NOTIFICATION_UNBIND, FID.FFA_NOTIFICATION_SET, FID.FFA_NOTIFICATION_GET,
    FID.FFA_NOTIFICATION_INFO_GET_32, FID.FFA_NOTIFICATION_INFO_GET_64,
  ]),
]);
