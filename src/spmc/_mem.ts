// How the SPMC model touches physical memory: only through addresses it was given, as firmware
// does (Hafnium maps NWd buffers into its stage 1; TF-A mmap_add_dynamic_region; OP-TEE map_buf).
// Bad accesses are recorded in PhysMem.faults by PhysMem itself.
import { PAGE_SIZE, type PageKind, type PhysMem } from '../sim/memory';
import type { Machine } from './_ctx';
import { nwdEndpoints, type Endpoint } from './endpoints';

export const SPMC_AGENT = 'spmc';

/** Addresses the model can hold as a number; anything higher is beyond any RAM we simulate. */
export function addrOf(v: bigint): number | undefined {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}

export function isAligned(v: bigint): boolean {
  return (v & BigInt(PAGE_SIZE - 1)) === 0n;
}

export function rangesOverlap(a: number, aLen: number, b: number, bLen: number): boolean {
  return a < b + bLen && b < a + aLen;
}

const NS_RAM: ReadonlySet<PageKind> = new Set<PageKind>(['free', 'xenheap', 'guest-ram']);

/** First page of [pa, pa + pages) that is not normal-world RAM, or undefined when all are. */
export function firstNonNsPage(mem: PhysMem, pa: number, pages: number): number | undefined {
  for (let i = 0; i < pages; i++) {
    const page = pa + i * PAGE_SIZE;
    const kind = mem.kindOf(page);
    if (kind === undefined || !NS_RAM.has(kind)) return page;
  }
  return undefined;
}

/** First page of the range that is not secure memory (where an SP's own buffers must live). */
export function firstNonSecurePage(mem: PhysMem, pa: number, pages: number): number | undefined {
  for (let i = 0; i < pages; i++) if (mem.kindOf(pa + i * PAGE_SIZE) !== 'secure') return pa + i * PAGE_SIZE;
  return undefined;
}

/** The normal-world endpoint whose mapped RX or TX covers part of the range (Hafnium took it out of the NWd view). */
export function mailboxUsing(m: Machine, pa: number, pages: number): Endpoint | undefined {
  for (const ep of nwdEndpoints(m.eps)) {
    const mb = ep.mailbox;
    if (mb.pages === 0) continue;
    const len = mb.pages * PAGE_SIZE;
    if (rangesOverlap(pa, pages * PAGE_SIZE, mb.tx, len) || rangesOverlap(pa, pages * PAGE_SIZE, mb.rx, len)) return ep;
  }
  return undefined;
}

/**
 * Read a mapped buffer. A firmware mapping stays valid even if the normal world freed the page
 * behind it, so after PhysMem records the fault the SPMC still sees the bytes (peek).
 */
export function readBuffer(m: Machine, ep: Endpoint, pa: number, len: number): Uint8Array {
  return m.mem.read(pa, len, SPMC_AGENT, { secure: ep.kind === 'sp' }) ?? m.mem.peek(pa, len);
}

/** Write into an endpoint's RX; false when PhysMem refused (the fault is recorded there). */
export function writeBuffer(m: Machine, ep: Endpoint, pa: number, bytes: Uint8Array): boolean {
  return m.mem.write(pa, bytes, SPMC_AGENT, { secure: ep.kind === 'sp' });
}

export function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}
