// Physical memory of the modelled machine: 4 KiB pages by physical address, shared by the SPMC
// and the mediator. Every access names who made it; bad accesses are recorded, never allowed.

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

/** What a physical page is currently used for. 'free' pages are RAM nobody owns (heap). */
export type PageKind = 'free' | 'xenheap' | 'guest-ram' | 'secure' | 'mmio';

export type FaultKind =
  | 'unbacked' // no RAM at that address
  | 'secure-from-ns' // normal-world agent touched secure memory
  | 'freed-page' // access to a page returned to the heap (use after free)
  | 'stale-mapping'; // access through a hypervisor mapping after it was unmapped (use after unmap)

export interface Fault {
  readonly kind: FaultKind;
  readonly access: 'read' | 'write';
  readonly who: string;
  readonly pa: number;
  readonly len: number;
  readonly note: string;
}

interface Page {
  readonly bytes: Uint8Array;
  kind: PageKind;
  owner: string;
  /** Bumped on every write: cheap change detection for state hashing. */
  version: number;
}

export function pageAlign(pa: number): number {
  return pa - (pa % PAGE_SIZE);
}

export function isPageAligned(pa: number | bigint): boolean {
  return typeof pa === 'bigint' ? (pa & 0xfffn) === 0n : pa % PAGE_SIZE === 0;
}

export class PhysMem {
  private readonly pages = new Map<number, Page>();
  readonly faults: Fault[] = [];

  /** Back `count` pages from `base` with zeroed RAM of the given kind. */
  addRegion(base: number, count: number, kind: PageKind, owner: string): void {
    if (!isPageAligned(base)) throw new RangeError(`addRegion: base 0x${base.toString(16)} is not page aligned`);
    for (let i = 0; i < count; i++) {
      const pfn = base / PAGE_SIZE + i;
      if (this.pages.has(pfn)) throw new RangeError(`addRegion: page 0x${(pfn * PAGE_SIZE).toString(16)} already backed`);
      this.pages.set(pfn, { bytes: new Uint8Array(PAGE_SIZE), kind, owner, version: 0 });
    }
  }

  has(pa: number): boolean {
    return this.pages.has(Math.floor(pa / PAGE_SIZE));
  }

  kindOf(pa: number): PageKind | undefined {
    return this.pages.get(Math.floor(pa / PAGE_SIZE))?.kind;
  }

  ownerOf(pa: number): string | undefined {
    return this.pages.get(Math.floor(pa / PAGE_SIZE))?.owner;
  }

  setKind(pa: number, kind: PageKind, owner: string): void {
    const page = this.pages.get(Math.floor(pa / PAGE_SIZE));
    if (!page) throw new RangeError(`setKind: no RAM at 0x${pa.toString(16)}`);
    page.kind = kind;
    page.owner = owner;
  }

  /** Take the lowest free page in [base, base + count pages) for `owner`; undefined when none. */
  allocPage(kind: PageKind, owner: string, base = 0, count = Number.MAX_SAFE_INTEGER): number | undefined {
    const pfns = [...this.pages.keys()].sort((a, b) => a - b);
    for (const pfn of pfns) {
      const pa = pfn * PAGE_SIZE;
      if (pa < base || pa >= base + count * PAGE_SIZE) continue;
      const page = this.pages.get(pfn)!;
      if (page.kind === 'free') {
        page.kind = kind;
        page.owner = owner;
        page.bytes.fill(0);
        page.version++;
        return pa;
      }
    }
    return undefined;
  }

  freePage(pa: number): void {
    this.setKind(pageAlign(pa), 'free', 'heap');
  }

  recordFault(f: Fault): void {
    this.faults.push(f);
  }

  /** Check every page of [pa, pa+len) for `who`; the first problem is recorded and returned. */
  private check(pa: number, len: number, access: 'read' | 'write', who: string, secureOk: boolean): Fault | undefined {
    const first = Math.floor(pa / PAGE_SIZE);
    const last = Math.floor((pa + Math.max(len, 1) - 1) / PAGE_SIZE);
    for (let pfn = first; pfn <= last; pfn++) {
      const page = this.pages.get(pfn);
      let fault: Fault | undefined;
      if (!page) fault = { kind: 'unbacked', access, who, pa, len, note: `no RAM at 0x${(pfn * PAGE_SIZE).toString(16)}` };
      else if (page.kind === 'free')
        fault = { kind: 'freed-page', access, who, pa, len, note: `page 0x${(pfn * PAGE_SIZE).toString(16)} is free heap memory` };
      else if (page.kind === 'secure' && !secureOk)
        fault = { kind: 'secure-from-ns', access, who, pa, len, note: 'secure page from the normal world' };
      if (fault) {
        this.faults.push(fault);
        return fault;
      }
    }
    return undefined;
  }

  /** Read bytes; on a fault the access is recorded and undefined returned. */
  read(pa: number, len: number, who: string, opts: { secure?: boolean } = {}): Uint8Array | undefined {
    if (this.check(pa, len, 'read', who, opts.secure === true)) return undefined;
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const at = pa + done;
      const page = this.pages.get(Math.floor(at / PAGE_SIZE))!;
      const off = at % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      out.set(page.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** Write bytes; on a fault nothing is written and false is returned. */
  write(pa: number, data: Uint8Array, who: string, opts: { secure?: boolean } = {}): boolean {
    if (this.check(pa, data.length, 'write', who, opts.secure === true)) return false;
    let done = 0;
    while (done < data.length) {
      const at = pa + done;
      const page = this.pages.get(Math.floor(at / PAGE_SIZE))!;
      const off = at % PAGE_SIZE;
      const n = Math.min(data.length - done, PAGE_SIZE - off);
      page.bytes.set(data.subarray(done, done + n), off);
      page.version++;
      done += n;
    }
    return true;
  }

  /** Bytes for display and snapshots: no access check, no fault (the observer is not the machine). */
  peek(pa: number, len: number): Uint8Array {
    const out = new Uint8Array(len);
    for (let done = 0; done < len; ) {
      const at = pa + done;
      const off = at % PAGE_SIZE;
      const n = Math.min(len - done, PAGE_SIZE - off);
      const page = this.pages.get(Math.floor(at / PAGE_SIZE));
      if (page) out.set(page.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** A cheap fingerprint of page kinds and write versions, for state hashing. */
  fingerprint(): string {
    const parts: string[] = [];
    for (const [pfn, p] of this.pages) if (p.version > 0 || p.kind !== 'free') parts.push(`${pfn}:${p.kind}:${p.version}`);
    return parts.join(',');
  }
}

/**
 * A hypervisor virtual mapping of one physical page (Xen's __map_domain_page_global). Access after
 * unmap() is a fault: that is exactly the use-after-unmap the RXTX_UNMAP race produces.
 */
export class Mapping {
  private valid = true;
  constructor(
    readonly mem: PhysMem,
    readonly pa: number,
    readonly label: string,
  ) {}

  get isValid(): boolean {
    return this.valid;
  }

  unmap(): void {
    this.valid = false;
  }

  private stale(access: 'read' | 'write', off: number, len: number, who: string): boolean {
    if (this.valid) return false;
    this.mem.recordFault({ kind: 'stale-mapping', access, who, pa: this.pa + off, len, note: `${this.label} used after unmap` });
    return true;
  }

  read(off: number, len: number, who: string): Uint8Array | undefined {
    if (this.stale('read', off, len, who)) return undefined;
    return this.mem.read(this.pa + off, len, who);
  }

  write(off: number, data: Uint8Array, who: string): boolean {
    if (this.stale('write', off, data.length, who)) return false;
    return this.mem.write(this.pa + off, data, who);
  }
}
