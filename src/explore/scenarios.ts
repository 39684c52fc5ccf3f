// Concurrency scenarios over Xen's FF-A mediator (xen/arch/arm/tee/) as data: sequential setup
// (boot, domains, version, buffers), then guest vCPUs issuing SMCs at the same time. The
// situations come from the v0 review thread (xen-ffa-revisions.md §1.2) and §2.8-§2.12.
import { FID } from '../ffa/ids';
import { callFrame, type Frame } from '../ffa/frame';
import { V1_1 } from '../ffa/version';
import type { Step } from '../mediator/scenario';
import { GUEST } from '../mediator/scenarios';
import type { FindingSign } from './report';

export interface GuestCall {
  readonly label: string;
  readonly frame: Frame;
}

/** One guest vCPU of the concurrent part: its domain, its vCPU number, its calls in order. */
export interface ScenarioVcpu {
  readonly domid: number;
  readonly vcpu: number;
  readonly calls: readonly GuestCall[];
}

export interface Scenario {
  readonly name: string;
  readonly summary: string;
  /** The firmware's FFA_RX_ACQUIRE bit: forced, or as the probe finds it ('probe'). */
  readonly fwRxAcquire: boolean | 'probe';
  /** Run in order after boot, alone (mediator Step language). */
  readonly setup: readonly Step[];
  readonly vcpus: readonly ScenarioVcpu[];
  /** Calls after every vCPU finished, alone: how guests would observe the end state. */
  readonly epilogue?: readonly { readonly domid: number; readonly call: GuestCall }[];
}

export const CALL = Object.freeze({
  version: { label: 'FFA_VERSION', frame: callFrame(FID.FFA_VERSION, V1_1) },
  map: { label: 'FFA_RXTX_MAP_64', frame: callFrame(FID.FFA_RXTX_MAP_64, GUEST.tx, GUEST.rx, 1) },
  unmap: { label: 'FFA_RXTX_UNMAP', frame: callFrame(FID.FFA_RXTX_UNMAP) },
  partinfo: { label: 'FFA_PARTITION_INFO_GET', frame: callFrame(FID.FFA_PARTITION_INFO_GET) },
  rxRelease: { label: 'FFA_RX_RELEASE', frame: callFrame(FID.FFA_RX_RELEASE) },
} satisfies Record<string, GuestCall>);

const call = (domid: number, c: GuestCall): Step => ({ op: 'call', domid, frame: c.frame, note: `d${domid} ${c.label}` });

/**
 * Create the domains and negotiate v1.1; `mapped` also maps each one's RX/TX pair. Two pages of
 * guest RAM (TX, RX) are all these calls touch, and every run builds its world afresh.
 */
function guests(domids: readonly number[], mapped: boolean): Step[] {
  return domids.flatMap((d): Step[] => [{ op: 'create', domid: d, opts: { ramPages: 2 } }, call(d, CALL.version), ...(mapped ? [call(d, CALL.map)] : [])]);
}

export const SCENARIOS: readonly Scenario[] = Object.freeze([
  {
    name: 'two-guests-partinfo',
    summary: 'two guests each get the partition list and release their RX (Jens, 3 Dec 2025: both reach ffa_get_sp_partinfo)',
    fwRxAcquire: 'probe',
    setup: guests([1, 2], true),
    vcpus: [
      { domid: 1, vcpu: 0, calls: [CALL.partinfo, CALL.rxRelease] },
      { domid: 2, vcpu: 0, calls: [CALL.partinfo, CALL.rxRelease] },
    ],
  },
  {
    name: 'two-guests-map',
    summary: 'two guests map and unmap their RX/TX with RX_ACQUIRE on, so each map is forwarded through Xen\'s SPMC TX (Jens, 9 Dec 2025)',
    fwRxAcquire: true,
    setup: guests([1, 2], false),
    vcpus: [
      { domid: 1, vcpu: 0, calls: [CALL.map, CALL.unmap] },
      { domid: 2, vcpu: 0, calls: [CALL.map, CALL.unmap] },
    ],
  },
  {
    name: 'map-unmap-same-domain',
    summary: 'two vCPUs of one guest each map then unmap its RX/TX (Bertrand, 3 Dec 2025: "race between rxtx_map and rxtx_unmap")',
    fwRxAcquire: 'probe',
    setup: guests([1], false),
    vcpus: [
      { domid: 1, vcpu: 0, calls: [CALL.map, CALL.unmap] },
      { domid: 1, vcpu: 1, calls: [CALL.map, CALL.unmap] },
    ],
  },
  {
    name: 'partinfo-unmap',
    summary: 'one vCPU gets the partition list into RX while another unmaps RX/TX (§2.8: no ownership check before 309e8edfe3)',
    fwRxAcquire: true,
    setup: guests([1], true),
    vcpus: [
      { domid: 1, vcpu: 0, calls: [CALL.partinfo, CALL.rxRelease] },
      { domid: 1, vcpu: 1, calls: [CALL.unmap, CALL.map] },
    ],
  },
  {
    name: 'spmc-buffers-gone-map',
    summary: 'Xen\'s SPMC RX/TX are destroyed after boot while the ABI bits stay set; two guests map (forwarded) (§2.3: NULL acquire)',
    fwRxAcquire: true,
    setup: [{ op: 'spmc-destroy' }, ...guests([1, 2], false)],
    vcpus: [
      { domid: 1, vcpu: 0, calls: [CALL.map] },
      { domid: 2, vcpu: 0, calls: [CALL.map] },
    ],
  },
  {
    name: 'spmc-buffers-gone-partinfo',
    summary: 'as spmc-buffers-gone-map, with two guests asking for the partition list (§2.4: acquire NULL -> DENIED)',
    fwRxAcquire: 'probe',
    setup: [...guests([1, 2], true), { op: 'spmc-destroy' }],
    vcpus: [
      { domid: 1, vcpu: 0, calls: [CALL.partinfo] },
      { domid: 2, vcpu: 0, calls: [CALL.partinfo] },
    ],
  },
] satisfies Scenario[]);

export function scenarioNamed(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

/**
 * How each ledger entry (xen-ffa-revisions.md §2.12) shows among generic findings: its kind and
 * location, nothing else. The report layer matches findings against this table.
 */
export const LEDGER_SIGNS: readonly FindingSign[] = Object.freeze([
  { id: 'B1', title: 'ASSERT(!spin_is_locked) in an SPMC acquire helper', kinds: ['assert'], where: /^Assertion '!spin_is_locked\(&ffa_spmc_(rx|tx)_lock\)' failed$/ },
  { id: 'B2', title: 'SPMC buffer lock held after acquire found no buffer', kinds: ['held-lock', 'deadlock'], where: /^ffa_spmc_(rx|tx)_lock$/ },
  { id: 'B7', title: 'write into a guest RX through a mapping RXTX_UNMAP removed', kinds: ['use-after-unmap'], where: /^write d\d+\.rx$/ },
  { id: 'B8', title: 'RXTX_MAP and RXTX_UNMAP writing a VM\'s buffer fields at once', kinds: ['concurrent-writers'], where: /^d\d+\.ctx\.(rx|tx|rx_pg|tx_pg|page_count|rx_is_free)$/ },
] satisfies FindingSign[]);
