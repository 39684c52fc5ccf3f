// Mediator scenarios (xen-ffa-revisions.md §2 and the ledger §2.12): boot, RX/TX mapping, partition
// info, memory sharing and the rest, each run on every revision. One append-only list per file.
import { errorFrame, callFrame, success32, w } from '../../ffa/frame';
import { RET } from '../../ffa/errors';
import { FID } from '../../ffa/ids';
import { V1_0, V1_1, V1_2, makeVersion } from '../../ffa/version';
import { shareDescriptor } from '../../mediator/scenarios';
import { BOOT, call, callOn, CREATE, DESTROY, GUEST, guestWrite, SP1, SP2, VM_ID, type FwTweak, type MediatorCase, type MStep } from './_mediator-case';

const BOTH = ['probe', 'on'] as const;
const ON = ['on'] as const;

/** Boot, create domain 1 (FF-A id 2), negotiate `version`. */
function ready(version = V1_1): MStep[] {
  return [BOOT, CREATE, call(FID.FFA_VERSION, version)];
}

/** ready() and an RX/TX map at the first two guest pages. */
function mapped(version = V1_1): MStep[] {
  return [...ready(version), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)];
}

const partinfo = (flags = 0): MStep => call(FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, flags);
const release = (): MStep => call(FID.FFA_RX_RELEASE);
const unmap = (): MStep => call(FID.FFA_RXTX_UNMAP);

/** The acceptance share: 3 pages, two contiguous, to SP 0x8001 (tot_len = frag_len = 80 + 16 * 2). */
const SHARE = shareDescriptor(VM_ID, SP1, [[GUEST.page(2), 2], [GUEST.page(5), 1]]);

function share(desc: Uint8Array = SHARE, fid: number = FID.FFA_MEM_SHARE_64): MStep[] {
  return [guestWrite(GUEST.tx, desc), call(fid, desc.length, desc.length)];
}

function tweak(fid: FwTweak['fid'], describe: string, respond: FwTweak['respond']): FwTweak {
  return { fid, describe, respond };
}

const fails = (fid: FwTweak['fid'], code: keyof typeof RET): FwTweak => tweak(fid, `${fid} answers FFA_ERROR(${code})`, () => () => errorFrame(RET[code]));

export const BOOT_CASES: readonly MediatorCase[] = Object.freeze([
  { id: 'boot/standard', comment: 'Boot against a v1.1 firmware with two SPs: version, FEATURES probes, RXTX_MAP of Xen\'s pair, partition list, RX_RELEASE', modes: BOTH, steps: [BOOT] },
  { id: 'boot/firmware-v1.2', comment: 'Boot against a v1.2 firmware', steps: [BOOT], fw: { version: V1_2 } },
  { id: 'boot/firmware-v1.0', comment: 'A v1.0 firmware is incompatible (Xen needs 1.1): no firmware support', steps: [BOOT], fw: { version: V1_0 } },
  { id: 'boot/partinfo-fails', comment: 'The boot PARTITION_INFO_GET fails: before a97fe0a4c7 Xen still sends FFA_RX_RELEASE(0), which the SPMC answers DENIED (ledger B3)', bugs: ['B3'], steps: [BOOT],
    fw: { tweaks: [fails('FFA_PARTITION_INFO_GET', 'NOT_SUPPORTED')] } },
  { id: 'boot/64-sps', comment: 'The firmware reports 64 SPs: boot rejects count >= 64 while the runtime clamps at 64 (ledger B12)', bugs: ['B12'], steps: [BOOT],
    fw: { tweaks: [tweak('FFA_PARTITION_INFO_GET', 'FFA_PARTITION_INFO_GET fills RX as usual (so Xen owns it until FFA_RX_RELEASE) but answers count 64, size 24', (std) => (f, c) => (std?.(f, c), success32(64, 24)))] } },
  { id: 'boot/descriptor-size-past-page', comment: 'The firmware answers 3 descriptors of 2048 bytes: init_subscribers reads past the 4 KiB RX page (ledger B11); from cca899b380 boot refuses the cache', bugs: ['B11'], steps: [BOOT],
    fw: { tweaks: [tweak('FFA_PARTITION_INFO_GET', 'FFA_PARTITION_INFO_GET fills RX as usual but answers count 3, size 2048', (std) => (f, c) => (std?.(f, c), success32(3, 2048)))] } },
  { id: 'boot/firmware-reports-rx-acquire', comment: 'The firmware lists FFA_RX_ACQUIRE in FFA_FEATURES: before 4992308e97 Xen never asks (ledger B10), so VM buffers are never forwarded', bugs: ['B10'], steps: [BOOT, CREATE, call(FID.FFA_VERSION, V1_1), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)],
    fw: { featuresRxAcquire: true } },
  { id: 'boot/firmware-reports-send2-only', comment: 'The firmware lists MSG_SEND2 but not RX_ACQUIRE (Hafnium <= v2.14): 4.22.0 assumes RX_ACQUIRE and forwards the VM map', steps: [BOOT, CREATE, call(FID.FFA_VERSION, V1_1), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)],
    fw: { tweaks: [tweak('FFA_FEATURES', 'FFA_FEATURES also reports FFA_MSG_SEND2', (std) => (f, c) => (w(f, 1) === FID.FFA_MSG_SEND2 ? success32(0) : (std?.(f, c) ?? errorFrame(RET.NOT_SUPPORTED))))] } },
  { id: 'boot/rxtx-map-fails', comment: 'The firmware refuses Xen\'s own RXTX_MAP: Xen frees its pages, then sends FFA_RXTX_UNMAP for a mapping that never existed (ledger B4)', bugs: ['B4'], steps: [BOOT],
    fw: { tweaks: [fails('FFA_RXTX_MAP_64', 'NO_MEMORY')] } },
  { id: 'domain/create-destroy', comment: 'Domain 1 created then destroyed: VM created (4) and VM destroyed (6) framework messages to the subscribed SP 0x8002', modes: BOTH, steps: [BOOT, CREATE, call(FID.FFA_VERSION, V1_1), DESTROY] },
  { id: 'domain/spmc-destroy-then-map', comment: 'Xen\'s SPMC buffers are destroyed (the probe\'s error path): FFA_RXTX_UNMAP goes out after the pages are freed (ledger B4); a forwarded map then finds no buffer and, from v1, keeps ffa_spmc_tx_lock held (ledger B2): the next map deadlocks', bugs: ['B2', 'B4'], modes: ON,
    steps: [...ready(), { op: 'spmc-destroy' }, call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)] },
  { id: 'domain/teardown-unmap-refused', comment: 'The firmware refuses FFA_RXTX_UNMAP(vm) at teardown: Xen ignores it and never retries, the timer makes no SMC (ledger B17)', bugs: ['B17'], modes: ON,
    steps: [...mapped(), DESTROY, { op: 'timer' }], fw: { tweaks: [tweak('FFA_RXTX_UNMAP', 'FFA_RXTX_UNMAP of a VM (w1[31:16] != 0) answers FFA_ERROR(DENIED)', (std) => (f, c) => ((w(f, 1) >>> 16) !== 0 ? errorFrame(RET.DENIED) : (std?.(f, c) ?? success32())))] } },
]);

export const RXTX_CASES: readonly MediatorCase[] = Object.freeze([
  { id: 'rxtx/map-unmap', comment: 'FFA_RXTX_MAP_64 of one TX and one RX page, then FFA_RXTX_UNMAP', modes: BOTH, steps: [...mapped(), unmap()] },
  { id: 'rxtx/map-twice', comment: 'A second FFA_RXTX_MAP while mapped: DENIED', modes: BOTH, steps: [...mapped(), call(FID.FFA_RXTX_MAP_64, GUEST.page(2), GUEST.page(3), 1)] },
  { id: 'rxtx/map-zero-pages', comment: 'Page count 0: S0 accepts it and the mapping can never be unmapped (ledger B13)', bugs: ['B13'], steps: [...ready(), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 0), unmap(), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)] },
  { id: 'rxtx/map-unaligned', comment: 'TX at +0x10 into its page: S0 silently truncates to the page (ledger B14)', bugs: ['B14'], steps: [...ready(), call(FID.FFA_RXTX_MAP_64, GUEST.tx + 0x10, GUEST.rx, 1)] },
  { id: 'rxtx/map-two-pages', comment: 'Two pages each: above FFA_MAX_RXTX_PAGE_COUNT (1), INVALID_PARAMETERS', steps: [...ready(), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.page(2), 2)] },
  { id: 'rxtx/map-tx-equals-rx', comment: 'TX and RX the same page: Xen accepts it (ledger B19)', bugs: ['B19'], steps: [...ready(), call(FID.FFA_RXTX_MAP_64, GUEST.page(4), GUEST.page(4), 1)] },
  { id: 'rxtx/map-not-ram', comment: 'TX at an IPA with no RAM behind it: INVALID_PARAMETERS', steps: [...ready(), call(FID.FFA_RXTX_MAP_64, GUEST.page(64), GUEST.rx, 1)] },
  { id: 'rxtx/map-global-map-fails', comment: 'Xen cannot map the guest pages globally: INVALID_PARAMETERS before d1b958a92c (ledger B6), NO_MEMORY after', bugs: ['B6'], steps: [...ready(), { op: 'fail-global-map' }, call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)] },
  { id: 'rxtx/unmap-not-mapped', comment: 'FFA_RXTX_UNMAP with nothing mapped: INVALID_PARAMETERS', steps: [...ready(), unmap()] },
  { id: 'rxtx/unmap-while-rx-owned', comment: 'PARTITION_INFO_GET (the guest owns its RX), then FFA_RXTX_UNMAP: allowed before 309e8edfe3 (ledger B7, the sequential face of the race), DENIED from it', bugs: ['B7'], modes: BOTH, steps: [...mapped(), partinfo(), unmap()] },
  { id: 'rxtx/map-32', comment: 'FFA_RXTX_MAP_32: the upper halves of the addresses are ignored', steps: [...ready(), call(FID.FFA_RXTX_MAP_32, 0xdead0000n * 0x100000000n + BigInt(GUEST.tx), BigInt(GUEST.rx), 1)] },
  { id: 'rxtx/forwarded-map', comment: 'With RX_ACQUIRE the map is forwarded: the endpoint RX/TX descriptor in Xen\'s TX has offsets 12/44 before d1b958a92c (ledger B5) and 16/48 after', bugs: ['B5'], modes: ON, steps: [...mapped(), unmap()] },
  { id: 'rxtx/forwarded-map-stale-tx', comment: 'Xen\'s TX page holds older bytes (0xa5) when the map is forwarded: 4.22.0 leaves the pad at 12..15 as it was (ledger B20)', bugs: ['B20', 'B5'], modes: ON, steps: [...ready(), { op: 'fill-xen-tx', byte: 0xa5 }, call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)] },
  { id: 'rxtx/forwarded-map-refused', comment: 'The firmware refuses the forwarded map: the guest gets its error and nothing stays mapped', modes: ON, steps: [...mapped(), call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)],
    fw: { tweaks: [tweak('FFA_RXTX_MAP_64', 'FFA_RXTX_MAP_64(0, 0, 0) answers FFA_ERROR(DENIED)', (std) => (f, c) => (f[1] === 0n && f[2] === 0n ? errorFrame(RET.DENIED) : (std?.(f, c) ?? success32())))] } },
  { id: 'rxtx/call-before-version', comment: 'FFA_RXTX_MAP before any FFA_VERSION: from ad2d3a7daf NOT_SUPPORTED (the version is published on the first other call)', steps: [BOOT, CREATE, call(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)] },
]);

export const PARTINFO_CASES: readonly MediatorCase[] = Object.freeze([
  { id: 'partinfo/full-and-release', comment: 'Full PARTITION_INFO_GET and FFA_RX_RELEASE: the SMC order of xen-ffa-revisions §2.10 (with RX_ACQUIRE: RX_ACQUIRE(vm), PARTITION_INFO_GET, RX_RELEASE(0), then RX_RELEASE(vm))', modes: BOTH, steps: [...mapped(), partinfo(), release()] },
  { id: 'partinfo/count-only', comment: 'Count only (w5 = 1): no RX, no lock, no release', modes: BOTH, steps: [...mapped(), partinfo(1)] },
  { id: 'partinfo/release-twice', comment: 'A second FFA_RX_RELEASE: DENIED, nothing sent to the SPMC', modes: BOTH, steps: [...mapped(), partinfo(), release(), release()] },
  { id: 'partinfo/busy', comment: 'A second PARTITION_INFO_GET without release: BUSY', steps: [...mapped(), partinfo(), partinfo()] },
  { id: 'partinfo/no-rx', comment: 'PARTITION_INFO_GET before FFA_RXTX_MAP: DENIED (ffa_rx_acquire)', steps: [...ready(), partinfo()] },
  { id: 'partinfo/firmware-error', comment: 'The firmware\'s PARTITION_INFO_GET fails at run time: v0..v2 send a spurious FFA_RX_RELEASE(0) (ledger B3); 4.22.0 serves the list from its boot cache', bugs: ['B3'], notShownIn: { B3: ['S0'] }, steps: [...mapped(), partinfo()],
    fw: { tweaks: [tweak('FFA_PARTITION_INFO_GET', 'FFA_PARTITION_INFO_GET answers FFA_ERROR(BUSY) after the first (boot) call', (std) => { let n = 0; return (f, c) => (n++ === 0 ? (std?.(f, c) ?? success32()) : errorFrame(RET.BUSY)); })] } },
  { id: 'partinfo/v1.0-guest', comment: 'A v1.0 guest: 8-byte entries, w3 = 0 from 5c85600270', steps: [...mapped(V1_0), partinfo()] },
  { id: 'partinfo/v1.2-guest', comment: 'A v1.2 guest (from f42bacb20e Xen offers 1.2)', steps: [...mapped(V1_2), partinfo()] },
  { id: 'partinfo/one-uuid', comment: 'The UUID of SP 0x8002 in w1..w4', steps: [...mapped(), call(FID.FFA_PARTITION_INFO_GET, 0x5c9f0d1a, 0x4b2e11ef, 0x8c3a0242, 0xac120002)] },
  { id: 'partinfo/bad-flags', comment: 'w5 = 2: INVALID_PARAMETERS', steps: [...mapped(), partinfo(2)] },
  { id: 'partinfo/release-free-rx', comment: 'FFA_RX_RELEASE on a free RX (the SPMC may have filled it itself): DENIED and not forwarded (ledger B18)', bugs: ['B18'], modes: ON, steps: [...mapped(), release()] },
  { id: 'partinfo/rx-acquire-refused', comment: 'The firmware refuses FFA_RX_ACQUIRE(vm) (an SP message is pending): the guest gets the firmware\'s error', modes: ON, steps: [...mapped(), partinfo()],
    fw: { tweaks: [fails('FFA_RX_ACQUIRE', 'DENIED')] } },
]);

export const SHM_CASES: readonly MediatorCase[] = Object.freeze([
  { id: 'mem-share/three-pages', comment: 'MEM_SHARE of 3 pages (2 contiguous + 1) to SP 0x8001: Xen\'s descriptor of §2.7 in its TX, the handle back in w2/w3, then FFA_MEM_RECLAIM', modes: BOTH,
    steps: [...mapped(), ...share(), call(FID.FFA_MEM_RECLAIM, 0x1000, 0, 0)] },
  { id: 'mem-share/tot-len-5000', comment: 'tot_len = frag_len = 5000 (> the 4 KiB TX): DENIED before 3528248b8c, FFA_SUCCESS_32 with handle 0 and no SMC after (ledger B9)', bugs: ['B9'], steps: [...mapped(), call(FID.FFA_MEM_SHARE_64, 5000, 5000)] },
  { id: 'mem-share/frag-rx-reply', comment: 'The firmware answers FFA_MEM_FRAG_RX: the guest gets FFA_ERROR with the positive offset in w2 (ledger B16)', bugs: ['B16'], steps: [...mapped(), ...share()],
    fw: { tweaks: [tweak('FFA_MEM_SHARE_64', 'FFA_MEM_SHARE_64 answers FFA_MEM_FRAG_RX(handle 1, offset 96)', () => () => callFrame(FID.FFA_MEM_FRAG_RX, 1, 0, 96))] } },
  { id: 'mem-share/no-tx', comment: 'MEM_SHARE before FFA_RXTX_MAP', steps: [...ready(), call(FID.FFA_MEM_SHARE_64, SHARE.length, SHARE.length)] },
  { id: 'mem-share/buffer-address', comment: 'A descriptor in a separate buffer (w3 != 0): NOT_SUPPORTED', steps: [...mapped(), guestWrite(GUEST.tx, SHARE), call(FID.FFA_MEM_SHARE_64, SHARE.length, SHARE.length, GUEST.page(8), 1)] },
  { id: 'mem-share/fragmented', comment: 'frag_len < tot_len: NOT_SUPPORTED', steps: [...mapped(), guestWrite(GUEST.tx, SHARE), call(FID.FFA_MEM_SHARE_64, SHARE.length, 96)] },
  { id: 'mem-share/frag-above-total', comment: 'frag_len > tot_len: INVALID_PARAMETERS', steps: [...mapped(), guestWrite(GUEST.tx, SHARE), call(FID.FFA_MEM_SHARE_64, 96, SHARE.length)] },
  { id: 'mem-share/ns-bit', comment: 'Memory attributes 0x6f (NS bit set): INVALID_PARAMETERS from edf036fac2, NOT_SUPPORTED before (attributes != 0x2f)', steps: [...mapped(), ...share(withAttr(0x6f))] },
  { id: 'mem-share/two-receivers', comment: 'Two EMADs: NOT_SUPPORTED (Xen shares with one SP)', steps: [...mapped(), ...share(twoReceivers())] },
  { id: 'mem-share/receiver-vm', comment: 'The receiver is a VM: NOT_SUPPORTED', steps: [...mapped(), ...share(shareDescriptor(VM_ID, 3, [[GUEST.page(2), 1]]))] },
  { id: 'mem-share/sender-not-caller', comment: 'The descriptor\'s sender is not the caller: INVALID_PARAMETERS', steps: [...mapped(), ...share(shareDescriptor(7, SP1, [[GUEST.page(2), 1]]))] },
  { id: 'mem-share/firmware-refuses', comment: 'The firmware refuses the share with NO_MEMORY: the guest gets it', steps: [...mapped(), ...share()], fw: { tweaks: [fails('FFA_MEM_SHARE_64', 'NO_MEMORY')] } },
  { id: 'mem-share/reclaim-unknown', comment: 'FFA_MEM_RECLAIM of a handle Xen does not know: INVALID_PARAMETERS, no SMC', steps: [...mapped(), call(FID.FFA_MEM_RECLAIM, 0x4321, 0, 0)] },
  { id: 'mem-share/firmware-v1.2', comment: 'A v1.2 firmware: 4.22.0 (a90376c6ad) sends 32-byte EMADs with the guest IMPDEF, composite at 80', steps: [...mapped(), ...share()], fw: { version: V1_2 } },
  { id: 'mem-share/smc32', comment: 'FFA_MEM_SHARE_32: forwarded as FFA_MEM_SHARE_64', steps: [...mapped(), ...share(SHARE, FID.FFA_MEM_SHARE_32)] },
]);

export const MISC_CASES: readonly MediatorCase[] = Object.freeze([
  { id: 'version/v1.1', comment: 'Guest FFA_VERSION(1.1)', steps: [BOOT, CREATE, call(FID.FFA_VERSION, V1_1)] },
  { id: 'version/v1.0', comment: 'Guest FFA_VERSION(1.0)', steps: [BOOT, CREATE, call(FID.FFA_VERSION, V1_0)] },
  { id: 'version/v1.2', comment: 'Guest FFA_VERSION(1.2)', steps: [BOOT, CREATE, call(FID.FFA_VERSION, V1_2)] },
  { id: 'version/v2.0', comment: 'Guest FFA_VERSION(2.0): another major', steps: [BOOT, CREATE, call(FID.FFA_VERSION, makeVersion(2, 0))] },
  { id: 'id/id-get', comment: 'FFA_ID_GET: the VM id, domid + 1', steps: [...ready(), call(FID.FFA_ID_GET)] },
  { id: 'features/rxtx-map', comment: 'FFA_FEATURES(RXTX_MAP_64) from the guest', steps: [...ready(), call(FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64)] },
  { id: 'features/mem-share', comment: 'FFA_FEATURES(MEM_SHARE_64) from the guest', steps: [...ready(), call(FID.FFA_FEATURES, FID.FFA_MEM_SHARE_64)] },
  { id: 'features/unknown', comment: 'FFA_FEATURES of an unknown id', steps: [...ready(), call(FID.FFA_FEATURES, 0x840000ff)] },
  { id: 'direct/partition-message', comment: 'A direct request from VM 2 to SP 0x8001: forwarded, the SP\'s response returned', steps: [...ready(), call(FID.FFA_MSG_SEND_DIRECT_REQ_32, (VM_ID << 16) | SP1, 0, 1, 2, 3, 4, 5)] },
  { id: 'direct/wrong-sender', comment: 'A direct request naming another sender: INVALID_PARAMETERS', steps: [...ready(), call(FID.FFA_MSG_SEND_DIRECT_REQ_32, (7 << 16) | SP2, 0, 1)] },
  { id: 'abi/unknown-smc', comment: 'An SMC outside the FF-A range: unhandled, x0 = -1 (ARM_SMCCC_ERR_UNKNOWN_FUNCTION)', steps: [...ready(), call(0x84000001)] },
  { id: 'two-guests/partinfo', comment: 'Domains 1 and 2 each get the list and release it, one after the other', modes: BOTH,
    steps: [...mapped(), { op: 'create', domid: 2 }, callOn(2, callFrame(FID.FFA_VERSION, V1_1)), callOn(2, callFrame(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1)), partinfo(), callOn(2, callFrame(FID.FFA_PARTITION_INFO_GET)), release(), callOn(2, callFrame(FID.FFA_RX_RELEASE))] },
]);

function withAttr(attr: number): Uint8Array {
  const b = shareDescriptor(VM_ID, SP1, [[GUEST.page(2), 1]]);
  new DataView(b.buffer).setUint16(2, attr, true);
  return b;
}

/** The one-range descriptor with a second EMAD (SP 0x8002) inserted before the composite. */
function twoReceivers(): Uint8Array {
  const one = shareDescriptor(VM_ID, SP1, [[GUEST.page(2), 1]]);
  const out = new Uint8Array(one.length + 16);
  out.set(one.subarray(0, 64));
  out.set(one.subarray(48, 64), 64);
  out.set(one.subarray(64), 80);
  const v = new DataView(out.buffer);
  v.setUint32(28, 2, true);
  v.setUint16(64, SP2, true);
  v.setUint32(52, 80, true);
  v.setUint32(68, 80, true);
  return out;
}

