// Xen xen/arch/arm/p2m.c get_page_from_gfn(..., P2M_ALLOC) and put_page(): a guest's IPA -> machine
// page mapping with p2m types, and the page references the mediator takes on guest pages.

/** The p2m types the FF-A paths distinguish: only p2m_ram_rw is accepted for RX/TX and shares. */
export type P2mType = 'ram_rw' | 'ram_ro' | 'mmio_direct' | 'grant_map_rw';

export interface P2mEntry {
  readonly pa: number;
  readonly type: P2mType;
}

export const PAGE_SHIFT_BIG = 12n;

/** gaddr_to_gfn(): the guest frame number of a 64-bit guest address (unaligned bits dropped). */
export function gaddrToGfn(addr: bigint): number {
  return Number((addr & 0xffffffffffffffffn) >> PAGE_SHIFT_BIG);
}

export class P2m {
  private readonly map = new Map<number, P2mEntry>();

  set(gfn: number, entry: P2mEntry): void {
    this.map.set(gfn, entry);
  }

  lookup(gfn: number): P2mEntry | undefined {
    return this.map.get(gfn);
  }

  entries(): IterableIterator<[number, P2mEntry]> {
    return this.map.entries();
  }
}

/** Reference counts the mediator holds on machine pages (get_page / put_page). */
export class PageRefs {
  private readonly refs = new Map<number, number>();

  get(pa: number): number {
    return this.refs.get(pa) ?? 0;
  }

  take(pa: number): void {
    this.refs.set(pa, this.get(pa) + 1);
  }

  /** put_page(); false when there was no reference to drop (a refcount underflow in Xen). */
  put(pa: number): boolean {
    const n = this.get(pa);
    if (n === 0) return false;
    if (n === 1) this.refs.delete(pa);
    else this.refs.set(pa, n - 1);
    return true;
  }

  /** Pages still referenced, sorted: the leak view (B13, B17). */
  held(): number[] {
    return [...this.refs.keys()].sort((a, b) => a - b);
  }
}

export type PageLookup = { readonly pa: number; readonly type: P2mType };

/**
 * get_page_from_gfn(d, gfn, &t, P2M_ALLOC): a page and a reference for RAM-backed entries; NULL
 * (undefined) for holes and for MMIO, which has no struct page_info.
 */
export function getPageFromGfn(p2m: P2m, refs: PageRefs, gfn: number): PageLookup | undefined {
  const e = p2m.lookup(gfn);
  if (!e || e.type === 'mmio_direct') return undefined;
  refs.take(e.pa);
  return { pa: e.pa, type: e.type };
}
