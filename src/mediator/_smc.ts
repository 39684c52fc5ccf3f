// Xen xen/arch/arm/tee/ffa_private.h: ffa_simple_call(), ffa_get_ret_code(), ffa_set_regs*() and
// get_user_reg(): how the mediator builds SMCs, decodes SPMC replies and writes guest replies.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { callFrame, type Frame, type RegValue } from '../ffa/frame';
import { smcCall, type Proc } from '../sim/effects';
import { V1_2 } from '../ffa/version';
import type { Current, Xen } from './xen';

const M64 = 0xffffffffffffffffn;
const M32 = 0xffffffffn;

/**
 * ffa_get_ret_code(): a0 compared as a full register; a2 tested as a full register but returned
 * as int32_t, so only its low 32 bits matter once it is non-zero.
 */
export function retCode(resp: Frame): number {
  const a0 = resp[0] ?? 0n;
  if (a0 === BigInt(FID.FFA_ERROR)) {
    const a2 = resp[2] ?? 0n;
    return a2 !== 0n ? Number(BigInt.asIntN(32, a2)) : RET.NOT_SUPPORTED;
  }
  if (a0 === BigInt(FID.FFA_SUCCESS_32) || a0 === BigInt(FID.FFA_SUCCESS_64)) return RET.OK;
  return RET.NOT_SUPPORTED;
}

/** ffa_simple_call(): a0..a4 set, every other register zero, the reply decoded. */
export function* simpleCall(fid: number, a1: RegValue = 0, a2: RegValue = 0, a3: RegValue = 0, a4: RegValue = 0): Proc<number> {
  const resp = yield* smcCall(callFrame(fid, a1, a2, a3, a4));
  return retCode(resp);
}

/** The guest's registers as the trap handler sees them; replies overwrite x0..x7 in place. */
export type Regs = bigint[];

export function regsOf(frame: Frame): Regs {
  return frame.map((v) => v & M64);
}

export function getUserReg(regs: Regs, i: number): bigint {
  return regs[i] ?? 0n;
}

/** get_user_reg() assigned to a uint32_t. */
export function getUserReg32(regs: Regs, i: number): number {
  return Number(getUserReg(regs, i) & M32);
}

/**
 * ffa_set_regs(): x0..x7 are written, x8..x17 keep the guest's values, except that from
 * f42bacb20e replies to 64-bit v1.2 guests zero x8..x17.
 */
export function setRegs(xen: Xen, cur: Current, regs: Regs, v: readonly RegValue[]): void {
  for (let i = 0; i < 8; i++) {
    const x = v[i] ?? 0;
    regs[i] = (typeof x === 'bigint' ? x : BigInt(x < 0 ? x >>> 0 : x)) & M64;
  }
  const ctx = cur.d?.ctx;
  if (xen.sw.smccc12Replies && ctx && ctx.guestVers >= V1_2 && cur.d?.is64bit) {
    for (let i = 8; i <= 17; i++) regs[i] = 0n;
  }
}

/** ffa_set_regs_error(): FFA_ERROR with the status as a 32-bit value in w2. */
export function setRegsError(xen: Xen, cur: Current, regs: Regs, code: number): void {
  setRegs(xen, cur, regs, [FID.FFA_ERROR, 0, code >>> 0]);
}

/** ffa_set_regs_success(): FFA_SUCCESS_32 with w2, w3 (uint32_t arguments). */
export function setRegsSuccess(xen: Xen, cur: Current, regs: Regs, w2: number, w3: number): void {
  setRegs(xen, cur, regs, [FID.FFA_SUCCESS_32, 0, w2 >>> 0, w3 >>> 0]);
}

/** regpair_to_uint64(hi, lo). */
export function regpair(hi: bigint, lo: bigint): bigint {
  return ((hi & M32) << 32n) | (lo & M32);
}
