// FFA_ID_GET and FFA_SPM_ID_GET (Arm DEN0077 13.9/13.10). From the normal world both are answered
// by TF-A's SPMD before any SPMC sees them (spmd_main.c: FFA_NS_ENDPOINT_ID = 0, and the SPMC id
// from the SPMC manifest), so they neither reach the SPMC nor close version negotiation. From an
// SP the SPMC answers: Hafnium api_ffa_id_get()/api_ffa_spm_id_get(), TF-A ffa_id_get_handler()
// and ffa_spm_id_get_handler() (SMC_RET3), OP-TEE spmc_handle_spm_id_get().
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { success32 } from '../ffa/frame';
import type { Call } from './_ctx';

/** The SPMD's answer to the normal world, or undefined when the SPMC must answer. */
export function spmdAnswer(c: Call): Frame | undefined {
  if (c.caller !== 0) return undefined;
  if (c.fid === FID.FFA_ID_GET) return success32(0);
  if (c.fid === FID.FFA_SPM_ID_GET) return success32(c.p.spmcId);
  return undefined;
}

export function ffaIdGet(c: Call): Frame {
  return c.reply(FID.FFA_SUCCESS_32, 0, c.caller);
}

export function ffaSpmIdGet(c: Call): Frame {
  return c.reply(FID.FFA_SUCCESS_32, 0, c.p.spmcId);
}
