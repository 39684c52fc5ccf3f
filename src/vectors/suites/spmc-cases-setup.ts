// SPMC cases: FFA_VERSION negotiation, FFA_FEATURES, FFA_ID_GET and FFA_SPM_ID_GET, and function
// ids a personality does not implement (spmc-implementations.md §2.3-2.6). Append-only.
import { FID } from '../../ffa/ids';
import { V1_0, V1_1, V1_2, makeVersion } from '../../ffa/version';
import { boot, hello, smc, SP1, type SpmcCase } from './_spmc-steps';

const RETRIEVE_NS_INPUT = 0x2;

export const SETUP_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'version/v1.2', comment: 'The normal world asks for v1.2: the reply in w0 is the SPMC\'s own version, not FFA_SUCCESS', flags: ['VersionNegotiation'], steps: [hello(V1_2)] },
  { id: 'version/v1.1', comment: 'A v1.1 caller', flags: ['VersionNegotiation'], steps: [hello(V1_1)] },
  { id: 'version/v1.0', comment: 'A v1.0 caller', flags: ['VersionNegotiation'], steps: [hello(V1_0)] },
  { id: 'version/bit31-set', comment: 'Bit 31 of the requested version set: w0 = NOT_SUPPORTED (the SPMD refuses it)', flags: ['VersionNegotiation'], steps: [smc(0, FID.FFA_VERSION, 0x80010002)] },
  { id: 'version/major-2', comment: 'Major version 2: incompatible', flags: ['VersionNegotiation'], steps: [hello(makeVersion(2, 0))] },
  { id: 'version/minor-above', comment: 'v1.9, above every SPMC\'s minor', flags: ['VersionNegotiation'], steps: [hello(makeVersion(1, 9))] },
  { id: 'version/change-after-other-call', comment: 'v1.2, then FFA_FEATURES, then v1.1: Hafnium and TF-A have closed negotiation, OP-TEE renegotiates', flags: ['VersionNegotiation'], steps: [hello(V1_2), smc(0, FID.FFA_FEATURES, FID.FFA_VERSION), hello(V1_1)] },
  { id: 'version/same-after-other-call', comment: 'v1.2, FFA_FEATURES, v1.2 again: the negotiated version is not an error', flags: ['VersionNegotiation'], steps: [hello(V1_2), smc(0, FID.FFA_FEATURES, FID.FFA_VERSION), hello(V1_2)] },
  { id: 'version/call-before-version', comment: 'FFA_ID_GET before any FFA_VERSION (TF-A: no version negotiated yet)', flags: ['VersionNegotiation'], steps: [smc(0, FID.FFA_ID_GET)] },
  { id: 'version/sp-caller', comment: 'An SP negotiates its own version', flags: ['VersionNegotiation'], steps: [hello(V1_2, SP1)] },
  { id: 'features/rxtx-map-64', comment: 'FFA_FEATURES(RXTX_MAP_64) from a v1.2 caller: w2[1:0] minimum buffer size, w2[31:16] maximum pages', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64)] },
  { id: 'features/rxtx-map-32', comment: 'FFA_FEATURES(RXTX_MAP_32): Hafnium must not list it (aa100c1b)', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_32)] },
  { id: 'features/rx-acquire-hypervisor', comment: 'FFA_FEATURES(RX_ACQUIRE) from the hypervisor: listed from Hafnium v2.15 (7ae7d281) only', flags: ['Features', 'RxAcquireFeature'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_RX_ACQUIRE)] },
  { id: 'features/rx-acquire-sp', comment: 'FFA_FEATURES(RX_ACQUIRE) from an SP: hypervisor only', flags: ['Features'], steps: [hello(V1_2, SP1), smc(SP1, FID.FFA_FEATURES, FID.FFA_RX_ACQUIRE)] },
  { id: 'features/partition-info-get', comment: 'FFA_FEATURES(PARTITION_INFO_GET)', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_PARTITION_INFO_GET)] },
  { id: 'features/mem-share-64', comment: 'FFA_FEATURES(MEM_SHARE_64): w2 bit 0 = descriptor may be in a dynamically allocated buffer', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_MEM_SHARE_64)] },
  { id: 'features/msg-send2', comment: 'FFA_FEATURES(MSG_SEND2): Xen 4.22.0 assumes RX_ACQUIRE when SEND2 is listed and RX_ACQUIRE is not', flags: ['Features', 'RxAcquireFeature'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_MSG_SEND2)] },
  { id: 'features/unknown-fid', comment: 'FFA_FEATURES of an id no FF-A version defines (0x840000ff)', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, 0x840000ff)] },
  { id: 'features/feature-id-npi', comment: 'Feature id 1 (notification pending interrupt)', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, 1)] },
  { id: 'features/feature-id-bits-30-8', comment: 'A feature id with bits [30:8] set', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, 0x100)] },
  { id: 'features/feature-id-with-input', comment: 'Feature id 1 with non-zero input properties in w2', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, 1, 1)] },
  { id: 'features/mem-retrieve-ns-bit', comment: 'FFA_FEATURES(MEM_RETRIEVE_REQ_64) with the NS-bit input property (w2 bit 1)', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_MEM_RETRIEVE_REQ_64, RETRIEVE_NS_INPUT)] },
  { id: 'features/mem-retrieve-no-ns-bit', comment: 'FFA_FEATURES(MEM_RETRIEVE_REQ_64) from a v1.2 caller without the NS-bit input property', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_MEM_RETRIEVE_REQ_64)] },
  { id: 'features/rxtx-map-64-v1.1-caller', comment: 'FFA_FEATURES(RXTX_MAP_64) from a v1.1 caller: no maximum page count in w2[31:16] (Hafnium 0fd67290)', flags: ['Features'], steps: [hello(V1_1), smc(0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64)] },
  { id: 'id/id-get', comment: 'FFA_ID_GET from the normal world: 0 (the SPMD answers for the NS physical instance)', flags: ['Identity'], steps: [hello(), smc(0, FID.FFA_ID_GET)] },
  { id: 'id/spm-id-get', comment: 'FFA_SPM_ID_GET: the SPMC id, 0x8000', flags: ['Identity'], steps: [hello(), smc(0, FID.FFA_SPM_ID_GET)] },
  { id: 'id/id-get-sp', comment: 'FFA_ID_GET from an SP: its own id', flags: ['Identity'], steps: [hello(V1_2, SP1), smc(SP1, FID.FFA_ID_GET)] },
  { id: 'abi/unknown-fid', comment: 'An SMC with an FF-A id nobody implements (0x840000ff): NOT_SUPPORTED', flags: ['Unsupported'], steps: [hello(), smc(0, 0x840000ff)] },
  { id: 'abi/rxtx-map-32', comment: 'FFA_RXTX_MAP_32: Hafnium wires only the 64-bit id; TF-A and OP-TEE map', flags: ['Unsupported'], steps: [hello(), smc(0, FID.FFA_RXTX_MAP_32, 0x40000000, 0x40001000, 1)] },
  { id: 'version/features-before-version', comment: 'FFA_FEATURES before any FFA_VERSION, then FFA_VERSION: TF-A refuses both (negotiation closed with no version)', flags: ['VersionNegotiation'], steps: [smc(0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64), hello(V1_2)] },
  { id: 'features/direct-req2-v1.1-caller', comment: 'FFA_FEATURES(MSG_SEND_DIRECT_REQ2) from a v1.1 caller: a v1.2 interface', flags: ['Features'], steps: [hello(V1_1), smc(0, FID.FFA_FEATURES, FID.FFA_MSG_SEND_DIRECT_REQ2)] },
  { id: 'features/mem-retrieve-sp-no-ns-bit', comment: 'FFA_FEATURES(MEM_RETRIEVE_REQ_64) from a v1.2 SP without the NS-bit input property', flags: ['Features'], steps: [hello(V1_2, SP1), smc(SP1, FID.FFA_FEATURES, FID.FFA_MEM_RETRIEVE_REQ_64)] },
  { id: 'features/fid-with-input', comment: 'FFA_FEATURES(RXTX_MAP_64) with input properties w2 = 1', flags: ['Features'], steps: [hello(), smc(0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64, 1)] },
  { id: 'abi/rx-acquire-unimplemented', comment: 'FFA_RX_ACQUIRE where the SPMC does not implement it (TF-A, OP-TEE): NOT_SUPPORTED; Hafnium refuses an unknown VM', flags: ['Unsupported'], steps: [...boot(), smc(0, FID.FFA_RX_ACQUIRE, 2)] },
]);
