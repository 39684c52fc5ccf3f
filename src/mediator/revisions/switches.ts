// Xen xen/arch/arm/tee/ (ffa.c, ffa_rxtx.c, ffa_partinfo.c, ffa_shm.c, ffa_msg.c, ffa_private.h):
// the behaviour switches that tell the modelled revisions apart. A revision is data; the handlers
// read these switches at the points where the C code of the revisions differs.
import type { FidName } from '../../ffa/ids';

export type RevisionName = 'S0' | 'v0' | 'v1' | 'v2' | '4.22.0';

export const REVISION_NAMES: readonly RevisionName[] = Object.freeze(['S0', 'v0', 'v1', 'v2', '4.22.0'] as const);

export interface Switches {
  /** FFA_MY_VERSION (ffa_private.h): offered to the SPMC and to guests. */
  readonly myVersion: number;
  /** FFA_FNUM_MAX_VALUE (asm/tee/ffa.h): the FF-A function-number window and bitmap size. */
  readonly fnumMax: number;
  /** ffa_fw_supports_fid() bound check: 'gt' is the off-by-one (B15), 'ge' the fixed one. */
  readonly abiBoundCheck: 'gt' | 'ge';
  /** ffa_fw_abi_needed[]: the ABIs probed with FFA_FEATURES at boot, in table order. */
  readonly probeList: readonly FidName[];
  /** Hafnium <= v2.14 workaround: SEND2 reported without RX_ACQUIRE means RX_ACQUIRE is assumed. */
  readonly send2ImpliesRxAcquire: boolean;
  /** ffa_get_version() masks a0 to 32 bits before comparing with NOT_SUPPORTED. */
  readonly versionReplyMasked: boolean;
  /** Guest FFA_VERSION: 'immediate' (S0 handle_version) or 'deferred' (published on first other call). */
  readonly guestVersion: 'immediate' | 'deferred';
  /** ctx->is_64bit set at version publication (6e8c62d457); before, at ffa_domain_init() where
   *  is_64bit_domain() is not yet valid, so it reads false. Visible in VM-to-VM partinfo only. */
  readonly is64bitAtPublish: boolean;
  /** SMCCC64 calls from AArch32 guests refused, and x8..x17 zeroed in replies to v1.2 guests. */
  readonly smccc12Replies: boolean;
  /** 'globals': S0's ffa_rx/ffa_tx with ffa_{rx,tx}_buffer_lock; 'helpers': ffa_rxtx_spmc_* helpers. */
  readonly spmcBuffers: 'globals' | 'helpers';
  /** ASSERT(!spin_is_locked(...)) at the top of the SPMC acquire helpers (B1). */
  readonly spmcAcquireAssertUnlocked: boolean;
  /** The SPMC acquire helpers unlock before returning NULL (false: NULL with the lock held, B2). */
  readonly spmcAcquireNullUnlocks: boolean;
  /** ffa_rxtx_spmc_rx_release(bool notify_fw) returning the SMC result (else: always releases). */
  readonly spmcRxReleaseNotifyArg: boolean;
  /** RXTX_MAP rejects page_count 0 and unaligned addresses (B13/B14 fixed). */
  readonly mapRejectsZeroAndUnaligned: boolean;
  /** RXTX_MAP/RXTX_UNMAP take ctx->rx_lock then ctx->tx_lock (B8 fixed). */
  readonly mapTakesCtxLocks: boolean;
  /** sizeof-based (12) or ROUNDUP(.., 8) (16) header of the forwarded endpoint RX/TX descriptor (B5). */
  readonly rxtxDescHeader: 12 | 16;
  /** __map_domain_page_global() failure in RXTX_MAP: INVALID_PARAMETERS (B6) or NO_MEMORY. */
  readonly mapFailNoMemory: boolean;
  /** rxtx_unmap(d, teardown): DENIED while the guest owns RX; teardown releases it (B7 fixed). */
  readonly unmapChecksOwnership: boolean;
  /** ffa_rxtx_domain_init(): absent, lock init only, or lock init plus clearing the fields. */
  readonly rxtxDomainInit: 'none' | 'locks' | 'full';
  /** ffa_rx_acquire(ctx, &buf, &size) and ffa_tx_acquire/release used by MEM_SHARE (B9 appears). */
  readonly vmBufferHelpers: boolean;
  /** SP partition info: fetched from the SPMC per request, or cached once at boot. */
  readonly partinfo: 'runtime' | 'cached';
  /** struct ffa_uuid helpers: UUID-aware VM counts, w3 = 0 for count-only and v1.0, caller entry for v1.2. */
  readonly partinfoUuidHelpers: boolean;
  /** handle_features(): 'strict-args' (w2..w7 must be 0, fixed answers) or the 4.22.0 table. */
  readonly features: 'strict-args' | '4.22';
  /** Direct requests: 'legacy' (ABORTED reply carries src_dst in w1) or the FFA_RUN helper. */
  readonly directReq: 'legacy' | 'run-helper';
  /** share_shm() emits 32-byte EMADs with the guest IMPDEF when the firmware is >= 1.2. */
  readonly shmEmad12: boolean;
  /** MEM_SHARE refuses the NS attribute bit with INVALID_PARAMETERS. */
  readonly shmNsCheck: boolean;
  /** MEM_SHARE page parsing hardening (alignment, overflow, EMAD size/offset, page limit `>`). */
  readonly shmHardened: boolean;
  /** printk levels: 'classic' or after "Reduce logging noise" (9d63e7e9ca) moved guest errors to debug. */
  readonly logs: 'classic' | 'reduced';
}

export type SwitchName = keyof Switches;

/** A revision profile: switch values, each with the commit or message it comes from. */
export interface Revision {
  readonly name: RevisionName;
  readonly title: string;
  /** The tree state it models (commit, or patch series revision as posted). */
  readonly base: string;
  readonly switches: Switches;
  readonly sources: { readonly [K in SwitchName]: string };
}
