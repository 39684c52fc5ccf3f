// Memory transactions the SPMC tracks between FFA_MEM_SHARE and FFA_MEM_RECLAIM (Hafnium
// src/ffa_memory.c share_states[], TF-A spmc_shared_mem.c spmc_shmem_obj, OP-TEE mobj_ffa), and
// how each implementation makes their handles (Arm DEN0077 "Memory handle", bit 63 = allocator).
import type { Machine } from './_ctx';
import type { Share } from './types';

export type { Share, ShareRange } from './types';

export function isComplete(s: Share): boolean {
  return s.received >= s.total;
}

/** The next handle, or undefined when the implementation's table is full. */
export function allocHandle(m: Machine): bigint | undefined {
  if (m.shares.size >= m.p.maxShares) return undefined;
  const scheme = m.p.handles;
  if (scheme.kind === 'counter') return m.nextHandle;
  for (let i = 0; i < scheme.slots; i++) {
    const h = BigInt(i) | scheme.or;
    if (!m.shares.has(h)) return h;
  }
  return undefined;
}

export function addShare(m: Machine, s: Share): void {
  m.shares.set(s.handle, s);
  if (m.p.handles.kind === 'counter') m.nextHandle = (m.nextHandle + 1n) & 0xffffffffffffffffn;
}

export function handleOf(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

export function handleWords(h: bigint): [number, number] {
  return [Number(h & 0xffffffffn), Number((h >> 32n) & 0xffffffffn)];
}

/** Pages of any complete or pending transaction that overlap the range. */
export function shareUsing(m: Machine, pa: number, pages: number): Share | undefined {
  const end = pa + pages * 4096;
  for (const s of m.shares.values())
    for (const r of s.ranges) if (pa < r.pa + r.pages * 4096 && r.pa < end) return s;
  return undefined;
}
