// Flag notes of the SPMC suite (spmc.md; spmc-implementations.md §1.3-1.7, §2, §4): what each
// family of cases exercises, and who answers what where the implementations differ.
import type { FlagNote } from '../format';
import { LEDGER_FLAGS } from './ledger';

function basic(description: string): FlagNote {
  return { bugType: 'BASIC', description };
}

function differs(description: string, implementations: readonly string[]): FlagNote {
  return { bugType: 'IMPLEMENTATION_DEFINED', description, implementations };
}

export const SPMC_FLAGS: Readonly<Record<string, FlagNote>> = Object.freeze({
  VersionNegotiation: differs('FFA_VERSION: the reply is a version in w0 (or NOT_SUPPORTED in w0), and whether it may change after other calls differs.', [
    'Hafnium: compiled v1.3; major or higher minor -> NOT_SUPPORTED; locked after the first other call',
    'TF-A EL3 SPMC: answers its own v1.2; locked after the first other call, which needs a version first',
    'OP-TEE: answers v1.2, records min(requested, own), renegotiation allowed',
  ]),
  Features: differs('FFA_FEATURES answers differ per implementation and caller version (w2 properties, which ids are listed).', [
    'Hafnium v2.15+ lists RX_ACQUIRE for the hypervisor and no RXTX_MAP_32', 'TF-A and OP-TEE answer w2 = 0 for RXTX_MAP',
  ]),
  RxAcquireFeature: {
    bugType: 'IMPLEMENTATION_DEFINED',
    description: 'Whether FFA_FEATURES reports FFA_RX_ACQUIRE: Hafnium implements the call in v2.14 but lists it only from v2.15 (7ae7d281); Xen 4.22.0 (4992308e97) assumes it when MSG_SEND2 is reported.',
    implementations: ['Hafnium v2.14: not listed', 'Hafnium v2.15+: listed for the hypervisor', 'TF-A, OP-TEE: not implemented'],
  },
  Identity: basic('FFA_ID_GET / FFA_SPM_ID_GET: the NS physical instance is 0, the SPMC 0x8000 (answered by the SPMD).'),
  Unsupported: basic('A function id the SPMC does not implement: FFA_ERROR(NOT_SUPPORTED).'),
  RxtxMap: basic('FFA_RXTX_MAP: page count, alignment, overlap and memory checks, then DENIED for a second map.'),
  BufferSizeLimit: differs('RX/TX buffers of more than one page.', ['Hafnium: 1 (build default)', 'TF-A: up to 31 (mask 0x1f)', 'OP-TEE: up to 63']),
  MapTxEqualsRx: LEDGER_FLAGS.MapTxEqualsRx,
  ForwardedMap: differs('A hypervisor forwards a VM\'s buffers: FFA_RXTX_MAP_64(0, 0, 0) with an endpoint RX/TX descriptor in its own TX (spmc-implementations §1.3, §3.2).', [
    'Hafnium: supported', 'TF-A EL3 SPMC: INVALID_PARAMETERS (not supported)', 'OP-TEE: INVALID_PARAMETERS (0 pages)',
  ]),
  UnalignedRxtxOffsets: { ...LEDGER_FLAGS.UnalignedRxtxOffsets, implementations: ['Hafnium v2.14: alignment fault (firmware crash)', 'Hafnium v2.15+: INVALID_PARAMETERS (b9c1912c)'] },
  StalePadding: LEDGER_FLAGS.StalePadding,
  RxtxUnmap: basic('FFA_RXTX_UNMAP: w1[31:16] names the owner at the NS physical instance only; nothing mapped -> INVALID_PARAMETERS.'),
  OwnershipAcrossUnmap: differs('RX ownership across unmap and re-map.', [
    'Hafnium, TF-A: no ownership check on unmap, state kept across a re-map (obs.)', 'OP-TEE: ownership reset on map', 'Xen guest-facing: DENIED while owned (309e8edfe3)',
  ]),
  RxOwnership: basic('RX ownership: a call that fills the RX hands it to the caller, who must FFA_RX_RELEASE it; BUSY while it is not free.'),
  DoubleRelease: basic('Releasing an RX buffer the caller does not own (already free): DENIED in Hafnium, TF-A and OP-TEE.'),
  SpuriousRxRelease: { ...LEDGER_FLAGS.SpuriousRxRelease, implementations: ['the SPMC answers DENIED: the buffer was never handed over'] },
  BuffersFreedBeforeUnmap: { ...LEDGER_FLAGS.BuffersFreedBeforeUnmap, implementations: ['Hafnium: the copy into the freed page faults, ABORTED', 'TF-A, OP-TEE: write through their mapping (obs.)'] },
  CountOnly: basic('Count-only PARTITION_INFO_GET (w5 bit 0): w3 = 0, RX untouched, no ownership transfer, works without buffers.'),
  RxAcquire: differs('FFA_RX_ACQUIRE / FFA_RX_RELEASE(vm) on a VM\'s forwarded RX (spmc-implementations §1.3).', [
    'Hafnium: hypervisor only; DENIED unless EMPTY; unknown VM crashes before 67686054', 'TF-A, OP-TEE: not implemented',
  ]),
  PartitionInfo: basic('FFA_PARTITION_INFO_GET: w2 = count, w3 = size, descriptors in the caller\'s RX.'),
  PartitionInfoSize: differs('Descriptor size (w3) and layout for the caller\'s version.', [
    'Hafnium <= v2.14, TF-A, OP-TEE: 24 bytes for v1.1+', 'Hafnium v2.15+: 48 bytes for v1.1+', 'v1.0 callers: 8-byte entries, w3 = 8 (Hafnium) or 0 (TF-A, OP-TEE)',
  ]),
  UnknownUuid: differs('A UUID that no partition has.', ['Hafnium, TF-A: INVALID_PARAMETERS', 'OP-TEE: SUCCESS with count 0']),
  Capacity: differs('More partitions than a staging array or the RX buffer holds.', ['Hafnium: NO_MEMORY', 'TF-A: NO_MEMORY (staging 8)', 'OP-TEE: INVALID_PARAMETERS after writing what fits']),
  MemShare: basic('FFA_MEM_SHARE / FFA_MEM_LEND from the hypervisor\'s TX: transport checks, descriptor checks, ownership of the pages; the handle in w2 (low) and w3 (high).'),
  Fragmented: differs('A memory transaction sent in fragments: FFA_MEM_FRAG_RX (handle in w1/w2, offset in w3), then FFA_MEM_FRAG_TX.', [
    'Hafnium, TF-A: supported', 'OP-TEE since 1ff0a11d2: INVALID_PARAMETERS (lengths reach the parser swapped, obs.)',
  ]),
  MemRetrieve: basic('An SP retrieves (FFA_MEM_RETRIEVE_REQ, answer FFA_MEM_RETRIEVE_RESP with the descriptor in its RX) and relinquishes shared memory; the lender cannot reclaim while it is retrieved.'),
  MemReclaim: basic('FFA_MEM_RECLAIM: handle in w1 (low) and w2 (high); unknown handle -> INVALID_PARAMETERS.'),
  DirectMessage: basic('Direct requests: partition messages and the VM created (4) / destroyed (6) framework messages Xen sends to subscribed SPs.'),
  FirmwarePanic: {
    bugType: 'KNOWN_BUG',
    description: 'The firmware crashes on this input (the step has no reply and `firmwarePanic` gives the reason): a real SPMC bug of this personality, fixed in a later version.',
    effect: 'the whole secure world stops',
    implementations: ['Hafnium v2.14: unaligned RX/TX descriptor offsets (fixed b9c1912c)', 'Hafnium <= v2.15: FFA_RX_ACQUIRE of an unknown VM (fixed 67686054)'],
  },
});
