// The modelled machine's memory map and a guest's p2m (Xen xen/arch/arm/p2m.c as the FF-A paths see
// it): Xen's heap, and each domain's RAM mapped linearly from one guest address.
import { PAGE_SIZE, type PhysMem } from '../sim/memory';
import { P2m, type P2mEntry } from './p2m';
import type { Domain } from './xen';

export const LAYOUT = Object.freeze({
  xenheapBase: 0x8000_0000,
  guestIpaBase: 0x4000_0000,
  /** Guest d's RAM starts here in machine memory: 16 MiB apart. */
  guestRamBase: (domid: number): number => 0x1_0000_0000 + domid * 0x100_0000,
});

export interface DomainOptions {
  /** Guest RAM pages, mapped linearly from LAYOUT.guestIpaBase (default 16). */
  readonly ramPages?: number;
  readonly maxVcpus?: number;
  readonly is64bit?: boolean;
  /** Extra p2m entries by guest address (MMIO, read-only RAM, remapped RAM); holes are simply absent. */
  readonly extra?: readonly { readonly ipa: number; readonly entry: P2mEntry }[];
}

/** struct domain with its RAM backed in PhysMem (kept when a domid is reused) and its p2m. */
export function buildDomain(mem: PhysMem, domid: number, opts: DomainOptions): Domain {
  const pages = opts.ramPages ?? 16;
  const base = LAYOUT.guestRamBase(domid);
  if (!mem.has(base)) mem.addRegion(base, pages, 'guest-ram', `d${domid}`);
  const p2m = new P2m();
  const gfn0 = LAYOUT.guestIpaBase / PAGE_SIZE;
  for (let i = 0; i < pages; i++) p2m.set(gfn0 + i, { pa: base + i * PAGE_SIZE, type: 'ram_rw' });
  for (const x of opts.extra ?? []) p2m.set(Math.floor(x.ipa / PAGE_SIZE), x.entry);
  return { domid, maxVcpus: opts.maxVcpus ?? 2, is64bit: opts.is64bit ?? true, p2m, ctx: null };
}
