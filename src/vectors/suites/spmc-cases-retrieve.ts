// SPMC cases: an SP retrieving and relinquishing memory the normal world shared
// (FFA_MEM_RETRIEVE_REQ / FFA_MEM_RETRIEVE_RESP / FFA_MEM_RELINQUISH, Arm DEN0077 13.15-13.17;
// spmc.md "FFA_MEM_RECLAIM ... still retrieved by a borrower -> DENIED"). Append-only.
import { encodeMemTransaction } from '../../descriptors/index';
import { FID } from '../../ffa/ids';
import { V1_1 } from '../../ffa/version';
import { VectorGenerationError } from '../errors';
import { bytesOfShare } from './spmc-cases-mem';
import {
  boot, FREED, GUEST, hello, HYP_TX, smc, smcWith, SP1, SP1_RX, SP1_TX, SP2, VM1, write, type MemRef, type StepSpec, type SpmcCase,
} from './_spmc-steps';

const PAGE = GUEST + 0x10000;
/** Transaction type "share" in bits [4:3] of a retrieve request's flags (spmc-implementations §3.3). */
const TYPE_SHARE = 1 << 3;

/** Step numbers of the common prefix: NWd boot 1-2, share 3-4, SP hello 5, SP map 6. */
const SHARE_STEP = 4;
const HANDLE_IN_DESC: readonly MemRef[] = [
  { offset: 8, size: 4, fromStep: SHARE_STEP, fromReg: 2 },
  { offset: 12, size: 4, fromStep: SHARE_STEP, fromReg: 3 },
];
const HANDLE_IN_REGS = { 1: { fromStep: SHARE_STEP, fromReg: 2 }, 2: { fromStep: SHARE_STEP, fromReg: 3 } } as const;

/** A retrieve request by handle for `receiver` (EMAD composite offset 0); the handle is filled in from the share's reply. */
function request(receiver: number): Uint8Array {
  const e = encodeMemTransaction(
    { senderId: VM1, attributes: 0x2f, flags: TYPE_SHARE, handle: 0n, tag: 0n, receivers: [{ access: { endpointId: receiver, perm: 0x02, flags: 0 } }], region: null },
    { version: V1_1 },
  );
  if (!e.ok) throw new VectorGenerationError('retrieve request', e.error.message);
  return e.bytes;
}

/** Relinquish descriptor: u64 handle, u32 flags, u32 endpoint count, u16 endpoint ids (spmc model abi-mem-retrieve). */
function relinquish(who: number): Uint8Array {
  const b = new Uint8Array(18);
  const v = new DataView(b.buffer);
  v.setUint32(12, 1, true);
  v.setUint16(16, who, true);
  return b;
}

/** Steps 1-6: the normal world shares PAGE with SP 0x8001, which then negotiates and maps its buffers. */
function shared(sp = SP1): StepSpec[] {
  const d = bytesOfShare({ ranges: [[PAGE, 1]] });
  return [
    ...boot(), write(HYP_TX, d), smc(0, FID.FFA_MEM_SHARE_64, d.length, d.length, 0, 0),
    hello(undefined, sp), smc(sp, FID.FFA_RXTX_MAP_64, sp === SP1 ? SP1_TX : SP1_TX + 0x2000, sp === SP1 ? SP1_RX : SP1_RX + 0x2000, 1),
  ];
}

/** Steps 7-8 for SP 0x8001: the request written at its TX, then FFA_MEM_RETRIEVE_REQ_64. */
function retrieve(fid: number = FID.FFA_MEM_RETRIEVE_REQ_64, sp = SP1, receiver = SP1): StepSpec[] {
  const r = request(receiver);
  const tx = sp === SP1 ? SP1_TX : SP1_TX + 0x2000;
  return [write(tx, r, sp, HANDLE_IN_DESC), smc(sp, fid, r.length, r.length, 0, 0)];
}

function relinquishSteps(who = SP1): StepSpec[] {
  return [write(SP1_TX, relinquish(who), SP1, [{ offset: 0, size: 4, fromStep: SHARE_STEP, fromReg: 2 }, { offset: 4, size: 4, fromStep: SHARE_STEP, fromReg: 3 }]), smc(SP1, FID.FFA_MEM_RELINQUISH)];
}

const reclaim = (): StepSpec => smcWith(0, FID.FFA_MEM_RECLAIM, HANDLE_IN_REGS, 0, 0, 0);

export const RETRIEVE_CASES: readonly SpmcCase[] = Object.freeze([
  { id: 'mem-retrieve/after-share', comment: 'SP 0x8001 retrieves the page the normal world shared: FFA_MEM_RETRIEVE_RESP, the descriptor (handle filled in) in its RX, which it now owns', flags: ['MemRetrieve'], steps: [...shared(), ...retrieve()] },
  { id: 'mem-retrieve/reclaim-while-retrieved', comment: 'The normal world reclaims while SP 0x8001 holds the memory: DENIED', flags: ['MemRetrieve', 'MemReclaim'], steps: [...shared(), ...retrieve(), reclaim()] },
  { id: 'mem-retrieve/relinquish-then-reclaim', comment: 'SP 0x8001 relinquishes, then the normal world reclaims: SUCCESS', flags: ['MemRetrieve', 'MemReclaim'], steps: [...shared(), ...retrieve(), ...relinquishSteps(), reclaim()] },
  { id: 'mem-retrieve/twice', comment: 'A second retrieve of the same handle by the same SP: DENIED', flags: ['MemRetrieve'], steps: [...shared(), ...retrieve(), ...retrieve()] },
  { id: 'mem-retrieve/not-a-receiver', comment: 'SP 0x8002 retrieves a transaction shared with SP 0x8001 only', flags: ['MemRetrieve'], steps: [...shared(SP2), ...retrieve(FID.FFA_MEM_RETRIEVE_REQ_64, SP2, SP2)] },
  { id: 'mem-retrieve/separate-buffer', comment: 'A retrieve request with a buffer address in w3', flags: ['MemRetrieve'], steps: [...shared(), write(SP1_TX, request(SP1), SP1, HANDLE_IN_DESC), smc(SP1, FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, SP1_TX, 1)] },
  { id: 'mem-retrieve/fragment', comment: 'A retrieve request whose fragment length (32) is not its total length (64)', flags: ['MemRetrieve'], steps: [...shared(), write(SP1_TX, request(SP1), SP1, HANDLE_IN_DESC), smc(SP1, FID.FFA_MEM_RETRIEVE_REQ_64, 64, 32, 0, 0)] },
  { id: 'mem-retrieve/malformed', comment: 'A retrieve request whose EMAD array offset (56) is not 16-byte aligned', flags: ['MemRetrieve'], steps: [...shared(), write(SP1_TX, misaligned(), SP1, HANDLE_IN_DESC), smc(SP1, FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, 0, 0)] },
  { id: 'mem-retrieve/unknown-handle', comment: 'A retrieve request naming a handle nobody allocated', flags: ['MemRetrieve'], steps: [...shared(), write(SP1_TX, unknownHandle(), SP1), smc(SP1, FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, 0, 0)] },
  { id: 'mem-retrieve/smc32', comment: 'FFA_MEM_RETRIEVE_REQ_32', flags: ['MemRetrieve'], steps: [...shared(), ...retrieve(FID.FFA_MEM_RETRIEVE_REQ_32)] },
  { id: 'mem-relinquish/wrong-endpoint', comment: 'A relinquish descriptor naming SP 0x8002 sent by SP 0x8001', flags: ['MemRetrieve'], steps: [...shared(), ...retrieve(), ...relinquishSteps(SP2)] },
  { id: 'mem-relinquish/not-retrieved', comment: 'SP 0x8001 relinquishes memory it never retrieved: DENIED', flags: ['MemRetrieve'], steps: [...shared(), ...relinquishSteps()] },
  { id: 'mem-retrieve/rx-page-freed', comment: 'SP 0x8001 registered a freed normal-world page as its RX (only TF-A maps it, obs.): the copy of the response faults, ABORTED', flags: ['MemRetrieve'], steps: [...shared().slice(0, 5), smc(SP1, FID.FFA_RXTX_MAP_64, SP1_TX, FREED, 1), ...retrieve()] },
  { id: 'mem-lend/smc32', comment: 'FFA_MEM_LEND_32 of one page', flags: ['MemShare'], steps: [...boot(), write(HYP_TX, bytesOfShare({})), smc(0, FID.FFA_MEM_LEND_32, 96, 96, 0, 0)] },
]);

function misaligned(): Uint8Array {
  const b = request(SP1);
  new DataView(b.buffer).setUint32(32, 56, true);
  return b;
}

function unknownHandle(): Uint8Array {
  const b = request(SP1);
  new DataView(b.buffer).setBigUint64(8, 0x7777n, true);
  return b;
}
