// FFA_RXTX_MAP_32/64 at TF-A's EL3 SPMC: rxtx_map_handler() in
// services/std_svc/spm/el3_spmc/spmc_main.c, checks in its order. No forwarding: a zero address
// means "on behalf of a VM", which the EL3 SPMC refuses.
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { addrOf, hex, isAligned, rangesOverlap } from './_mem';
import { isMapped } from './endpoints';
import { mapMailbox } from './rx-state';

/** FFA_RXTX_PAGE_COUNT_MASK: the comment says bits [5:0], the mask keeps [4:0]. */
const PAGE_COUNT_MASK = 0x1fn;

export function mapTfa(c: Call): Frame {
  const txReg = c.x(1);
  const rxReg = c.x(2);
  if (txReg === 0n || rxReg === 0n) return c.refuse(RET.INVALID_PARAMETERS, 'mapping RX/TX on behalf of a VM is not supported');
  if (txReg === rxReg) return c.refuse(RET.INVALID_PARAMETERS, 'TX buffer must not be the RX buffer');
  const pages = Number(c.x(3) & PAGE_COUNT_MASK);
  if (pages === 0) return c.refuse(RET.INVALID_PARAMETERS, `x3 ${hex(c.x(3))} & 0x1f gives 0 pages`);
  if (isMapped(c.ep)) return c.refuse(RET.DENIED, 'RX/TX buffers already mapped');
  // mmap_add_dynamic_region() wants page-aligned PA/VA (-EINVAL) and refuses a region that
  // partly overlaps one already mapped with other attributes (-EPERM): both INVALID_PARAMETERS.
  // It does not look at what memory it maps (obs.): secure or absent pages are mapped as NS.
  if (!isAligned(txReg)) return c.refuse(RET.INVALID_PARAMETERS, `TX ${hex(txReg)} not page aligned (mmap_add_dynamic_region)`);
  if (!isAligned(rxReg)) return c.refuse(RET.INVALID_PARAMETERS, `RX ${hex(rxReg)} not page aligned (mmap_add_dynamic_region)`);
  const tx = addrOf(txReg);
  const rx = addrOf(rxReg);
  if (tx === undefined || rx === undefined) return c.refuse(RET.INVALID_PARAMETERS, 'address beyond the translation regime');
  if (rangesOverlap(tx, pages * PAGE_SIZE, rx, pages * PAGE_SIZE))
    return c.refuse(RET.INVALID_PARAMETERS, '(obs.) RX region overlaps the TX region just mapped read-only');
  mapMailbox(c, c.ep, tx, rx, pages, c.fid === FID.FFA_RXTX_MAP_32 ? 'FFA_RXTX_MAP_32' : 'FFA_RXTX_MAP_64');
  return c.reply(FID.FFA_SUCCESS_32);
}
