// Named scenarios over Xen's FF-A mediator (xen/arch/arm/tee/): the acceptance scenario of the
// RX/TX rework and the guest-side helpers to build them (descriptors via src/descriptors).
import { FID } from '../ffa/ids';
import { callFrame } from '../ffa/frame';
import { V1_1 } from '../ffa/version';
import { encodeMemTransaction } from '../descriptors/index';
import type { MemTransaction } from '../descriptors/index';
import { LAYOUT } from './system';
import type { Step } from './scenario';

const PAGE = 4096;
/** Guest layout used by the scenarios: TX, RX, then data pages. */
export const GUEST = Object.freeze({
  tx: LAYOUT.guestIpaBase,
  rx: LAYOUT.guestIpaBase + PAGE,
  page: (n: number): number => LAYOUT.guestIpaBase + n * PAGE,
});

/** A v1.1 MEM_SHARE descriptor from `sender` to `receiver` over the given (ipa, pages) ranges. */
export function shareDescriptor(sender: number, receiver: number, ranges: readonly (readonly [number, number])[]): Uint8Array {
  const d: MemTransaction = {
    senderId: sender,
    attributes: 0x2f,
    flags: 0,
    handle: 0n,
    tag: 0n,
    receivers: [{ access: { endpointId: receiver, perm: 0x2, flags: 0 } }],
    region: { totalPageCount: ranges.reduce((n, r) => n + r[1], 0), ranges: ranges.map(([a, n]) => ({ address: BigInt(a), pageCount: n })) },
  };
  const enc = encodeMemTransaction(d, { version: V1_1 });
  if (!enc.ok) throw new RangeError(`shareDescriptor: ${enc.error.field}: ${enc.error.message}`);
  return enc.bytes;
}

/**
 * The acceptance scenario of issue 4: boot; VM 1 (domid 1, FF-A id 2) negotiates v1.1 and maps
 * RX/TX; full PARTITION_INFO_GET; RX_RELEASE twice; MEM_SHARE of 3 pages (2 contiguous + 1 not)
 * to SP 0x8001; MEM_SHARE with tot_len = frag_len = 5000; RXTX_UNMAP twice.
 */
export function acceptanceScenario(domid = 1, sp = 0x8001): Step[] {
  const vm = domid + 1;
  const desc = shareDescriptor(vm, sp, [[GUEST.page(2), 2], [GUEST.page(5), 1]]);
  const call = (note: string, fid: number, ...args: (number | bigint)[]): Step => ({ op: 'call', domid, frame: callFrame(fid, ...args), note });
  return [
    { op: 'boot' },
    { op: 'create', domid },
    call('FFA_VERSION(1.1)', FID.FFA_VERSION, V1_1),
    call('FFA_RXTX_MAP_64', FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1),
    call('FFA_PARTITION_INFO_GET(nil)', FID.FFA_PARTITION_INFO_GET),
    call('FFA_RX_RELEASE #1', FID.FFA_RX_RELEASE),
    call('FFA_RX_RELEASE #2', FID.FFA_RX_RELEASE),
    { op: 'write', domid, ipa: GUEST.tx, bytes: desc },
    call('FFA_MEM_SHARE_64 (3 pages)', FID.FFA_MEM_SHARE_64, desc.length, desc.length),
    call('FFA_MEM_SHARE_64 (tot_len 5000)', FID.FFA_MEM_SHARE_64, 5000, 5000),
    call('FFA_RXTX_UNMAP #1', FID.FFA_RXTX_UNMAP),
    call('FFA_RXTX_UNMAP #2', FID.FFA_RXTX_UNMAP),
  ];
}
