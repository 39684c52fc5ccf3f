// FFA_PARTITION_INFO_GET (Arm DEN0077 13.11): UUID in w1..w4, w5 bit 0 = count only; success
// has the count in w2 and the descriptor size in w3, the descriptors in the caller's RX, whose
// ownership passes to the caller. Check orders: Hafnium api_ffa_partition_info_get() +
// send_versioned_partition_info_descriptors(), TF-A partition_info_get_handler(), OP-TEE
// spmc_handle_partition_info_get().
import { encodePartInfo } from '../descriptors/partinfo';
import type { PartInfoSize } from '../descriptors/types';
import { RET } from '../ffa/errors';
import { FID } from '../ffa/ids';
import type { Frame } from '../ffa/frame';
import { V1_0, V1_1 } from '../ffa/version';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { writeBuffer } from './_mem';
import { entryFor, matches, queryOf, type Query } from './_partinfo-view';
import { isMapped } from './endpoints';
import { SpmcInvariantError } from './errors';
import { setOwnership } from './rx-state';
import type { SpConfig } from './types';

/** The descriptors, encoded once per (size, caller kind and version, query, count); never mutated. */
function encode(c: Call, sps: readonly SpConfig[], q: Query, size: PartInfoSize): Uint8Array {
  const key = `${size}|${c.caller === 0 ? 'nwd' : 'sp'}|${c.ep.version}|${q.uuid.join(',')}|${sps.length}`;
  const hit = c.m.partInfoCache.get(key);
  if (hit) return hit;
  const r = encodePartInfo(sps.map((sp) => entryFor(c, sp, q, size)), size);
  if (!r.ok) throw new SpmcInvariantError(`partition info encoder refused our own entries: ${r.error.field}: ${r.error.message}`);
  c.m.partInfoCache.set(key, r.bytes);
  return r.bytes;
}

function zeros(c: Call, len: number): Uint8Array {
  const key = `zeros|${len}`;
  const hit = c.m.partInfoCache.get(key) ?? new Uint8Array(len);
  c.m.partInfoCache.set(key, hit);
  return hit;
}

function rxBytes(c: Call): number {
  return c.ep.mailbox.pages * PAGE_SIZE;
}

function hafnium(c: Call, q: Query, countOnly: boolean): Frame {
  const flags = c.w(5);
  if (c.p.partInfo.flagsMbz && (flags & ~1) !== 0) return c.refuse(RET.INVALID_PARAMETERS, `flags 0x${flags.toString(16)}: bits [31:1] must be zero`);
  const size: PartInfoSize = c.ep.version === V1_0 ? 8 : c.p.partInfo.size;
  const found = matches(c, q);
  let cap = c.p.partInfo.staging;
  if (c.p.partInfo.capByRx && !countOnly && isMapped(c.ep)) cap = Math.min(cap, Math.floor(rxBytes(c) / size));
  if (found.length > cap) return c.refuse(RET.NO_MEMORY, `${found.length} descriptors do not fit the staging buffer (${cap})`);
  if (q.nil && found.length === 0) c.panic('CHECK(!uuid_is_null || entries_count != 0) failed: no partitions at all');
  if (found.length === 0) return c.refuse(RET.INVALID_PARAMETERS, 'UUID matches no partition');
  if (countOnly) return c.reply(FID.FFA_SUCCESS_32, 0, found.length);
  if (!isMapped(c.ep)) return c.refuse(RET.BUSY, 'no RX buffer mapped (vm_is_mailbox_busy)');
  if (c.ep.mailbox.ownership !== 'free') return c.refuse(RET.BUSY, `RX is ${c.ep.mailbox.ownership}, not EMPTY`);
  if (found.length * size > rxBytes(c)) return c.refuse(RET.NO_MEMORY, 'descriptors do not fit the RX buffer');
  const bytes = encode(c, found, q, size);
  if (!writeBuffer(c.m, c.ep, c.ep.mailbox.rx, bytes)) return c.refuse(RET.ABORTED, 'copy into RX faulted (memcpy_trapped)');
  if (c.p.partInfo.zeroRx === 'tail' && bytes.length < rxBytes(c))
    writeBuffer(c.m, c.ep, c.ep.mailbox.rx + bytes.length, zeros(c, rxBytes(c) - bytes.length));
  setOwnership(c, c.ep, 'full', `FFA_PARTITION_INFO_GET wrote ${found.length} x ${size} bytes`);
  return c.reply(FID.FFA_SUCCESS_32, 0, found.length, size === 8 ? c.p.partInfo.w3ForV10 : size);
}

function tfa(c: Call, q: Query, countOnly: boolean): Frame {
  const found = matches(c, q);
  if (countOnly) {
    if (found.length === 0) return c.refuse(RET.INVALID_PARAMETERS, 'UUID matches no partition');
    return c.reply(FID.FFA_SUCCESS_32, 0, found.length, 0);
  }
  if (found.length > c.p.partInfo.staging) return c.refuse(RET.NO_MEMORY, `more than ${c.p.partInfo.staging} descriptors`);
  if (found.length === 0) return c.refuse(RET.INVALID_PARAMETERS, 'UUID matches no partition');
  if (!isMapped(c.ep)) return c.refuse(RET.BUSY, 'caller has not registered an RX/TX pair');
  if (c.ep.mailbox.ownership !== 'free') return c.refuse(RET.BUSY, `RX is ${c.ep.mailbox.ownership}, not EMPTY`);
  writeBuffer(c.m, c.ep, c.ep.mailbox.rx, zeros(c, rxBytes(c)));
  const v10 = c.ep.version === V1_0;
  const size: PartInfoSize = v10 ? 8 : 24;
  if (found.length * size > rxBytes(c))
    return c.refuse(RET.NO_MEMORY, 'descriptors do not fit the RX buffer', 'the whole RX was zeroed before the fit check');
  writeBuffer(c.m, c.ep, c.ep.mailbox.rx, encode(c, found, q, size));
  setOwnership(c, c.ep, 'full', `FFA_PARTITION_INFO_GET wrote ${found.length} x ${size} bytes`);
  return c.reply(FID.FFA_SUCCESS_32, 0, found.length, v10 ? 0 : size);
}

function optee(c: Call, q: Query, countOnly: boolean): Frame {
  if (!countOnly && (!isMapped(c.ep) || c.ep.mailbox.ownership !== 'free'))
    return c.refuse(RET.BUSY, isMapped(c.ep) ? `RX is ${c.ep.mailbox.ownership}, not ours` : 'no RX/TX buffers mapped');
  const found = matches(c, q);
  const size: PartInfoSize = c.ep.version >= V1_1 ? 24 : 8;
  if (!countOnly) {
    const fit = Math.floor(rxBytes(c) / size);
    if (found.length > fit) {
      writeBuffer(c.m, c.ep, c.ep.mailbox.rx, encode(c, found.slice(0, fit), q, size));
      setOwnership(c, c.ep, 'full', 'tx_is_mine = false on every non-count return');
      return c.refuse(RET.INVALID_PARAMETERS, 'descriptors do not fit the RX buffer', 'entries that fit were written and the RX passed to the caller');
    }
    if (found.length > 0) writeBuffer(c.m, c.ep, c.ep.mailbox.rx, encode(c, found, q, size));
    setOwnership(c, c.ep, 'full', `FFA_PARTITION_INFO_GET wrote ${found.length} x ${size} bytes`);
  }
  if (found.length === 0) c.note('UUID matches no partition: OP-TEE answers SUCCESS with count 0');
  return c.reply(FID.FFA_SUCCESS_32, 0, found.length, !countOnly && size === 24 ? 24 : 0);
}

export function ffaPartitionInfoGet(c: Call): Frame {
  const q = queryOf(c);
  const countOnly = (c.w(5) & 1) !== 0;
  switch (c.p.family) {
    case 'hafnium':
      return hafnium(c, q, countOnly);
    case 'tfa':
      return tfa(c, q, countOnly);
    case 'optee':
      return optee(c, q, countOnly);
  }
}
