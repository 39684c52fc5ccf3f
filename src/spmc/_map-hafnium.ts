// FFA_RXTX_MAP_64 at a Hafnium SPMC: api_ffa_rxtx_map() -> api_get_rxtx_description() ->
// ffa_vm_find_locked_create() -> api_vm_configure_pages() -> arch_other_world_vm_configure_rxtx_map()
// (src/api.c, src/arch/aarch64/hypervisor/other_world.c), checks in that order.
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { readForwarded, type MapRequest } from './_map-forwarded';
import { addrOf, firstNonNsPage, firstNonSecurePage, hex, isAligned, mailboxUsing, rangesOverlap } from './_mem';
import { findEndpoint, findOrCreateVm, isMapped, type Endpoint } from './endpoints';
import { isSecureId } from './partitions';
import { mapMailbox } from './rx-state';

const KEPT_SLOT =
  '(obs.) api_ffa_rxtx_map() does not free the nwd_vms slot ffa_vm_nwd_alloc() took, so the VM stays known with no buffers';

export function mapHafnium(c: Call): Frame {
  let req: MapRequest = { owner: c.caller, tx: c.x(1), rx: c.x(2), pages: c.w(3) };
  const forwarded = c.caller === 0 && req.tx === 0n && req.rx === 0n && req.pages === 0;
  if (forwarded) {
    const fw = readForwarded(c);
    if (!fw.ok) return fw.reply;
    req = fw.req;
    c.note(`forwarded map for 0x${req.owner.toString(16)}: tx ${hex(req.tx)} rx ${hex(req.rx)} pages ${req.pages}`);
  }
  let ep: Endpoint | undefined;
  let created = false;
  if (req.owner === 0 || isSecureId(req.owner)) ep = findEndpoint(c.m.eps, req.owner);
  else {
    const got = findOrCreateVm(c.m.eps, req.owner);
    ep = got?.ep;
    created = got?.created ?? false;
  }
  if (!ep) return c.refuse(RET.DENIED, `no endpoint or free nwd_vms slot for 0x${req.owner.toString(16)}`);
  return configurePages(c, ep, req, created, forwarded);
}

function configurePages(c: Call, ep: Endpoint, req: MapRequest, created: boolean, forwarded: boolean): Frame {
  if (created) c.note(`nwd_vms slot taken by VM 0x${req.owner.toString(16)}`);
  const mutates = created ? KEPT_SLOT : undefined;
  if (isMapped(ep)) return c.refuse(RET.DENIED, `0x${ep.id.toString(16)} already has RX/TX buffers`, mutates);
  const { minPages, maxPages, overlap } = c.p.map;
  if (req.pages < minPages || req.pages > maxPages)
    return c.refuse(RET.INVALID_PARAMETERS, `page count ${req.pages} outside ${minPages}..${maxPages}`, mutates);
  if (!isAligned(req.tx) || !isAligned(req.rx))
    return c.refuse(RET.INVALID_PARAMETERS, `TX ${hex(req.tx)} / RX ${hex(req.rx)} not 4 KiB aligned`, mutates);
  const len = BigInt(req.pages * PAGE_SIZE);
  if (overlap === 'same-start' && req.tx === req.rx) return c.refuse(RET.INVALID_PARAMETERS, 'TX and RX are the same page', mutates);
  if (overlap === 'range' && req.tx < req.rx + len && req.rx < req.tx + len)
    return c.refuse(RET.INVALID_PARAMETERS, 'TX and RX ranges overlap', mutates);
  const tx = addrOf(req.tx);
  const rx = addrOf(req.rx);
  const refuseMem = (why: string): Frame => c.refuse(ep.kind === 'sp' ? RET.INVALID_PARAMETERS : RET.DENIED, why, mutates);
  if (tx === undefined || rx === undefined) return refuseMem('address beyond physical memory');
  const bad = memoryProblem(c, ep, tx, rx, req.pages);
  if (bad) return refuseMem(bad);
  mapMailbox(c, ep, tx, rx, req.pages, forwarded ? 'forwarded FFA_RXTX_MAP_64' : 'FFA_RXTX_MAP_64');
  return c.reply(FID.FFA_SUCCESS_32);
}

/**
 * A normal-world owner's pages must still be in the SPMC's view of NWd memory (NS RAM the manifest
 * declares, not already an RX/TX pair: 738bee13) else DENIED; an SP's must be its own secure
 * memory, valid and exclusive, else INVALID_PARAMETERS.
 */
function memoryProblem(c: Call, ep: Endpoint, tx: number, rx: number, pages: number): string | undefined {
  for (const [name, pa] of [['TX', tx], ['RX', rx]] as const) {
    if (ep.kind === 'sp') {
      const p = firstNonSecurePage(c.m.mem, pa, pages);
      if (p !== undefined) return `${name} page ${hex(p)} is not memory of the SP`;
      for (const other of c.m.eps.sps.values()) {
        const mb = other.mailbox;
        const n = mb.pages * PAGE_SIZE;
        if (mb.pages && (rangesOverlap(pa, pages * PAGE_SIZE, mb.tx, n) || rangesOverlap(pa, pages * PAGE_SIZE, mb.rx, n)))
          return `${name} page already an RX/TX buffer of 0x${other.id.toString(16)}`;
      }
      continue;
    }
    const p = firstNonNsPage(c.m.mem, pa, pages);
    if (p !== undefined) return `${name} page ${hex(p)} is not in the SPMC's view of normal-world memory`;
    const user = mailboxUsing(c.m, pa, pages);
    if (user) return `${name} page already mapped as an RX/TX buffer of 0x${user.id.toString(16)}`;
  }
  return undefined;
}
