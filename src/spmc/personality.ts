// The shape of an SPMC personality: how one real SPMC (Hafnium, TF-A EL3 SPMC, OP-TEE S-EL1 SPMC)
// answers the FF-A ABIs. Check *order* is code per family (abi-*.ts); everything that differs
// between versions of one family, or is a plain value, is data here (personalities.ts).
import type { FfaVersion } from '../ffa/version';

export type PersonalityName = 'hafnium-v2.14' | 'hafnium-v2.15' | 'hafnium-head' | 'tfa-el3-spmc' | 'optee';

/** Whose check order and reply conventions the ABI handlers follow. */
export type Family = 'hafnium' | 'tfa' | 'optee';

/** Who may see a function id as supported in FFA_FEATURES. */
export type FeatureAudience = 'any' | 'nwd' | 'sp' | 'hypervisor';

export interface FeatureRule {
  readonly fid: number;
  /** w2 of the answer; 'rxtx-map' = max page count << 16 for v1.2+ callers (Hafnium 0fd67290). */
  readonly w2?: number | 'rxtx-map';
  readonly audience?: FeatureAudience;
  /** The caller's negotiated version must be at least this. */
  readonly minCallerVersion?: FfaVersion;
}

/** How memory handles are made (bit 63 = 0: allocated by the SPMC). */
export type HandleScheme =
  | { readonly kind: 'lowest-free'; readonly slots: number; readonly or: bigint }
  | { readonly kind: 'counter'; readonly first: bigint };

export interface Personality {
  readonly name: string;
  readonly family: Family;
  /** Snapshot or commit the values come from. */
  readonly source: string;
  /** The SPMC's own FF-A version (what FFA_VERSION answers, at least in Hafnium and OP-TEE). */
  readonly version: FfaVersion;
  /** A caller's version before any FFA_VERSION (0 = none negotiated). */
  readonly initialCallerVersion: FfaVersion;
  /** FFA_SPM_ID_GET answer. */
  readonly spmcId: number;
  /** Function ids the SPMC dispatches at all; anything else is NOT_SUPPORTED. */
  readonly abis: readonly number[];
  /** Function ids FFA_FEATURES reports, with their w2. */
  readonly features: readonly FeatureRule[];
  /** TF-A's SMC_RET1/3 write only some registers; the rest keep the caller's values. */
  readonly repliesEchoUnwrittenRegs: boolean;
  readonly map: {
    /** FFA_RXTX_MAP_64 with x1 = x2 = w3 = 0 reads an endpoint RX/TX descriptor (Hafnium). */
    readonly forwarding: boolean;
    readonly minPages: number;
    readonly maxPages: number;
    /** 'range': any overlap of [TX, TX+n) and [RX, RX+n); 'same-start': TX == RX only. */
    readonly overlap: 'range' | 'same-start' | 'none';
    /** Forwarded descriptor whose composite offsets are not 8-byte aligned. */
    readonly misalignedDescOffsets: 'reject' | 'panic';
    /**
     * 'raw': read only the fields Hafnium reads (id, both offsets, RX constituent 0 address and
     * page count, TX constituent 0 address), as api_get_rxtx_description() does; 'strict': refuse
     * any descriptor the codec finds malformed (a spec-strict SPMC).
     */
    readonly forwardedDescriptor: 'raw' | 'strict';
    /** OP-TEE sets tx_is_mine on every map; Hafnium and TF-A keep the old state. */
    readonly resetOwnershipOnMap: boolean;
  };
  /** Hafnium's nwd_vms[] slots (MAX_VMS build option): VMs with forwarded buffers. */
  readonly nwdVmSlots: number;
  /** FFA_RX_ACQUIRE for a VM id the SPMC does not know. */
  readonly rxAcquireUnknownVm: 'invalid' | 'panic';
  readonly partInfo: {
    /** Descriptor size for callers above v1.0. */
    readonly size: 24 | 48;
    /** w3 answered to a v1.0 caller (descriptors are 8 bytes either way). */
    readonly w3ForV10: 8 | 0;
    readonly unknownUuid: 'invalid' | 'success-zero';
    /** Flags bits [31:1] must be zero. */
    readonly flagsMbz: boolean;
    /** 'tail': zero the RX after the descriptors; 'whole-first': zero all of RX before writing. */
    readonly zeroRx: 'none' | 'tail' | 'whole-first';
    /** Entries the SPMC's staging array holds (more matches: NO_MEMORY, or INVALID in OP-TEE). */
    readonly staging: number;
    /** Cap the staging array by what fits the caller's RX too (Hafnium 90d33207). */
    readonly capByRx: boolean;
  };
  readonly handles: HandleScheme;
  /** Fragmented FFA_MEM_SHARE (fragment length < total length). */
  readonly fragmentedShare: 'supported' | 'rejected';
  /** Concurrent shares the SPMC tracks (Hafnium MAX_MEM_SHARES, OP-TEE 64 bits). */
  readonly maxShares: number;
}
