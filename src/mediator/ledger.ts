// The bug ledger of Xen's FF-A RX/TX paths (xen/arch/arm/tee/, xen-ffa-revisions §2.12) as data:
// where each entry is present among the modelled profiles, its source, and how it shows.
import type { RevisionName } from './revisions/index';

export type BugId =
  | 'B1' | 'B2' | 'B3' | 'B4' | 'B5' | 'B6' | 'B7' | 'B8' | 'B9' | 'B10'
  | 'B11' | 'B12' | 'B13' | 'B14' | 'B15' | 'B16' | 'B17' | 'B18' | 'B19' | 'B20';

/**
 * 'register': guest-visible or SMC register values; 'buffer': bytes in a buffer or memory state;
 * 'concurrency': only under an interleaving (with a sequential signature noted in `shows`);
 * 'static': a code property no guest call observes.
 */
export type BugKind = 'register' | 'buffer' | 'concurrency' | 'static';

export interface LedgerEntry {
  readonly id: BugId;
  readonly title: string;
  /** Profiles where the modelled mechanism is present. */
  readonly present: readonly RevisionName[];
  readonly kind: BugKind;
  /** Needs the firmware's RX_ACQUIRE bit (forwarding paths) to be reachable. */
  readonly needsRxAcquire: boolean;
  readonly source: string;
  readonly fixedBy: string;
  readonly shows: string;
}

const ALL: readonly RevisionName[] = ['S0', 'v0', 'v1', 'v2', '4.22.0'];
const UP_TO_V2: readonly RevisionName[] = ['S0', 'v0', 'v1', 'v2'];

export const LEDGER: readonly LedgerEntry[] = Object.freeze([
  { id: 'B1', title: 'ASSERT(!spin_is_locked) in the SPMC acquire helpers fires under contention', present: ['v0', 'v1'], kind: 'concurrency', needsRxAcquire: false,
    source: 'v0 04/10; Jens 2-3 Dec 2025 <CAHUa44Gq4L95i3w...>, <CAHUa44FQ8bC...>', fixedBy: 'v2 05/12 (9e9504ef32)',
    shows: 'two guests in PARTITION_INFO_GET: the second hits the ASSERT while the first holds ffa_spmc_rx_lock (debug builds); sequentially a spin_is_locked precedes every spin_lock(ffa_spmc_*_lock)' },
  { id: 'B2', title: 'SPMC acquire returns NULL with the spinlock held', present: ['v1', 'v2', '4.22.0'], kind: 'register', needsRxAcquire: false,
    source: 'v1 05/12 <491f62ede43a...>: "fix rx_acquire and tx_acquire to not release the spinlock"', fixedBy: 'not fixed',
    shows: 'after ffa_rxtx_spmc_destroy, a forwarded RXTX_MAP returns INVALID_PARAMETERS leaving ffa_spmc_tx_lock held; the next acquire deadlocks' },
  { id: 'B3', title: 'spurious FFA_RX_RELEASE(0) after a failed FFA_PARTITION_INFO_GET', present: UP_TO_V2, kind: 'register', needsRxAcquire: false,
    source: 'partinfo_init: S0; ffa_get_sp_partinfo: v0 04/10', fixedBy: 'a97fe0a4c7',
    shows: 'boot (all of S0..v2) and guest PARTITION_INFO_GET (v0..v2): RX_RELEASE(w1=0) follows an FFA_ERROR reply and gets DENIED' },
  { id: 'B4', title: 'SPMC buffers freed before FFA_RXTX_UNMAP; UNMAP sent even when MAP failed', present: ALL, kind: 'buffer', needsRxAcquire: false,
    source: 'ffa_rxtx_destroy (S0), ffa_rxtx_spmc_destroy (v0+)', fixedBy: 'not fixed',
    shows: 'when the SPMC receives FFA_RXTX_UNMAP(0) the two xenheap pages are already free heap pages' },
  { id: 'B5', title: 'endpoint RX/TX descriptor offsets 12/44 are not 8-byte aligned', present: UP_TO_V2, kind: 'buffer', needsRxAcquire: true,
    source: 'ffa_handle_rxtx_map: rx_region_offs = sizeof(desc)', fixedBy: 'd1b958a92c', shows: 'Xen TX bytes 4..11 at the forwarded FFA_RXTX_MAP_64: 12/44 (fixed: 16/48)' },
  { id: 'B6', title: 'global-map failure in RXTX_MAP returns INVALID_PARAMETERS', present: UP_TO_V2, kind: 'register', needsRxAcquire: false,
    source: 'ffa_handle_rxtx_map: ret keeps its initial value', fixedBy: 'd1b958a92c', shows: 'guest reply INVALID_PARAMETERS instead of NO_MEMORY' },
  { id: 'B7', title: 'RXTX_UNMAP while RX is owned or being written: use-after-unmap', present: UP_TO_V2, kind: 'concurrency', needsRxAcquire: false,
    source: 'rxtx_unmap has no rx_is_free check; ffa_rx_acquire drops rx_lock before the copy', fixedBy: '309e8edfe3',
    shows: 'interleaved: stale-mapping write into the guest RX; sequentially: RXTX_UNMAP right after a full PARTITION_INFO_GET succeeds (fixed: DENIED)' },
  { id: 'B8', title: 'map/unmap race on VM buffers without ctx locks', present: ['S0', 'v0'], kind: 'concurrency', needsRxAcquire: false,
    source: 'Bertrand 3 Dec 2025 <4E39091E-...@arm.com> ("race between rxtx map and unmap")', fixedBy: 'v1 04/12 = a3075e2fda',
    shows: 'interleaved: two RXTX_MAPs both pass the "already mapped" check and one mapping and its page references leak; sequentially: no ctx lock operations in map/unmap' },
  { id: 'B9', title: 'frag_len > tx_size in MEM_SHARE returns success with handle 0', present: ['v1', 'v2', '4.22.0'], kind: 'register', needsRxAcquire: false,
    source: '3528248b8c (VM rework): ret holds ffa_tx_acquire()\'s OK at "goto out_unlock"', fixedBy: 'not fixed',
    shows: 'MEM_SHARE with tot_len = frag_len = 5000: FFA_SUCCESS_32 w2 = w3 = 0 and no SMC (before: DENIED)' },
  { id: 'B10', title: 'FFA_RX_ACQUIRE never probed: VM buffer forwarding is dead code', present: UP_TO_V2, kind: 'register', needsRxAcquire: false,
    source: 'ffa_fw_abi_needed[] lacks FFA_RX_ACQUIRE', fixedBy: '4992308e97',
    shows: 'no FFA_FEATURES(FFA_RX_ACQUIRE) at boot, so RXTX_MAP is never forwarded even when the firmware supports it' },
  { id: 'B11', title: 'init_subscribers has no bound on fpi_size / count * fpi_size', present: UP_TO_V2, kind: 'buffer', needsRxAcquire: false,
    source: 'init_subscribers()', fixedBy: 'cca899b380',
    shows: 'a firmware answering a descriptor size past the page makes Xen read beyond its RX page, and boot succeeds (fixed: "Failed to cache SP list")' },
  { id: 'B12', title: '64 SPs: init rejects (>= 64) but runtime clamps at 64', present: ALL, kind: 'register', needsRxAcquire: false,
    source: 'ffa_partinfo_init: count >= FFA_MAX_NUM_SP', fixedBy: 'not fixed', shows: 'a firmware with 64 SPs: boot reports no firmware support' },
  { id: 'B13', title: 'page_count 0 accepted by RXTX_MAP', present: ['S0'], kind: 'register', needsRxAcquire: false,
    source: 'ffa_handle_rxtx_map (S0)', fixedBy: 'v0 03/10, a3075e2fda',
    shows: 'RXTX_MAP(count 0) succeeds, RXTX_UNMAP then fails INVALID_PARAMETERS, a new map is DENIED and two page references stay held' },
  { id: 'B14', title: 'unaligned RXTX_MAP addresses silently truncated', present: ['S0'], kind: 'register', needsRxAcquire: false,
    source: 'ffa_handle_rxtx_map (S0)', fixedBy: 'v0 03/10, a3075e2fda', shows: 'RXTX_MAP(tx + 0x10, rx + 0x10) succeeds (fixed: INVALID_PARAMETERS)' },
  { id: 'B15', title: 'ffa_fw_supports_fid bound off by one', present: ['S0'], kind: 'static', needsRxAcquire: false,
    source: 'ffa_private.h (S0)', fixedBy: 'a9eb6c6269', shows: 'bit index == bitmap size reads a bit of the rounded-up storage that is never set: no guest-visible effect' },
  { id: 'B16', title: 'FRAG_RX reply to MEM_SHARE gives the guest a positive "error"', present: ALL, kind: 'register', needsRxAcquire: false,
    source: 'ffa_mem_share() / ffa_spmc_share()', fixedBy: 'not fixed', shows: 'SPMC answers FFA_MEM_FRAG_RX(w3 = n): the guest gets FFA_ERROR with w2 = n' },
  { id: 'B17', title: 'teardown ignores an RXTX_UNMAP failure: pages pinned forever', present: ALL, kind: 'buffer', needsRxAcquire: true,
    source: 'ffa_rxtx_domain_destroy()', fixedBy: 'not fixed', shows: 'firmware refuses FFA_RXTX_UNMAP(vm) at teardown: both guest pages keep a reference after destruction' },
  { id: 'B18', title: 'guest RX_RELEASE not forwarded when Xen did not acquire the buffer', present: ALL, kind: 'register', needsRxAcquire: true,
    source: 'ffa_rx_release() (inference, xen-ffa-revisions §2.9)', fixedBy: 'not fixed', shows: 'RX_RELEASE on a free RX: DENIED and no FFA_RX_RELEASE(vm) to the SPMC' },
  { id: 'B19', title: 'RXTX_MAP does not require TX != RX', present: ALL, kind: 'register', needsRxAcquire: false,
    source: 'ffa_handle_rxtx_map()', fixedBy: 'not fixed', shows: 'RXTX_MAP(tx = rx) succeeds' },
  { id: 'B20', title: 'descriptor padding 12..15 keeps stale TX-buffer bytes', present: ['4.22.0'], kind: 'buffer', needsRxAcquire: true,
    source: 'd1b958a92c (header rounded to 16, pad never written)', fixedBy: 'not fixed (harmless if the SPMC ignores padding)',
    shows: 'bytes 12..15 of Xen TX at the forwarded map are whatever the buffer held before' },
] as const);

export function ledgerEntry(id: BugId): LedgerEntry {
  const e = LEDGER.find((x) => x.id === id);
  if (!e) throw new RangeError(`no ledger entry ${id}`);
  return e;
}

export function isPresent(id: BugId, rev: RevisionName): boolean {
  return ledgerEntry(id).present.includes(rev);
}
