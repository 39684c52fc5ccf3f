// Secure partitions the SPMC hosts (Arm DEN0077 "Partition properties", Table 6.2 in v1.1; bit
// names as Hafnium inc/vmapi/hf/ffa.h and Xen ffa_private.h define them), and a default set that
// the mediator model, the vectors and the notebooks share.
import { deepFreeze } from './_freeze';
import type { SpConfig } from './types';

export const PROP = deepFreeze({
  DIRECT_REQ_RECV: 1 << 0,
  DIRECT_REQ_SEND: 1 << 1,
  INDIRECT_MSG: 1 << 2,
  NOTIFICATION_RECV: 1 << 3,
  /** Bits [5:4]: partition id type; 0 = PE endpoint. */
  ID_TYPE_MASK: 3 << 4,
  VM_CREATED: 1 << 6,
  VM_DESTROYED: 1 << 7,
  AARCH64: 1 << 8,
  DIRECT_REQ2_RECV: 1 << 9,
  DIRECT_REQ2_SEND: 1 << 10,
} as const);

/** v1.0 descriptors carry only bits [2:0] (FFA_PARTITION_v1_0_RES_MASK is ~0x7). */
export const PROP_V1_0_MASK = 0x7;

export function isSecureId(id: number): boolean {
  return (id & 0x8000) !== 0;
}

/**
 * Three SPs with made-up but distinct UUIDs: a TEE-like service (direct messages both ways), one
 * subscribed to VM created/destroyed messages (properties bits 6/7, which Xen's ffa_partinfo.c
 * collects at boot), and one reachable only by indirect messages (no direct-request receive).
 */
export const DEFAULT_PARTITIONS: readonly SpConfig[] = deepFreeze([
  {
    id: 0x8001,
    name: 'tee',
    uuid: [0xe0786148, 0xe311f8e7, 0x02005ebc, 0x1bc5d5a5],
    execCount: 4,
    properties: PROP.DIRECT_REQ_RECV | PROP.DIRECT_REQ_SEND | PROP.AARCH64,
  },
  {
    id: 0x8002,
    name: 'vm-aware',
    uuid: [0x5c9f0d1a, 0x4b2e11ef, 0x8c3a0242, 0xac120002],
    execCount: 4,
    properties:
      PROP.DIRECT_REQ_RECV | PROP.DIRECT_REQ_SEND | PROP.NOTIFICATION_RECV | PROP.VM_CREATED | PROP.VM_DESTROYED | PROP.AARCH64,
  },
  {
    id: 0x8003,
    name: 'mailbox-only',
    uuid: [0x7a1b3c5d, 0x11ee4e6f, 0x9a8b0242, 0xac120003],
    execCount: 1,
    properties: PROP.INDIRECT_MSG | PROP.NOTIFICATION_RECV | PROP.AARCH64,
  },
]);

export type PartitionProblem = { readonly index: number; readonly message: string };

/** What is wrong with a partition list (ids without bit 15, duplicate ids or UUIDs, bad counts). */
export function partitionProblems(parts: readonly SpConfig[]): PartitionProblem[] {
  const out: PartitionProblem[] = [];
  const ids = new Set<number>();
  const uuids = new Set<string>();
  parts.forEach((p, index) => {
    if (!isSecureId(p.id) || p.id > 0xffff) out.push({ index, message: `id 0x${p.id.toString(16)} is not a secure endpoint id` });
    if (p.id === 0x8000) out.push({ index, message: 'id 0x8000 is the SPMC itself' });
    if (ids.has(p.id)) out.push({ index, message: `duplicate id 0x${p.id.toString(16)}` });
    ids.add(p.id);
    const key = p.uuid.map((w) => (w >>> 0).toString(16)).join('-');
    if (p.uuid.every((w) => w === 0)) out.push({ index, message: 'nil UUID' });
    if (uuids.has(key)) out.push({ index, message: `duplicate UUID ${key}` });
    uuids.add(key);
    if (!Number.isInteger(p.execCount) || p.execCount < 1 || p.execCount > 0xffff)
      out.push({ index, message: `execution-context count ${p.execCount}` });
  });
  return out;
}
