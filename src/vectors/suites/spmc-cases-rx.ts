// SPMC cases: RX buffer ownership (FFA_RX_RELEASE, FFA_RX_ACQUIRE) and FFA_PARTITION_INFO_GET
// (spmc.md "RX/TX buffers and ownership"; spmc-implementations.md §1.1, §1.3, §1.5-1.7). Append-only.
import { FID } from '../../ffa/ids';
import { V1_0, V1_1 } from '../../ffa/version';
import {
  boot, forwardVm1, FREED, HYP_TX, hello, NIL, partinfo, smc, SP1, SP1_RX, SP1_TX, SP2, uuidOf, VM1, type SpmcCase,
} from './_spmc-steps';

const RELEASE = FID.FFA_RX_RELEASE;
const ACQUIRE = FID.FFA_RX_ACQUIRE;
const UNKNOWN_UUID = [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321] as const;

export const RX_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'rx-release/after-partinfo', comment: 'PARTITION_INFO_GET hands RX to the caller; FFA_RX_RELEASE gives it back', flags: ['RxOwnership'], steps: [...boot(), partinfo(0, NIL), smc(0, RELEASE, 0)] },
  { id: 'rx-release/twice', comment: 'A second FFA_RX_RELEASE: the buffer is already free, DENIED', flags: ['RxOwnership', 'DoubleRelease'], steps: [...boot(), partinfo(0, NIL), smc(0, RELEASE, 0), smc(0, RELEASE, 0)] },
  { id: 'rx-release/never-filled', comment: 'FFA_RX_RELEASE right after the map: nothing to release, DENIED', flags: ['RxOwnership', 'DoubleRelease'], steps: [...boot(), smc(0, RELEASE, 0)] },
  { id: 'rx-release/no-buffers', comment: 'FFA_RX_RELEASE with no buffers mapped', flags: ['RxOwnership'], steps: [hello(), smc(0, RELEASE, 0)] },
  { id: 'rx-release/after-failed-partinfo', comment: 'PARTITION_INFO_GET fails (unknown UUID), then FFA_RX_RELEASE(0): the release Xen issues on that path (ledger B3) is spurious and refused', flags: ['RxOwnership', 'SpuriousRxRelease'], steps: [...boot(), partinfo(0, UNKNOWN_UUID), smc(0, RELEASE, 0)] },
  { id: 'rx-release/after-count-only', comment: 'Count-only PARTITION_INFO_GET transfers no ownership: a release after it is refused (the Linux fix 4567bdaaaaa1)', flags: ['RxOwnership', 'CountOnly'], steps: [...boot(), partinfo(0, NIL, 1), smc(0, RELEASE, 0)] },
  { id: 'rx-release/sp-with-id', comment: 'An SP passes a non-zero id in w1: only the NS physical instance may name a VM', flags: ['RxOwnership'], steps: [hello(undefined, SP1), smc(SP1, FID.FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), smc(SP1, RELEASE, SP2)] },
  { id: 'rx-release/unknown-vm', comment: 'The hypervisor releases the RX of a VM the SPMC does not know (w1 = 9)', flags: ['RxOwnership'], steps: [...boot(), smc(0, RELEASE, 9)] },
  { id: 'rx-release/forwarded-vm-free', comment: 'The hypervisor releases a forwarded VM\'s RX that is free', flags: ['RxOwnership', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, RELEASE, VM1)] },
  { id: 'rx-acquire/vm', comment: 'FFA_RX_ACQUIRE(VM 2) after a forwarded map: the hypervisor owns the VM\'s RX (OTHER_WORLD_OWNED)', flags: ['RxAcquire', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, ACQUIRE, VM1)] },
  { id: 'rx-acquire/twice', comment: 'A second FFA_RX_ACQUIRE of the same VM: DENIED', flags: ['RxAcquire', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, ACQUIRE, VM1), smc(0, ACQUIRE, VM1)] },
  { id: 'rx-acquire/release-acquire', comment: 'Acquire, release (w1 = VM id), acquire again: the xen-ffa-revisions §2.10 cycle', flags: ['RxAcquire', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, ACQUIRE, VM1), smc(0, RELEASE, VM1), smc(0, ACQUIRE, VM1)] },
  { id: 'rx-acquire/from-sp', comment: 'An SP calls FFA_RX_ACQUIRE: hypervisor only, NOT_SUPPORTED', flags: ['RxAcquire'], steps: [hello(undefined, SP1), smc(SP1, ACQUIRE, VM1)] },
  { id: 'rx-acquire/sp-id', comment: 'The hypervisor names an SP id: NOT_SUPPORTED', flags: ['RxAcquire'], steps: [...boot(), smc(0, ACQUIRE, SP1)] },
  { id: 'rx-acquire/unknown-vm', comment: 'FFA_RX_ACQUIRE of a VM the SPMC never saw: Hafnium before 67686054 crashes, HEAD answers INVALID_PARAMETERS', flags: ['RxAcquire'], steps: [...boot(), smc(0, ACQUIRE, 9)] },
  { id: 'rx-acquire/after-unmap', comment: 'Forward VM 2, unmap it, then FFA_RX_ACQUIRE(VM 2): its slot is gone', flags: ['RxAcquire', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, FID.FFA_RXTX_UNMAP, VM1 << 16), smc(0, ACQUIRE, VM1)] },
  { id: 'rx-release/forwarded-vm-acquired', comment: 'FFA_RX_RELEASE(VM 2) after FFA_RX_ACQUIRE(VM 2): ownership returns to the SPMC', flags: ['RxAcquire', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, ACQUIRE, VM1), smc(0, RELEASE, VM1)] },
]);

export const PARTINFO_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'partinfo/nil-uuid', comment: 'Nil UUID: every SP, descriptors in the caller\'s RX, w2 = count, w3 = descriptor size', flags: ['PartitionInfo', 'PartitionInfoSize'], steps: [...boot(), partinfo(0, NIL)] },
  { id: 'partinfo/nil-uuid-count-only', comment: 'Nil UUID, count only (w5 = 1): w2 = count, w3 = 0, RX untouched and still free', flags: ['PartitionInfo', 'CountOnly'], steps: [...boot(), partinfo(0, NIL, 1)] },
  { id: 'partinfo/one-uuid', comment: 'The UUID of SP 0x8002: one descriptor (UUID field zeroed by Hafnium and TF-A for a non-nil query)', flags: ['PartitionInfo', 'PartitionInfoSize'], steps: [...boot(), partinfo(0, uuidOf(SP2))] },
  { id: 'partinfo/unknown-uuid', comment: 'A UUID no SP has: INVALID_PARAMETERS (Hafnium, TF-A), SUCCESS with count 0 (OP-TEE)', flags: ['PartitionInfo', 'UnknownUuid'], steps: [...boot(), partinfo(0, [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321])] },
  { id: 'partinfo/unknown-uuid-count-only', comment: 'Count only for an unknown UUID', flags: ['PartitionInfo', 'UnknownUuid', 'CountOnly'], steps: [...boot(), partinfo(0, [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321], 1)] },
  { id: 'partinfo/flags-mbz', comment: 'w5 = 2 (bits [31:1] must be zero): Hafnium refuses, TF-A and OP-TEE ignore', flags: ['PartitionInfo'], steps: [...boot(), partinfo(0, NIL, 2)] },
  { id: 'partinfo/no-rx', comment: 'PARTITION_INFO_GET before FFA_RXTX_MAP: BUSY', flags: ['PartitionInfo', 'RxOwnership'], steps: [hello(), partinfo(0, NIL)] },
  { id: 'partinfo/no-rx-count-only', comment: 'Count only works without buffers', flags: ['PartitionInfo', 'CountOnly'], steps: [hello(), partinfo(0, NIL, 1)] },
  { id: 'partinfo/rx-full', comment: 'A second PARTITION_INFO_GET without FFA_RX_RELEASE: BUSY', flags: ['PartitionInfo', 'RxOwnership'], steps: [...boot(), partinfo(0, NIL), partinfo(0, NIL)] },
  { id: 'partinfo/release-and-again', comment: 'Get, release, get: the second call succeeds', flags: ['PartitionInfo', 'RxOwnership'], steps: [...boot(), partinfo(0, NIL), smc(0, RELEASE, 0), partinfo(0, NIL)] },
  { id: 'partinfo/v1.0-caller', comment: 'A v1.0 caller: 8-byte descriptors, properties bits [2:0] only, w3 = 8 (Hafnium) or 0 (TF-A, OP-TEE)', flags: ['PartitionInfo', 'PartitionInfoSize'], steps: [...boot(V1_0), partinfo(0, NIL)] },
  { id: 'partinfo/v1.1-caller', comment: 'A v1.1 caller', flags: ['PartitionInfo', 'PartitionInfoSize'], steps: [...boot(V1_1), partinfo(0, NIL)] },
  { id: 'partinfo/count-only-keeps-rx-free', comment: 'Count only, then a full query: the count-only call did not take the RX', flags: ['PartitionInfo', 'CountOnly'], steps: [...boot(), partinfo(0, NIL, 1), partinfo(0, NIL)] },
  { id: 'partinfo/sp-caller', comment: 'An SP asks for the partitions through its own RX', flags: ['PartitionInfo'], steps: [hello(undefined, SP1), smc(SP1, FID.FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), partinfo(SP1, NIL)] },
  { id: 'partinfo/rx-acquired-vm-unaffected', comment: 'The hypervisor acquires VM 2\'s RX, then queries through its own RX: only its own RX counts', flags: ['PartitionInfo', 'RxAcquire'], steps: [...forwardVm1(), smc(0, ACQUIRE, VM1), partinfo(0, NIL)] },
]);

export const EDGE_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'partinfo-none/nil-uuid', setup: 'none', comment: 'No SP at all, nil UUID: Hafnium\'s CHECK fails (firmware crash), others answer INVALID_PARAMETERS', flags: ['PartitionInfo'], steps: [...boot(), partinfo(0, NIL)] },
  { id: 'partinfo/rx-page-freed', comment: 'The hypervisor\'s RX page was given back to its heap before FFA_RXTX_UNMAP (ledger B4): the SPMC\'s copy into it faults (Hafnium: ABORTED)', flags: ['PartitionInfo', 'BuffersFreedBeforeUnmap'], steps: [hello(), smc(0, FID.FFA_RXTX_MAP_64, HYP_TX, FREED, 1), partinfo(0, NIL)] },
]);

export const MANY_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'partinfo-many/nil-uuid', setup: 'many', comment: '171 SPs: more than a 4 KiB RX holds as 24-byte descriptors and more than every staging array', flags: ['PartitionInfo', 'Capacity'], steps: [...boot(), partinfo(0, NIL)] },
  { id: 'partinfo-many/count-only', setup: 'many', comment: '171 SPs, count only', flags: ['PartitionInfo', 'Capacity', 'CountOnly'], steps: [...boot(), partinfo(0, NIL, 1)] },
  { id: 'partinfo-many/one-uuid', setup: 'many', comment: '171 SPs, one UUID: fits everywhere', flags: ['PartitionInfo', 'Capacity'], steps: [...boot(), partinfo(0, [0x10000005, 0x2222aaaa, 0x3333bbbb, 0x4444cccc])] },
]);
