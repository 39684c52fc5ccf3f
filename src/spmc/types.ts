// Public shapes of the SPMC model (Arm DEN0077 FF-A v1.1-v1.3 partition manager at the NS physical
// FF-A instance; Hafnium src/api.c, TF-A el3_spmc/spmc_main.c, OP-TEE thread_spmc.c).
import type { Frame } from '../ffa/frame';
import type { FfaRetName } from '../ffa/errors';
import type { PhysMem } from '../sim/memory';
import type { UuidWords } from '../descriptors/uuid';
import type { Personality, PersonalityName } from './personality';

export type { UuidWords };

/** One secure partition as its manifest describes it. */
export interface SpConfig {
  /** Partition id; bit 15 must be set (secure endpoint). */
  readonly id: number;
  /** The UUID as FFA_PARTITION_INFO_GET carries it in w1..w4. */
  readonly uuid: UuidWords;
  /** Execution-context (vCPU) count. */
  readonly execCount: number;
  /** Partition properties as the manifest declares them (bits as in DEN0077 Table 6.2). */
  readonly properties: number;
  /** The partition's own FF-A version (48-byte descriptors report it). Default v1.2. */
  readonly ffaVersion?: number;
  /** Image UUID (v1.3 48-byte descriptors); default nil. */
  readonly imageUuid?: UuidWords;
  /** A label for traces and notebooks. */
  readonly name?: string;
}

export interface SpmcConfig {
  readonly mem: PhysMem;
  readonly personality: PersonalityName | Personality;
  readonly partitions: readonly SpConfig[];
  /** Physical CPUs; TF-A reports this as every SP's execution-context count. Default 4. */
  readonly cpuCount?: number;
  /** Record the trace (default true). The interleaving explorer may turn it off for speed. */
  readonly trace?: boolean;
}

/**
 * Who owns an endpoint's RX buffer (Hafnium's enum mailbox_state, seen from the SPMC):
 * 'free' = EMPTY, the producer (SPMC) may write; 'full' = FULL, the consumer owns it until
 * FFA_RX_RELEASE; 'acquired' = OTHER_WORLD_OWNED, the hypervisor took a VM's RX with FFA_RX_ACQUIRE.
 */
export type RxOwnership = 'free' | 'full' | 'acquired';

/** Mapped or not, and the ownership value the SPMC holds (kept across unmap by Hafnium and TF-A). */
export interface RxState {
  readonly mapped: boolean;
  readonly ownership: RxOwnership;
}

export type SpmcEvent =
  | { readonly kind: 'call'; readonly seq: number; readonly caller: number; readonly frame: Frame }
  | { readonly kind: 'reply'; readonly seq: number; readonly frame: Frame }
  | {
      readonly kind: 'refusal';
      readonly seq: number;
      readonly abi: string;
      readonly code: number;
      readonly reason: string;
      /** Set when the real implementation changes state although it refuses (why, and where). */
      readonly mutates?: string;
    }
  | {
      readonly kind: 'rx';
      readonly seq: number;
      readonly endpoint: number;
      readonly from: RxState;
      readonly to: RxState;
      readonly cause: string;
    }
  | { readonly kind: 'note'; readonly seq: number; readonly text: string }
  | { readonly kind: 'injected'; readonly seq: number; readonly rule: string }
  | { readonly kind: 'panic'; readonly seq: number; readonly reason: string };

/** What an injected rule answers: an FF-A error, or a whole reply frame. */
export type InjectedReply = { readonly error: FfaRetName | number } | { readonly frame: Frame };

/**
 * Make an ABI answer a chosen error or reply. 'instead' (default): the call is not executed, so
 * no SPMC state changes; 'after': the call runs, then its reply is replaced (a lost reply).
 */
export interface FaultInjection {
  readonly fid: number;
  /** Only calls from this caller id. */
  readonly caller?: number;
  /** Only calls whose registers equal these (index -> value), e.g. {1: 0x8002} for one SP. */
  readonly args?: Readonly<Record<number, number | bigint>>;
  readonly reply: InjectedReply;
  /** How many matching calls to answer: a count (default 1) or 'always'. */
  readonly times?: number | 'always';
  readonly mode?: 'instead' | 'after';
  readonly label?: string;
}

export interface ShareRange {
  readonly pa: number;
  readonly pages: number;
}

/** A memory transaction the SPMC tracks between FFA_MEM_SHARE and FFA_MEM_RECLAIM (see _shares.ts). */
export interface Share {
  readonly handle: bigint;
  readonly fid: number;
  /** The endpoint id the descriptor names as sender (a VM id when the hypervisor forwards). */
  readonly sender: number;
  /** Who made the SMC (0 for anything from the normal world). */
  readonly caller: number;
  readonly total: number;
  /** Descriptor bytes received so far (all of them once complete). */
  bytes: Uint8Array;
  received: number;
  receivers: readonly number[];
  ranges: readonly ShareRange[];
  readonly retrievedBy: Set<number>;
}
