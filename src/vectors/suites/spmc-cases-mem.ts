// SPMC cases: FFA_MEM_SHARE / FFA_MEM_LEND (whole and fragmented), FFA_MEM_FRAG_TX, FFA_MEM_RECLAIM
// and direct requests with VM availability messages (spmc-implementations.md §2.3, §3.3-3.7;
// spmc.md "FFA_MEM_SHARE", "Direct messages"). Append-only.
import { encodeMemTransaction, type MemTransaction } from '../../descriptors/index';
import { FID } from '../../ffa/ids';
import { V1_1, V1_2 } from '../../ffa/version';
import { VectorGenerationError } from '../errors';
import {
  boot, forwardVm1, GUEST, hello, HYP_RX, HYP_TX, SECURE, smc, smcWith, SP1, SP1_RX, SP1_TX, SP2, SP3, VM1, VM1_RX, VM2, write, type StepSpec, type SpmcCase,
} from './_spmc-steps';

const SHARE = FID.FFA_MEM_SHARE_64;
const PAGE_A = GUEST + 0x10000;
const PAGE_B = GUEST + 0x14000;

export interface ShareSpec {
  readonly ranges?: readonly (readonly [number, number])[];
  readonly receivers?: readonly number[];
  readonly sender?: number;
  readonly emadSize?: 16 | 32;
}

function desc(s: ShareSpec = {}): MemTransaction {
  const ranges = (s.ranges ?? [[PAGE_A, 1]]).map(([a, n]) => ({ address: BigInt(a), pageCount: n }));
  return {
    senderId: s.sender ?? VM1, attributes: 0x2f, flags: 0, handle: 0n, tag: 0n,
    receivers: (s.receivers ?? [SP1]).map((endpointId) => ({ access: { endpointId, perm: 0x02, flags: 0 } })),
    region: { totalPageCount: ranges.reduce((n, r) => n + r.pageCount, 0), ranges },
  };
}

/** The descriptor bytes of a share (also used by the retrieve cases). */
export function bytesOfShare(s: ShareSpec = {}): Uint8Array {
  return bytesOf(s);
}

function bytesOf(s: ShareSpec = {}): Uint8Array {
  const e = encodeMemTransaction(desc(s), { version: s.emadSize === 32 ? V1_2 : V1_1, emadSize: s.emadSize ?? 16 });
  if (!e.ok) throw new VectorGenerationError('mem descriptor', e.error.message);
  return e.bytes;
}

/** The descriptor in the hypervisor's TX, then FFA_MEM_SHARE_64(total, fragment, 0, 0). */
function share(s: ShareSpec = {}, fid = SHARE, patch?: (b: Uint8Array) => Uint8Array): StepSpec[] {
  const b = patch ? patch(bytesOf(s)) : bytesOf(s);
  return [write(HYP_TX, b), smc(0, fid, b.length, b.length, 0, 0)];
}

/** A handle from the FFA_SUCCESS reply of step `n` (w2 low, w3 high) into registers 1 and 2. */
function handleFrom(n: number): Readonly<Record<number, { fromStep: number; fromReg: number }>> {
  return { 1: { fromStep: n, fromReg: 2 }, 2: { fromStep: n, fromReg: 3 } };
}

const THREE: readonly (readonly [number, number])[] = [[PAGE_A, 1], [PAGE_B, 1], [PAGE_B + 0x4000, 1]];

/** Boot (steps 1-2), descriptor of three ranges split 96 + 32 bytes: MEM_SHARE is step 4, FRAG_TX step 6. */
function fragmented(): StepSpec[] {
  const b = bytesOf({ ranges: THREE });
  return [
    ...boot(), write(HYP_TX, b.slice(0, 96)), smc(0, SHARE, b.length, 96, 0, 0),
    write(HYP_TX, b.slice(96)), smcWith(0, FID.FFA_MEM_FRAG_TX, { 1: { fromStep: 4, fromReg: 1 }, 2: { fromStep: 4, fromReg: 2 } }, 0, 0, b.length - 96),
  ];
}

function u32At(b: Uint8Array, off: number, v: number): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(off, v, true);
  return out;
}

export const MEM_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'mem-share/one-range', comment: 'VM 2 shares one page with SP 0x8001 through the hypervisor\'s TX (the xen-ffa-revisions §2.7 descriptor): the handle in w2/w3', flags: ['MemShare'], steps: [...boot(), ...share()] },
  { id: 'mem-share/v1.2-emad', comment: 'The same share with a 32-byte EMAD (v1.2 layout)', flags: ['MemShare'], steps: [...boot(), ...share({ emadSize: 32 })] },
  { id: 'mem-share/fragmented', comment: 'Three ranges sent as 96 + 32 bytes: FFA_MEM_FRAG_RX, then FFA_MEM_FRAG_TX with the handle completes it', flags: ['MemShare', 'Fragmented'], steps: fragmented() },
  { id: 'mem-share/fragment-above-total', comment: 'Fragment length 112 > total length 96: INVALID_PARAMETERS', flags: ['MemShare'], steps: [...boot(), write(HYP_TX, bytesOf()), smc(0, SHARE, 96, 112, 0, 0)] },
  { id: 'mem-share/buffer-address', comment: 'Descriptor in a separate buffer (w3 = address, w4 = 1 page)', flags: ['MemShare'], steps: [...boot(), write(HYP_RX, bytesOf()), smc(0, SHARE, 96, 96, HYP_RX, 1)] },
  { id: 'mem-share/no-tx', comment: 'MEM_SHARE before FFA_RXTX_MAP', flags: ['MemShare'], steps: [hello(), smc(0, SHARE, 96, 96, 0, 0)] },
  { id: 'mem-share/receiver-vm', comment: 'The receiver is a VM (0x0003), not an SP of this SPMC', flags: ['MemShare'], steps: [...boot(), ...share({ receivers: [VM2] })] },
  { id: 'mem-share/receiver-unknown-sp', comment: 'The receiver 0x8009 is no partition', flags: ['MemShare'], steps: [...boot(), ...share({ receivers: [0x8009] })] },
  { id: 'mem-share/secure-pages', comment: 'The range is secure memory', flags: ['MemShare'], steps: [...boot(), ...share({ ranges: [[SECURE, 1]] })] },
  { id: 'mem-share/rxtx-pages', comment: 'The range is a forwarded VM\'s RX buffer (not shareable while mapped)', flags: ['MemShare', 'ForwardedMap'], steps: [...forwardVm1(), ...share({ ranges: [[VM1_RX, 1]] })] },
  { id: 'mem-share/pages-already-shared', comment: 'The same page shared twice', flags: ['MemShare'], steps: [...boot(), ...share(), ...share({ receivers: [SP2] })] },
  { id: 'mem-share/malformed-descriptor', comment: 'EMAD array offset 56 (not 16-byte aligned)', flags: ['MemShare'], steps: [...boot(), ...share({}, SHARE, (b) => u32At(b, 32, 56))] },
  { id: 'mem-share/sender-is-sp', comment: 'The normal world names SP 0x8002 as the sender', flags: ['MemShare'], steps: [...boot(), ...share({ sender: SP2 })] },
  { id: 'mem-share/sender-is-receiver', comment: 'The sender 0x8001 is also the receiver', flags: ['MemShare'], steps: [...boot(), ...share({ sender: SP1 })] },
  { id: 'mem-share/two-receivers', comment: 'Two SPs receive the same page', flags: ['MemShare'], steps: [...boot(), ...share({ receivers: [SP1, SP3] })] },
  { id: 'mem-lend/one-range', comment: 'FFA_MEM_LEND_64 of one page (attributes 0x2f as for share)', flags: ['MemShare'], steps: [...boot(), ...share({}, FID.FFA_MEM_LEND_64)] },
  { id: 'mem-share/smc32', comment: 'FFA_MEM_SHARE_32', flags: ['MemShare'], steps: [...boot(), ...share({}, FID.FFA_MEM_SHARE_32)] },
  { id: 'mem-frag/unknown-handle', comment: 'FFA_MEM_FRAG_TX for a handle that is waiting for nothing', flags: ['Fragmented'], steps: [...boot(), smc(0, FID.FFA_MEM_FRAG_TX, 0x1234, 0, 32)] },
  { id: 'mem-share/w5-nonzero', comment: 'w5 = 1 (MBZ): OP-TEE checks w5..w7', flags: ['MemShare'], steps: [...boot(), write(HYP_TX, bytesOf()), smc(0, SHARE, 96, 96, 0, 0, 1)] },
  { id: 'mem-share/fragment-above-tx', comment: 'Fragment and total 8192 bytes with a one-page TX', flags: ['MemShare'], steps: [...boot(), smc(0, SHARE, 8192, 8192, 0, 0)] },
  { id: 'mem-share/fragment-below-header', comment: 'Fragment 16 bytes of a 96-byte descriptor: shorter than the header', flags: ['MemShare', 'Fragmented'], steps: [...boot(), write(HYP_TX, bytesOf()), smc(0, SHARE, 96, 16, 0, 0)] },
  { id: 'mem-frag/overrun', comment: 'The second fragment is longer than what remains of the total', flags: ['Fragmented'], steps: [...fragmented().slice(0, 5), smcWith(0, FID.FFA_MEM_FRAG_TX, { 1: { fromStep: 4, fromReg: 1 }, 2: { fromStep: 4, fromReg: 2 } }, 0, 0, 64)] },
  { id: 'mem-reclaim/after-share', comment: 'Share, then FFA_MEM_RECLAIM with the handle (w1 low, w2 high)', flags: ['MemReclaim'], steps: [...boot(), ...share(), smcWith(0, FID.FFA_MEM_RECLAIM, handleFrom(4), 0, 0, 0)] },
  { id: 'mem-reclaim/unknown-handle', comment: 'FFA_MEM_RECLAIM of a handle nobody allocated', flags: ['MemReclaim'], steps: [...boot(), smc(0, FID.FFA_MEM_RECLAIM, 0x4321, 0, 0)] },
  { id: 'mem-reclaim/twice', comment: 'The same handle reclaimed twice', flags: ['MemReclaim'], steps: [...boot(), ...share(), smcWith(0, FID.FFA_MEM_RECLAIM, handleFrom(4), 0, 0, 0), smcWith(0, FID.FFA_MEM_RECLAIM, handleFrom(4), 0, 0, 0)] },
  { id: 'mem-reclaim/w4-nonzero', comment: 'FFA_MEM_RECLAIM with w4 = 1 (MBZ)', flags: ['MemReclaim'], steps: [...boot(), ...share(), smcWith(0, FID.FFA_MEM_RECLAIM, handleFrom(4), 0, 0, 0, 1)] },
  { id: 'mem-reclaim/then-share-again', comment: 'Share, reclaim, share the same page again', flags: ['MemReclaim', 'MemShare'], steps: [...boot(), ...share(), smcWith(0, FID.FFA_MEM_RECLAIM, handleFrom(4), 0, 0, 0), ...share()] },
]);

/** SP 0x8001 maps its own buffers, writes a descriptor at its TX and calls MEM_SHARE_64 itself. */
function shareFromSp(s: ShareSpec): StepSpec[] {
  const b = bytesOf(s);
  return [hello(undefined, SP1), smc(SP1, FID.FFA_RXTX_MAP_64, SP1_TX, SP1_RX, 1), write(SP1_TX, b, SP1), smc(SP1, SHARE, b.length, b.length, 0, 0)];
}

/** A descriptor naming the memory by handle only (EMAD composite offset 0, no composite). */
function noComposite(): Uint8Array {
  const d: MemTransaction = { ...desc(), region: null };
  const e = encodeMemTransaction(d, { version: V1_1 });
  if (!e.ok) throw new VectorGenerationError('no composite', e.error.message);
  return e.bytes;
}

/** 101 one-page shares of distinct pages: one more than Hafnium's MAX_MEM_SHARES, TF-A's and OP-TEE's 64. */
function manyShares(): StepSpec[] {
  return Array.from({ length: 101 }, (_, i) => share({ ranges: [[GUEST + 0x20000 + 0x1000 * i, 1]] })).flat();
}

export const MEM_MORE_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'mem-share/from-sp-to-itself', comment: 'SP 0x8001 shares its own secure page with itself', flags: ['MemShare'], steps: shareFromSp({ sender: SP1, receivers: [SP1], ranges: [[SECURE + 0x4000, 1]] }) },
  { id: 'mem-share/from-sp-wrong-sender', comment: 'SP 0x8001 sends a descriptor whose sender is VM 2', flags: ['MemShare'], steps: shareFromSp({ sender: VM1, receivers: [SP2], ranges: [[SECURE + 0x4000, 1]] }) },
  { id: 'mem-share/no-composite', comment: 'A share whose EMAD has composite offset 0 (no memory region)', flags: ['MemShare'], steps: [...boot(), write(HYP_TX, noComposite()), smc(0, SHARE, 64, 64, 0, 0)] },
  { id: 'mem-share/address-beyond-ram', comment: 'A range at 0xfffffffffffff000 (1 page): beyond any RAM', flags: ['MemShare'], steps: [...boot(), ...share({ ranges: [[0xfffffffffffff000, 1]] })] },
  { id: 'mem-share/page-count-without-address', comment: 'MEM_SHARE with w3 = 0 but w4 = 1 (a page count without a buffer address)', flags: ['MemShare'], steps: [...boot(), write(HYP_TX, bytesOf()), smc(0, SHARE, 96, 96, 0, 1)] },
  { id: 'mem-share/too-many', comment: '101 transactions at once: more than every SPMC tracks (Hafnium 100, TF-A and OP-TEE 64): NO_MEMORY', flags: ['MemShare', 'Capacity'], steps: [...boot(), ...manyShares()] },
  { id: 'mem-frag/other-caller', comment: 'SP 0x8002 sends FFA_MEM_FRAG_TX for the normal world\'s pending transaction', flags: ['Fragmented'], steps: [...fragmented().slice(0, 4), hello(undefined, SP2), smcWith(SP2, FID.FFA_MEM_FRAG_TX, { 1: { fromStep: 4, fromReg: 1 }, 2: { fromStep: 4, fromReg: 2 } }, 0, 0, 32)] },
  { id: 'mem-reclaim/by-sp', comment: 'SP 0x8001 tries to reclaim the normal world\'s transaction', flags: ['MemReclaim'], steps: [...boot(), ...share(), hello(undefined, SP1), smcWith(SP1, FID.FFA_MEM_RECLAIM, handleFrom(4), 0, 0, 0)] },
]);

const REQ = FID.FFA_MSG_SEND_DIRECT_REQ_32;
const FRAMEWORK = 0x80000000;

export const DIRECT_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'direct/vm-created', comment: 'VM created (framework message 4, VM id in w5) to SP 0x8002, which subscribed: DIRECT_RESP with w2 = 0x80000005, status 0 in w3', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, SP2, FRAMEWORK | 4, 0, 0, VM1)] },
  { id: 'direct/vm-destroyed', comment: 'VM destroyed (6) to SP 0x8002: w2 = 0x80000007', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, SP2, FRAMEWORK | 4, 0, 0, VM1), smc(0, REQ, SP2, FRAMEWORK | 6, 0, 0, VM1)] },
  { id: 'direct/vm-created-unsubscribed', comment: 'VM created to SP 0x8001, which did not subscribe (properties bit 6 clear)', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, SP1, FRAMEWORK | 4, 0, 0, VM1)] },
  { id: 'direct/vm-created-unknown-sp', comment: 'VM created to 0x8009, no such SP', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, 0x8009, FRAMEWORK | 4, 0, 0, VM1)] },
  { id: 'direct/unknown-framework-message', comment: 'Framework message 8, which the SPMC does not handle', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, SP2, FRAMEWORK | 8, 0, 0, VM1)] },
  { id: 'direct/framework-from-vm-sender', comment: 'VM created with sender 0x0002 in w1[31:16]: these come from the hypervisor (sender 0)', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, (VM1 << 16) | SP2, FRAMEWORK | 4, 0, 0, VM1)] },
  { id: 'direct/partition-message', comment: 'A partition message from VM 2 to SP 0x8001: the SP echoes the payload', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, (VM1 << 16) | SP1, 0, 0x11, 0x22, 0x33, 0x44, 0x55)] },
  { id: 'direct/partition-message-flags', comment: 'A partition message with w2 = 1 (MBZ unless bit 31)', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, (VM1 << 16) | SP1, 1)] },
  { id: 'direct/to-sp-without-direct-receive', comment: 'A partition message to SP 0x8003, which does not receive direct requests', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, (VM1 << 16) | SP3, 0, 1)] },
  { id: 'direct/to-vm', comment: 'A direct request whose receiver is a VM id', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, (VM1 << 16) | VM2, 0, 1)] },
  { id: 'direct/64-bit', comment: 'FFA_MSG_SEND_DIRECT_REQ_64 with full 64-bit payload registers', flags: ['DirectMessage'], steps: [hello(), smc(0, FID.FFA_MSG_SEND_DIRECT_REQ_64, (VM1 << 16) | SP1, 0, 0x1122334455667788n, 0x99aabbccddeeff00n)] },
  { id: 'direct/unknown-sp', comment: 'A partition message to 0x8009, no such SP', flags: ['DirectMessage'], steps: [hello(), smc(0, REQ, (VM1 << 16) | 0x8009, 0, 1)] },
  { id: 'direct/from-sp-to-sp', comment: 'SP 0x8003 (no direct-request send) sends to SP 0x8001', flags: ['DirectMessage'], steps: [hello(undefined, SP3), smc(SP3, REQ, (SP3 << 16) | SP1, 0, 1)] },
]);
