// Xen xen/arch/arm/tee/ffa.c, ffa_rxtx.c, ffa_partinfo.c (statics and globals) and the bits of
// struct domain the mediator reads: the whole hypervisor-side state of the model.
import { fidOf } from '../ffa/ids';
import { SpinLock, type RwLock } from '../sim/effects';
import type { PhysMem } from '../sim/memory';
import { ctxListLock, type Ctx } from './ctx';
import { P2m, PageRefs } from './p2m';
import type { Revision, Switches } from './revisions/switches';
import type { LogLevel, Tracer } from './trace';

/** struct domain, as far as the mediator looks at it. */
export interface Domain {
  readonly domid: number;
  readonly maxVcpus: number;
  readonly is64bit: boolean;
  readonly p2m: P2m;
  /** d->arch.tee: null until ffa_domain_init ran (and after ffa_free_domain_ctx). */
  ctx: Ctx | null;
}

/** `current`: the vCPU running the code and its domain (null for boot-time code). */
export interface Current {
  readonly vcpu: number;
  readonly d: Domain | null;
}

/** SP partition-info cache of cca899b380: entries as the SPMC gave them, secure ids only. */
export interface SpListCache {
  readonly bytes: Uint8Array;
  readonly count: number;
  readonly entrySize: number;
}

export const FFA_FNUM_MIN = 0x60;
/** The bitmap is DECLARE_BITMAP(): whole longs, so a bit past the size can still be read (B15). */
const BITMAP_STORAGE_BITS = 128;

export class Xen {
  readonly sw: Switches;
  /** ffa_fw_version: 0 when there is no usable firmware. */
  fwVersion = 0;
  /** ffa_fw_abi_supported, one byte per bit for clarity. */
  readonly abiSupported = new Uint8Array(BITMAP_STORAGE_BITS);
  /** Physical addresses of Xen's SPMC RX/TX pages (ffa_spmc_rx/tx; S0 ffa_rx/ffa_tx). */
  spmcRx: number | null = null;
  spmcTx: number | null = null;
  readonly spmcRxLock: SpinLock;
  readonly spmcTxLock: SpinLock;
  readonly ctxListLock: RwLock = ctxListLock();
  /** ffa_ctx_head, in insertion order. */
  readonly ctxList: Ctx[] = [];
  vmCount = 0;
  /** subscr_vm_created / subscr_vm_destroyed (before cca899b380). */
  subscrCreated: number[] = [];
  subscrDestroyed: number[] = [];
  spList: SpListCache | null = null;
  fwNotifEnabled = false;
  readonly domains = new Map<number, Domain>();
  readonly refs = new PageRefs();
  /** ffa_teardown_head: contexts whose teardown must be retried by the timer. */
  readonly teardownList: Ctx[] = [];
  /** Fault injection: that many __map_domain_page_global() calls fail next (B6). */
  failGlobalMaps = 0;
  /** Fault injection: that many alloc_xenheap_pages() calls fail next. */
  failXenheapAllocs = 0;

  constructor(
    readonly rev: Revision,
    readonly mem: PhysMem,
    readonly tracer: Tracer,
    readonly debug: boolean,
    readonly vmToVm: boolean,
    /** Where xenheap pages come from. */
    readonly heap: { readonly base: number; readonly pages: number },
  ) {
    this.sw = rev.switches;
    const globals = this.sw.spmcBuffers === 'globals';
    this.spmcRxLock = new SpinLock(globals ? 'ffa_rx_buffer_lock' : 'ffa_spmc_rx_lock');
    this.spmcTxLock = new SpinLock(globals ? 'ffa_tx_buffer_lock' : 'ffa_spmc_tx_lock');
  }

  printk(cur: Current, level: LogLevel, text: string): void {
    this.tracer.push({ kind: 'printk', vcpu: cur.vcpu, level, text });
  }

  /** FFA_ABI_BITMAP_SIZE: one bit per function number and calling convention. */
  get abiBitmapSize(): number {
    return 2 * (this.sw.fnumMax - FFA_FNUM_MIN + 1);
  }
}

/** FFA_ABI_BITNUM(id), with C's unsigned wrap for function numbers below the window. */
export function abiBitnum(fid: number): number {
  const fn = (fid >>> 0) & 0xffff;
  const conv = ((fid >>> 0) >>> 30) & 1;
  return (((fn - FFA_FNUM_MIN) >>> 0) * 2 + conv) >>> 0;
}

/** ffa_fw_supports_fid(): the bound check differs by revision (B15), then test_bit. */
export function fwSupportsFid(xen: Xen, fid: number): boolean {
  const bit = abiBitnum(fid);
  const out = xen.sw.abiBoundCheck === 'gt' ? bit > xen.abiBitmapSize : bit >= xen.abiBitmapSize;
  if (out) return false;
  return bit < xen.abiSupported.length && xen.abiSupported[bit] === 1;
}

export function setAbiBit(xen: Xen, fid: number, on: boolean): void {
  const bit = abiBitnum(fid);
  if (bit < xen.abiSupported.length) xen.abiSupported[bit] = on ? 1 : 0;
}

export const RX_ACQUIRE = fidOf('FFA_RX_ACQUIRE');
