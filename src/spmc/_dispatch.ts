// Which model function answers each FF-A function id (Arm DEN0077 chapter 13), like the switch
// in Hafnium's ffa_handler() (src/arch/aarch64/hypervisor/handler.c) and TF-A's
// spmc_smc_handler(). Whether the personality implements the id at all is checked first.
import { RET } from '../ffa/errors';
import { FID, fidLabel } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { ffaDirectReq } from './abi-direct-req';
import { ffaFeatures } from './abi-features';
import { ffaIdGet, ffaSpmIdGet } from './abi-id';
import { ffaMemFragTx } from './abi-mem-frag';
import { ffaMemReclaim } from './abi-mem-reclaim';
import { ffaMemRelinquish, ffaMemRetrieveReq } from './abi-mem-retrieve';
import { ffaMemShare } from './abi-mem-share';
import { ffaPartitionInfoGet } from './abi-partinfo';
import { ffaRxAcquire, ffaRxRelease } from './abi-rx';
import { ffaRxtxMap } from './abi-rxtx-map';
import { ffaRxtxUnmap } from './abi-rxtx-unmap';
import { ffaVersion } from './abi-version';

type Handler = (c: Call) => Frame;

const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [FID.FFA_VERSION, ffaVersion],
  [FID.FFA_FEATURES, ffaFeatures],
  [FID.FFA_ID_GET, ffaIdGet],
  [FID.FFA_SPM_ID_GET, ffaSpmIdGet],
  [FID.FFA_RXTX_MAP_32, ffaRxtxMap],
  [FID.FFA_RXTX_MAP_64, ffaRxtxMap],
  [FID.FFA_RXTX_UNMAP, ffaRxtxUnmap],
  [FID.FFA_RX_RELEASE, ffaRxRelease],
  [FID.FFA_RX_ACQUIRE, ffaRxAcquire],
  [FID.FFA_PARTITION_INFO_GET, ffaPartitionInfoGet],
  [FID.FFA_MEM_SHARE_32, ffaMemShare],
  [FID.FFA_MEM_SHARE_64, ffaMemShare],
  [FID.FFA_MEM_LEND_32, ffaMemShare],
  [FID.FFA_MEM_LEND_64, ffaMemShare],
  [FID.FFA_MEM_FRAG_TX, ffaMemFragTx],
  [FID.FFA_MEM_RECLAIM, ffaMemReclaim],
  [FID.FFA_MEM_RETRIEVE_REQ_32, ffaMemRetrieveReq],
  [FID.FFA_MEM_RETRIEVE_REQ_64, ffaMemRetrieveReq],
  [FID.FFA_MEM_RELINQUISH, ffaMemRelinquish],
  [FID.FFA_MSG_SEND_DIRECT_REQ_32, ffaDirectReq],
  [FID.FFA_MSG_SEND_DIRECT_REQ_64, ffaDirectReq],
]);

/** Function ids the model answers itself (others the personality implements are refused as unmodelled). */
export const MODELLED_FIDS: readonly number[] = Object.freeze([...HANDLERS.keys()]);

export function dispatch(c: Call, implemented: ReadonlySet<number>): Frame {
  if (!implemented.has(c.fid)) return c.refuse(RET.NOT_SUPPORTED, `${fidLabel(c.fid)} is not implemented by ${c.p.name}`);
  const h = HANDLERS.get(c.fid);
  if (!h) return c.refuse(RET.NOT_SUPPORTED, `(model) ${fidLabel(c.fid)} is implemented by ${c.p.name} but not modelled by ffa-lab`);
  return h(c);
}
