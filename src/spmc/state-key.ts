// Canonical text of all SPMC state, for invariants ("a refused call changes nothing") and for
// state hashing in the interleaving explorer. RX bytes the SPMC writes count as state (Arm DEN0077:
// the producer owns what it wrote until the consumer releases it), hashed to keep the key short.
import { PAGE_SIZE } from '../sim/memory';
import type { Machine } from './_ctx';
import { allEndpoints, type Endpoint } from './endpoints';

/** 32-bit FNV-1a: stable, dependency-free, good enough to tell buffer contents apart. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i]!;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function endpointKey(m: Machine, ep: Endpoint, index: number): string {
  const mb = ep.mailbox;
  const rx = mb.pages > 0 ? fnv1a(m.mem.peek(mb.rx, mb.pages * PAGE_SIZE)) : '-';
  const known = [...ep.knownVms].sort((a, b) => a - b).join(',');
  return `${ep.kind}[${index}] id=${ep.id.toString(16)} v=${ep.version.toString(16)} lock=${ep.versionLocked ? 1 : 0} ` +
    `tx=${mb.tx.toString(16)} rx=${mb.rx.toString(16)} n=${mb.pages} own=${mb.ownership} rxh=${rx} vms=${known}`;
}

export function stateKeyOf(m: Machine): string {
  const lines = [`personality=${m.p.name} panicked=${m.panicked ?? '-'} next=${m.nextHandle.toString(16)}`];
  let i = 0;
  for (const ep of allEndpoints(m.eps)) lines.push(endpointKey(m, ep, i++));
  const handles = [...m.shares.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const h of handles) {
    const s = m.shares.get(h)!;
    const ranges = s.ranges.map((r) => `${r.pa.toString(16)}+${r.pages}`).join(',');
    lines.push(
      `share ${h.toString(16)} fid=${s.fid.toString(16)} from=${s.sender.toString(16)} by=${s.caller.toString(16)} ` +
        `${s.received}/${s.total} to=${s.receivers.map((r) => r.toString(16)).join(',')} ranges=${ranges} ` +
        `ret=${[...s.retrievedBy].sort((a, b) => a - b).join(',')} desc=${fnv1a(s.bytes)}`,
    );
  }
  return lines.join('\n');
}
