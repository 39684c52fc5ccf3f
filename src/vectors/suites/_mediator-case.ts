// The vocabulary of the mediator vectors (Xen xen/arch/arm/tee/ driven by a guest and the toolstack,
// with a scripted firmware that follows Hafnium's rules, src/mediator/fw-script.ts): scenarios as
// data, the firmware each one needs, and the guest-side helpers they are written with.
import { callFrame, type Frame, type RegValue } from '../../ffa/frame';
import type { FidName } from '../../ffa/ids';
import type { BugId } from '../../mediator/ledger';
import type { RevisionName } from '../../mediator/revisions/index';
import type { Step } from '../../mediator/scenario';
import { GUEST } from '../../mediator/scenarios';
import type { Responder } from '../../spmc/scripted';

/** Steps a scenario may take beyond the mediator's own: test hooks a replaying hypervisor must offer too. */
export type Hook =
  /** The next __map_domain_page_global() fails (Xen's RXTX_MAP error path, ledger B6). */
  | { readonly op: 'fail-global-map' }
  /** Fill Xen's SPMC TX page with a byte, as earlier traffic would leave it (ledger B20). */
  | { readonly op: 'fill-xen-tx'; readonly byte: number };

export type MStep = Step | Hook;

/** One change to the scripted firmware: `describe` goes into the vector, `respond` builds the responder. */
export interface FwTweak {
  readonly fid: FidName;
  readonly describe: string;
  readonly respond: (standard: Responder | undefined) => Responder;
}

export interface FwSpec {
  /** FFA_VERSION answer (default 1.1). */
  readonly version?: number;
  /** FFA_FEATURES reports RX_ACQUIRE (Hafnium >= v2.15); default false (v2.14). */
  readonly featuresRxAcquire?: boolean;
  readonly tweaks?: readonly FwTweak[];
}

/**
 * 'probe': Xen keeps what its boot probe found (the real build); 'on': Xen behaves as if the
 * firmware's FFA_RX_ACQUIRE bit were set, so the VM buffer forwarding paths run (§2.0).
 */
export type RxAcquireMode = 'probe' | 'on';

export interface MediatorCase {
  readonly id: string;
  readonly comment: string;
  /** Ledger bugs the scenario shows, in the revisions where they are present. */
  readonly bugs?: readonly BugId[];
  /**
   * Revisions where the ledger has one of `bugs` but this scenario cannot show it, because the
   * bug lives on another path there (B3: S0's runtime ffa_get_sp_partinfo does not release after a
   * failed GET; only its boot path does, xen-ffa-revisions §2.4 and §2.5).
   */
  readonly notShownIn?: Readonly<Partial<Record<BugId, readonly RevisionName[]>>>;
  readonly modes?: readonly RxAcquireMode[];
  readonly fw?: FwSpec;
  readonly steps: readonly MStep[];
}

export const DOMID = 1;
export const VM_ID = DOMID + 1;
export const SP1 = 0x8001;
export const SP2 = 0x8002;

export function call(fid: number, ...args: RegValue[]): Step {
  return { op: 'call', domid: DOMID, frame: callFrame(fid, ...args) };
}

export function callOn(domid: number, frame: Frame): Step {
  return { op: 'call', domid, frame };
}

export function guestWrite(ipa: number, bytes: Uint8Array, domid = DOMID): Step {
  return { op: 'write', domid, ipa, bytes };
}

export const BOOT: Step = { op: 'boot' };
export const CREATE: Step = { op: 'create', domid: DOMID };
export const DESTROY: Step = { op: 'destroy', domid: DOMID };

export { GUEST };
