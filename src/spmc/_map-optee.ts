// FFA_RXTX_MAP_32/64 at OP-TEE's S-EL1 SPMC: spmc_handle_rxtx_map() in
// core/arch/arm/kernel/thread_spmc.c. One NWd pair (my_rxtx); a successful map always hands the
// RX to the producer (tx_is_mine = true), whatever state it was left in.
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import type { Call } from './_ctx';
import { addrOf, firstNonNsPage, firstNonSecurePage, hex, isAligned } from './_mem';
import { isMapped } from './endpoints';
import { mapMailbox } from './rx-state';

export function mapOptee(c: Call): Frame {
  const x3 = c.x(3);
  if ((x3 & ~0x3fn) !== 0n) return c.refuse(RET.INVALID_PARAMETERS, `x3 ${hex(x3)}: bits [63:6] must be zero`);
  const pages = Number(x3);
  if (pages === 0) return c.refuse(RET.INVALID_PARAMETERS, 'zero pages');
  if (isMapped(c.ep)) return c.refuse(RET.DENIED, 'RX/TX buffers already mapped');
  const txReg = c.x(1);
  const rxReg = c.x(2);
  // (obs.) core_mmu_map_contiguous_pages() maps whole pages: an unaligned PA cannot be mapped.
  if (!isAligned(txReg) || !isAligned(rxReg)) return c.refuse(RET.INVALID_PARAMETERS, `TX ${hex(txReg)} / RX ${hex(rxReg)} not page aligned`);
  const tx = addrOf(txReg);
  const rx = addrOf(rxReg);
  if (tx === undefined || rx === undefined) return c.refuse(RET.INVALID_PARAMETERS, 'address beyond physical memory');
  for (const [name, pa] of [['TX', tx], ['RX', rx]] as const) {
    const bad = c.ep.kind === 'sp' ? firstNonSecurePage(c.m.mem, pa, pages) : firstNonNsPage(c.m.mem, pa, pages);
    // map_buf(): core_pbuf_is(CORE_MEM_NON_SEC, ...) fails outside the declared NS memory (issue #6140).
    if (bad !== undefined) return c.refuse(RET.INVALID_PARAMETERS, `${name} page ${hex(bad)} is not in OP-TEE's non-secure memory`);
  }
  mapMailbox(c, c.ep, tx, rx, pages, c.fid === FID.FFA_RXTX_MAP_32 ? 'FFA_RXTX_MAP_32' : 'FFA_RXTX_MAP_64');
  return c.reply(FID.FFA_SUCCESS_32);
}
