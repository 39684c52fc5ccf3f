// A forwarded FFA_RXTX_MAP_64 (x1 = x2 = w3 = 0): the endpoint RX/TX descriptor the hypervisor
// wrote at offset 0 of its own TX buffer (Arm DEN0077 v1.1 "Endpoint RX/TX descriptor"). Models
// Hafnium api_get_rxtx_description() (src/api.c): it reads the endpoint id, both composite
// offsets, the RX constituent 0 address and page count and the TX constituent 0 address; nothing
// else (composite totals, range counts, TX page count, padding) is looked at.
import { decodeEndpointRxtx } from '../descriptors/rxtx';
import { RET } from '../ffa/errors';
import type { Frame } from '../ffa/frame';
import { PAGE_SIZE } from '../sim/memory';
import type { Call } from './_ctx';
import { readBuffer } from './_mem';
import { isMapped } from './endpoints';

export interface MapRequest {
  readonly owner: number;
  readonly tx: bigint;
  readonly rx: bigint;
  readonly pages: number;
}

export type Forwarded = { readonly ok: true; readonly req: MapRequest } | { readonly ok: false; readonly reply: Frame };

export function readForwarded(c: Call): Forwarded {
  const hyp = c.m.eps.hyp;
  if (!isMapped(hyp))
    return { ok: false, reply: c.refuse(RET.INVALID_PARAMETERS, 'forwarded map but the hypervisor has not mapped its own RX/TX buffers (b9705e2b)') };
  const bytes = readBuffer(c.m, hyp, hyp.mailbox.tx, hyp.mailbox.pages * PAGE_SIZE);
  if (c.p.map.forwardedDescriptor === 'strict') {
    const d = decodeEndpointRxtx(bytes);
    if (!d.ok)
      return { ok: false, reply: c.refuse(RET.INVALID_PARAMETERS, `endpoint RX/TX descriptor: ${d.error.rule} at ${d.error.field} (+${d.error.offset}): ${d.error.message}`) };
    const rx = d.value.rx.ranges[0];
    const tx = d.value.tx.ranges[0];
    if (!rx || !tx) return { ok: false, reply: c.refuse(RET.INVALID_PARAMETERS, 'endpoint RX/TX descriptor: a composite without address ranges') };
    return { ok: true, req: { owner: d.value.senderId, tx: tx.address, rx: rx.address, pages: rx.pageCount } };
  }
  return readRaw(c, bytes);
}

function readRaw(c: Call, bytes: Uint8Array): Forwarded {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const owner = v.getUint16(0, true);
  const rxOff = v.getUint32(4, true);
  const txOff = v.getUint32(8, true);
  if (rxOff % 8 !== 0 || txOff % 8 !== 0) {
    const why = `descriptor offsets rx=${rxOff} tx=${txOff} are not 8-byte aligned`;
    if (c.p.map.misalignedDescOffsets === 'panic') c.panic(`${why}: unaligned 64-bit load of a constituent address (alignment fault; fixed by b9c1912c)`);
    return { ok: false, reply: c.refuse(RET.INVALID_PARAMETERS, `${why} (b9c1912c)`) };
  }
  // Constituent 0 sits 16 bytes into its composite: address (8) then page count (4).
  if (rxOff + 28 > bytes.length || txOff + 24 > bytes.length)
    c.panic(`(obs.) descriptor offsets rx=${rxOff} tx=${txOff} point past the ${bytes.length}-byte TX mapping: data abort`);
  // The spec's rules, for the trace only: Hafnium itself checks nothing but the alignment.
  const checked = decodeEndpointRxtx(bytes);
  if (!checked.ok) c.note(`descriptor not spec-conformant (${checked.error.rule} at ${checked.error.field}); Hafnium reads it anyway`);
  return {
    ok: true,
    req: {
      owner,
      rx: v.getBigUint64(rxOff + 16, true),
      pages: v.getUint32(rxOff + 24, true),
      tx: v.getBigUint64(txOff + 16, true),
    },
  };
}
