// Xen xen/arch/arm/tee/ffa_msg.c ffa_handle_msg_send_direct_req() (and from 7a90dad8de
// ffa_finish_direct_req_run()): a VM's direct request to an SP, forwarded as is.
import { FID, isSmc64 } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { smcCall, type Proc } from '../sim/effects';
import { getUserReg, getUserReg32, setRegs, setRegsError, type Regs } from './_smc';
import type { Ctx } from './ctx';
import { fwSupportsFid, type Current, type Xen } from './xen';

const M32 = 0xffffffffn;
const M64 = 0xffffffffffffffffn;

const PASS_LEGACY = new Set<number>([
  FID.FFA_ERROR, FID.FFA_SUCCESS_32, FID.FFA_SUCCESS_64, FID.FFA_MSG_SEND_DIRECT_RESP_32, FID.FFA_MSG_SEND_DIRECT_RESP_64,
]);
const PASS_RUN = new Set<number>([...PASS_LEGACY, FID.FFA_MSG_YIELD, FID.FFA_INTERRUPT]);

/** A status as the legacy code stores it in register_t: sign-extended, then masked (S0..v2). */
function legacyError(xen: Xen, cur: Current, regs: Regs, code: number, mask: bigint, a1: number | bigint = 0): void {
  setRegs(xen, cur, regs, [FID.FFA_ERROR, BigInt(a1) & mask, BigInt.asUintN(64, BigInt(code)) & mask]);
}

/** ffa_handle_msg_send_direct_req() (ffa_msg.c; handle_msg_send_direct_req() in ffa.c before the split). */
export function* handleDirectReq(xen: Xen, cur: Current, ctx: Ctx, regs: Regs, fid: number): Proc<void> {
  const mask = isSmc64(fid) ? M64 : M32;
  const runHelper = xen.sw.directReq === 'run-helper';
  const fail = (code: number, a1 = 0): void =>
    runHelper ? setRegsError(xen, cur, regs, code) : legacyError(xen, cur, regs, code, mask, a1);
  // 7a90dad8de's version logs each refusal with gdprintk().
  const diag = (text: string): void => {
    if (runHelper) xen.printk(cur, 'DEBUG', `ffa: direct req ${text}`);
  };
  if (!fwSupportsFid(xen, fid)) return diag(`fid 0x${fid.toString(16)} not supported`), fail(RET.NOT_SUPPORTED);
  const srcDst = getUserReg32(regs, 1);
  if (srcDst >>> 16 !== ctx.ffaId || (runHelper && (srcDst & 0xffff) === ctx.ffaId))
    return diag(`invalid src/dst 0x${srcDst.toString(16)}`), fail(RET.INVALID_PARAMETERS);
  // no direct messages to VMs
  if (!(srcDst & 0x8000)) return diag(`to non-secure dst 0x${(srcDst & 0xffff).toString(16)}`), fail(RET.NOT_SUPPORTED);

  const args: bigint[] = new Array<bigint>(18).fill(0n);
  args[0] = BigInt(fid);
  args[1] = BigInt(srcDst);
  for (let i = 2; i <= 7; i++) args[i] = getUserReg(regs, i) & mask;
  if (fid === FID.FFA_MSG_SEND_DIRECT_REQ2) for (let i = 8; i <= 17; i++) args[i] = getUserReg(regs, i);
  const resp = yield* smcCall(args);
  const x0 = resp[0] ?? 0n;
  const a0 = Number(x0 & M32);
  if (runHelper && x0 === BigInt(FID.FFA_MSG_SEND_DIRECT_RESP2)) {
    for (let i = 0; i <= 17; i++) regs[i] = resp[i] ?? 0n;
    return;
  }
  // "Bad fid, report back to the caller." The legacy reply also carries src_dst in w1.
  if (x0 > M32 || !(runHelper ? PASS_RUN : PASS_LEGACY).has(a0)) return fail(RET.ABORTED, srcDst);
  // The legacy code masks with the request's convention, the RUN helper with the reply's.
  const m = runHelper ? (isSmc64(a0) ? M64 : M32) : mask;
  setRegs(xen, cur, regs, [x0, ...[1, 2, 3, 4, 5, 6, 7].map((i) => (resp[i] ?? 0n) & m)]);
}
