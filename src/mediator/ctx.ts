// Xen xen/arch/arm/tee/ffa_private.h struct ffa_ctx (and struct ffa_shm_mem from ffa_shm.c): the
// per-domain mediator state, with Xen's lock names so the explorer and traces can name them.
import { RwLock, SpinLock } from '../sim/effects';
import type { Mapping } from '../sim/memory';

export interface ShmMem {
  readonly senderId: number;
  readonly epId: number;
  handle: bigint;
  readonly pageCount: number;
  /** Machine addresses of the shared pages, each with a reference held (NaN: not taken yet). */
  readonly pages: number[];
  /** EMAD IMPDEF value (FF-A 1.2 guests, a90376c6ad). */
  readonly impdef: Uint8Array;
}

export class Ctx {
  readonly ffaId: number;
  /** Locks exactly as Xen names them; `d<domid>.` keeps two domains' locks apart. */
  readonly lock: SpinLock;
  readonly guestVersLock: SpinLock;
  readonly rxLock: SpinLock;
  readonly txLock: SpinLock;

  /** Set at version publication from 6e8c62d457 (S0: at domain init). */
  is64bit = false;
  /** S0: the stored version; v0+: the published version (0 = not negotiated). */
  guestVers = 0;
  /** v0+: the version chosen by FFA_VERSION calls before publication (guest_vers_tmp). */
  guestVersTmp = 0;
  /** On ffa_ctx_head (VM-to-VM builds). */
  onList = false;

  pageCount = 0;
  shmCount = 0;
  readonly shmList: ShmMem[] = [];

  rxIsFree = false;
  rx: Mapping | null = null;
  rxPg: number | null = null;
  tx: Mapping | null = null;
  txPg: number | null = null;

  /** SPs still to be told of this VM's destruction (bit n: subscriber / sp_list entry n). */
  vmDestroyBitmap: boolean[] | null = null;

  constructor(
    readonly domid: number,
    readonly numVcpus: number,
  ) {
    // ffa_get_vm_id(): +1 because FF-A id 0 is the hypervisor.
    this.ffaId = domid + 1;
    this.lock = new SpinLock(`d${domid}.lock`);
    this.guestVersLock = new SpinLock(`d${domid}.guest_vers_lock`);
    this.rxLock = new SpinLock(`d${domid}.rx_lock`);
    this.txLock = new SpinLock(`d${domid}.tx_lock`);
  }

  /** Access-object name of a ctx field, e.g. `d1.ctx.rx_is_free`. */
  field(name: string): string {
    return `d${this.domid}.ctx.${name}`;
  }

  /** Access-object name of a guest buffer through Xen's global mapping: `d1.rx`, `d1.tx`. */
  buf(which: 'rx' | 'tx'): string {
    return `d${this.domid}.${which}`;
  }
}

/** ffa_ctx_list_rwlock, kept with the list it protects (Xen xen/arch/arm/tee/ffa.c). */
export function ctxListLock(): RwLock {
  return new RwLock('ffa_ctx_list_rwlock');
}
