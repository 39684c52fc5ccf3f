// SPMC cases: FFA_RXTX_MAP (direct and forwarded) and FFA_RXTX_UNMAP, every check in the order the
// implementations make them (spmc-implementations.md §1.3, §1.5, §1.6, §3.2). Append-only.
import { encodeEndpointRxtx } from '../../descriptors/index';
import { FID } from '../../ffa/ids';
import { VectorGenerationError } from '../errors';
import { V1_1 } from '../../ffa/version';
import {
  boot, forward, forwardOverStale, forwardVm1, GUEST, hello, HYP_RX, HYP_TX, NIL, partinfo, rxtxOf, SECURE, smc, SP1, SP1_RX, SP1_TX, SP2,
  VM1, VM1_RX, VM1_TX, VM2, VM2_RX, VM2_TX, write, type SpmcCase,
} from './_spmc-steps';

const MAP = FID.FFA_RXTX_MAP_64;
const UNMAP = FID.FFA_RXTX_UNMAP;

/** Sixteen VMs fill Hafnium's nwd_vms[] (MAX_VMS); the seventeenth has no slot. */
function seventeenVms(): ReturnType<typeof forward> {
  return Array.from({ length: 17 }, (_, i) => forward(rxtxOf(0x10 + i, GUEST + 0x2000 * i, GUEST + 0x2000 * i + 0x1000))).flat();
}

/** The canonical descriptor with address_range_count of the RX composite set to 0. */
function noRanges(): Uint8Array {
  const b = canonical();
  new DataView(b.buffer).setUint32(20, 0, true);
  return b;
}

/** The canonical descriptor with rx_region_offs 4080, where 16 bytes of composite header fit but no range. */
function pastPage(): Uint8Array {
  const b = new Uint8Array(4096);
  b.set(canonical());
  new DataView(b.buffer).setUint32(4, 4080, true);
  return b;
}

function canonical(): Uint8Array {
  const e = encodeEndpointRxtx(rxtxOf(VM1, VM1_RX, VM1_TX), { layout: 'aligned-16-48' });
  if (!e.ok) throw new VectorGenerationError('canonical rxtx', e.error.message);
  return e.bytes.slice();
}

export const MAP_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'rxtx-map/hypervisor', comment: 'The hypervisor maps its own TX and RX (one page each)', flags: ['RxtxMap'], steps: boot() },
  { id: 'rxtx-map/second-map', comment: 'A second FFA_RXTX_MAP while mapped: DENIED', flags: ['RxtxMap'], steps: [...boot(), smc(0, MAP, HYP_TX + 0x2000, HYP_RX + 0x2000, 1)] },
  { id: 'rxtx-map/zero-pages', comment: 'Page count 0: INVALID_PARAMETERS', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, HYP_TX, HYP_RX, 0)] },
  { id: 'rxtx-map/two-pages', comment: 'Two pages each: above Hafnium\'s build maximum (1), accepted by TF-A (31) and OP-TEE (63)', flags: ['RxtxMap', 'BufferSizeLimit'], steps: [hello(), smc(0, MAP, HYP_TX, HYP_TX + 0x2000, 2)] },
  { id: 'rxtx-map/tx-unaligned', comment: 'TX address not 4 KiB aligned (+0x100)', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, HYP_TX + 0x100, HYP_RX, 1)] },
  { id: 'rxtx-map/rx-unaligned', comment: 'RX address not 4 KiB aligned (+0x100)', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, HYP_TX, HYP_RX + 0x100, 1)] },
  { id: 'rxtx-map/tx-equals-rx', comment: 'TX and RX are the same page: refused by Hafnium and TF-A (Xen\'s guest-facing map accepts it, ledger B19)', flags: ['RxtxMap', 'MapTxEqualsRx'], steps: [hello(), smc(0, MAP, HYP_TX, HYP_TX, 1)] },
  { id: 'rxtx-map/ranges-overlap', comment: 'Two-page TX and RX overlapping by one page', flags: ['RxtxMap', 'BufferSizeLimit'], steps: [hello(), smc(0, MAP, HYP_TX, HYP_TX + 0x1000, 2)] },
  { id: 'rxtx-map/secure-memory', comment: 'The normal world names secure memory as its buffers', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, SECURE, SECURE + 0x1000, 1)] },
  { id: 'rxtx-map/unbacked', comment: 'Addresses with no RAM behind them (0x1000000000)', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, 0x1000000000, 0x1000001000, 1)] },
  { id: 'rxtx-map/x3-high-bits', comment: 'w3 = 0x41: page count 1 with bit 6 set (OP-TEE: bits [63:6] MBZ; TF-A masks with 0x1f)', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, HYP_TX, HYP_RX, 0x41)] },
  { id: 'rxtx-map/sp-own-secure-pages', comment: 'An SP maps buffers in secure memory', flags: ['RxtxMap'], steps: [hello(undefined, SP1), smc(SP1, MAP, SP1_TX, SP1_RX, 1)] },
  { id: 'rxtx-map/sp-ns-pages', comment: 'An SP names normal-world pages as its buffers', flags: ['RxtxMap'], steps: [hello(undefined, SP1), smc(SP1, MAP, GUEST + 0x8000, GUEST + 0x9000, 1)] },
  { id: 'rxtx-map/sp-pages-of-another-sp', comment: 'SP 0x8002 names the pages SP 0x8001 already uses', flags: ['RxtxMap'], steps: [hello(undefined, SP1), smc(SP1, MAP, SP1_TX, SP1_RX, 1), hello(undefined, SP2), smc(SP2, MAP, SP1_TX, SP1_RX, 1)] },
  { id: 'rxtx-map/remap-after-unmap', comment: 'Map, unmap, map again: OK', flags: ['RxtxMap', 'RxtxUnmap'], steps: [...boot(), smc(0, UNMAP, 0), smc(0, MAP, HYP_TX, HYP_RX, 1)] },
  { id: 'rxtx-map/address-beyond-ram', comment: 'Page-aligned addresses at 2^53, beyond any RAM', flags: ['RxtxMap'], steps: [hello(), smc(0, MAP, 0x20000000000000n, 0x20000000001000n, 1)] },
  { id: 'rxtx-map/ns-pages-of-forwarded-vm', comment: 'After a forwarded map of VM 2, the hypervisor names VM 2\'s pages for another map: they left the SPMC\'s normal-world view (738bee13)', flags: ['ForwardedMap'], steps: [...forwardVm1(), ...forward(rxtxOf(VM2, VM1_RX, VM1_TX))] },
]);

export const FORWARD_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'rxtx-forward/vm', comment: 'Forwarded FFA_RXTX_MAP_64(0, 0, 0) with the canonical 16/48 descriptor for VM 2', flags: ['ForwardedMap'], steps: forwardVm1() },
  { id: 'rxtx-forward/two-vms', comment: 'Two VMs forwarded in a row', flags: ['ForwardedMap'], steps: [...forwardVm1(), ...forward(rxtxOf(VM2, VM2_RX, VM2_TX))] },
  { id: 'rxtx-forward/same-vm-twice', comment: 'The same VM forwarded twice: DENIED (already has buffers)', flags: ['ForwardedMap'], steps: [...forwardVm1(), ...forward(rxtxOf(VM1, VM2_RX, VM2_TX))] },
  { id: 'rxtx-forward/no-hypervisor-buffers', comment: 'Forwarded map before the hypervisor mapped its own pair: INVALID_PARAMETERS (Hafnium b9705e2b)', flags: ['ForwardedMap'], steps: [hello(), write(HYP_TX, new Uint8Array(80)), smc(0, MAP, 0, 0, 0)] },
  { id: 'rxtx-forward/xen-12-44', comment: 'The 12/44 descriptor Xen wrote before d1b958a92c: Hafnium v2.14 takes an alignment fault, v2.15+ refuses (b9c1912c)', flags: ['ForwardedMap', 'UnalignedRxtxOffsets'], steps: [...boot(), ...forward(rxtxOf(VM1, VM1_RX, VM1_TX), 'xen-12-44')] },
  { id: 'rxtx-forward/stale-padding', comment: 'The 16/48 descriptor written over older TX bytes, pad 12..15 = a5a5a5a5 (Xen from d1b958a92c): the SPMC ignores the pad', flags: ['ForwardedMap', 'StalePadding'], steps: [...boot(), ...forwardOverStale(rxtxOf(VM1, VM1_RX, VM1_TX))] },
  { id: 'rxtx-forward/vm-secure-pages', comment: 'A forwarded VM whose buffers are secure memory', flags: ['ForwardedMap'], steps: [...boot(), ...forward(rxtxOf(VM1, SECURE, SECURE + 0x1000))] },
  { id: 'rxtx-forward/vm-unaligned-pages', comment: 'A forwarded VM with an unaligned RX address', flags: ['ForwardedMap'], steps: [...boot(), ...forward(rxtxOf(VM1, VM1_RX + 0x800, VM1_TX))] },
  { id: 'rxtx-forward/vm-hypervisor-pages', comment: 'A forwarded VM naming the hypervisor\'s own RX/TX pages', flags: ['ForwardedMap'], steps: [...boot(), ...forward(rxtxOf(VM1, HYP_RX, HYP_TX))] },
  { id: 'rxtx-forward/vm-same-page', comment: 'A forwarded VM whose RX and TX are the same page', flags: ['ForwardedMap', 'MapTxEqualsRx'], steps: [...boot(), ...forward(rxtxOf(VM1, VM1_RX, VM1_RX))] },
  { id: 'rxtx-forward/seventeen-vms', comment: 'Seventeen VMs forwarded: Hafnium\'s nwd_vms[] holds sixteen, the last is DENIED', flags: ['ForwardedMap'], steps: [...boot(), ...seventeenVms()] },
  { id: 'rxtx-forward/sp-id', comment: 'A forwarded descriptor naming an SP id (0x8001) as the owner', flags: ['ForwardedMap'], steps: [...boot(), ...forward(rxtxOf(SP1, VM1_RX, VM1_TX))] },
  { id: 'rxtx-forward/from-sp', comment: 'An SP calls FFA_RXTX_MAP_64(0, 0, 0): not the forwarding form for it', flags: ['ForwardedMap'], steps: [hello(undefined, SP1), smc(SP1, MAP, 0, 0, 0)] },
  { id: 'rxtx-forward/rx-no-ranges', comment: 'A forwarded descriptor whose RX composite has no address range (address_range_count 0)', flags: ['ForwardedMap'], steps: [...boot(), write(HYP_TX, noRanges()), smc(0, MAP, 0, 0, 0)] },
  { id: 'rxtx-forward/offsets-past-page', comment: 'rx_region_offs = 4080: the composite runs past the hypervisor\'s 4 KiB TX page (Hafnium reads out of bounds, obs.)', flags: ['ForwardedMap'], steps: [...boot(), write(HYP_TX, pastPage()), smc(0, MAP, 0, 0, 0)] },
  { id: 'rxtx-forward/two-pages', comment: 'A forwarded VM with two-page buffers (Hafnium\'s build maximum is 1)', flags: ['ForwardedMap', 'BufferSizeLimit'], steps: [...boot(), ...forward(rxtxOf(VM1, VM1_RX, VM1_RX + 0x2000, 2))] },
]);

export const UNMAP_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'rxtx-unmap/hypervisor', comment: 'The hypervisor unmaps its own pair (w1 = 0)', flags: ['RxtxUnmap'], steps: [...boot(), smc(0, UNMAP, 0)] },
  { id: 'rxtx-unmap/nothing-mapped', comment: 'FFA_RXTX_UNMAP with nothing mapped: INVALID_PARAMETERS', flags: ['RxtxUnmap'], steps: [hello(), smc(0, UNMAP, 0)] },
  { id: 'rxtx-unmap/twice', comment: 'A second FFA_RXTX_UNMAP: INVALID_PARAMETERS', flags: ['RxtxUnmap'], steps: [...boot(), smc(0, UNMAP, 0), smc(0, UNMAP, 0)] },
  { id: 'rxtx-unmap/sp-id-from-nwd', comment: 'The normal world names an SP (w1[31:16] = 0x8001): INVALID_PARAMETERS (Hafnium 9bd324a4)', flags: ['RxtxUnmap'], steps: [...boot(), smc(0, UNMAP, SP1 << 16)] },
  { id: 'rxtx-unmap/forwarded-vm', comment: 'The hypervisor unmaps a forwarded VM (w1 = VM id << 16)', flags: ['RxtxUnmap', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, UNMAP, VM1 << 16)] },
  { id: 'rxtx-unmap/unknown-vm', comment: 'The hypervisor names a VM the SPMC never saw (w1 = 0x0009 << 16)', flags: ['RxtxUnmap'], steps: [...boot(), smc(0, UNMAP, 9 << 16)] },
  { id: 'rxtx-unmap/vm-id-in-low-bits', comment: 'The VM id in w1[15:0] instead of w1[31:16] (the RX_RELEASE position)', flags: ['RxtxUnmap'], steps: [...forwardVm1(), smc(0, UNMAP, VM1)] },
  { id: 'rxtx-unmap/sp-with-id', comment: 'An SP passes its own id in w1[31:16]: must be 0 at a virtual instance', flags: ['RxtxUnmap'], steps: [hello(undefined, SP1), smc(SP1, MAP, SP1_TX, SP1_RX, 1), smc(SP1, UNMAP, SP1 << 16)] },
  { id: 'rxtx-unmap/while-rx-full', comment: 'Unmap while the caller owns its RX (after PARTITION_INFO_GET): allowed by every SPMC (Xen\'s guest-facing unmap refuses from 309e8edfe3)', flags: ['RxtxUnmap', 'OwnershipAcrossUnmap'], steps: [...boot(), partinfo(0, NIL), smc(0, UNMAP, 0)] },
  { id: 'rxtx-unmap/remap-keeps-full', comment: 'PARTITION_INFO_GET, unmap, map, PARTITION_INFO_GET: Hafnium and TF-A keep RX full across the re-map (BUSY), OP-TEE resets ownership on map', flags: ['RxtxUnmap', 'OwnershipAcrossUnmap'], steps: [...boot(), partinfo(0, NIL), smc(0, UNMAP, 0), smc(0, MAP, HYP_TX, HYP_RX, 1), partinfo(0, NIL)] },
  { id: 'rxtx-unmap/forwarded-vm-twice', comment: 'The same forwarded VM unmapped twice', flags: ['RxtxUnmap', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, UNMAP, VM1 << 16), smc(0, UNMAP, VM1 << 16)] },
  { id: 'rxtx-unmap/vm-then-map-again', comment: 'Forward VM 2, unmap it, forward it again: the slot is reused', flags: ['RxtxUnmap', 'ForwardedMap'], steps: [...forwardVm1(), smc(0, UNMAP, VM1 << 16), ...forward(rxtxOf(VM1, VM1_RX, VM1_TX))] },
  { id: 'rxtx-unmap/v1.1-hypervisor', comment: 'A v1.1 hypervisor maps and unmaps', flags: ['RxtxUnmap'], steps: [...boot(V1_1), smc(0, UNMAP, 0)] },
]);
