// Endpoints the SPMC knows and their RX/TX mailboxes (Hafnium inc/hf/vm.h struct mailbox and
// src/ffa/spmc/vm.c nwd_vms[]; TF-A spmc.h struct mailbox; OP-TEE struct ffa_rxtx). One record per
// endpoint: the normal world's physical instance (id 0, the hypervisor), each SP, and Hafnium's
// slots for VMs whose buffers the hypervisor forwarded.
import { V1_2 } from '../ffa/version';
import { isSecureId } from './partitions';
import type { Personality } from './personality';
import type { RxOwnership, SpConfig } from './types';

export interface Mailbox {
  tx: number;
  rx: number;
  /** 0 while unmapped. */
  pages: number;
  /** Kept across unmap by Hafnium and TF-A: a re-map inherits it. */
  ownership: RxOwnership;
}

export type EndpointKind = 'hypervisor' | 'vm' | 'sp';

export interface Endpoint {
  /** For a VM slot: the VM id it holds, or FREE_SLOT. */
  id: number;
  readonly kind: EndpointKind;
  readonly mailbox: Mailbox;
  /** Negotiated (or initial) FF-A version of this caller. */
  version: number;
  /** Set by the first call other than FFA_VERSION (Hafnium, TF-A). */
  versionLocked: boolean;
  /** The SP's manifest, for kind 'sp'. */
  readonly sp?: SpConfig;
  /** VM ids an SP was told about with VM-created framework messages. */
  readonly knownVms: Set<number>;
}

/** Hafnium's HF_INVALID_VM_ID: the id of a free nwd_vms slot. */
export const FREE_SLOT = 0x7fff;

export function isMapped(ep: Endpoint): boolean {
  return ep.mailbox.pages > 0;
}

function makeEndpoint(id: number, kind: EndpointKind, version: number, sp?: SpConfig): Endpoint {
  const mailbox: Mailbox = { tx: 0, rx: 0, pages: 0, ownership: 'free' };
  return sp === undefined
    ? { id, kind, mailbox, version, versionLocked: false, knownVms: new Set() }
    : { id, kind, mailbox, version, versionLocked: false, sp, knownVms: new Set() };
}

export interface Endpoints {
  readonly hyp: Endpoint;
  readonly sps: ReadonlyMap<number, Endpoint>;
  /** Hafnium nwd_vms[]; empty for SPMCs without forwarding. */
  readonly vmSlots: readonly Endpoint[];
}

export function createEndpoints(p: Personality, parts: readonly SpConfig[]): Endpoints {
  const sps = new Map<number, Endpoint>();
  for (const sp of parts) sps.set(sp.id, makeEndpoint(sp.id, 'sp', sp.ffaVersion ?? V1_2, sp));
  const vmSlots: Endpoint[] = [];
  for (let i = 0; i < p.nwdVmSlots; i++) vmSlots.push(makeEndpoint(FREE_SLOT, 'vm', p.initialCallerVersion));
  return { hyp: makeEndpoint(0, 'hypervisor', p.initialCallerVersion), sps, vmSlots };
}

/** Hafnium ffa_vm_find_locked(): id 0 and SP ids always exist; VM ids only while in a slot. */
export function findEndpoint(eps: Endpoints, id: number): Endpoint | undefined {
  if (id === 0) return eps.hyp;
  if (isSecureId(id)) return eps.sps.get(id);
  if (id === FREE_SLOT) return undefined;
  return eps.vmSlots.find((s) => s.id === id);
}

/**
 * Hafnium ffa_vm_find_locked_create() / ffa_vm_nwd_alloc(): an existing VM, else the first free
 * slot, which keeps whatever mailbox state its previous VM left (obs.).
 */
export function findOrCreateVm(eps: Endpoints, id: number): { ep: Endpoint; created: boolean } | undefined {
  const found = findEndpoint(eps, id);
  if (found) return { ep: found, created: false };
  if (isSecureId(id) || id === FREE_SLOT) return undefined;
  const slot = eps.vmSlots.find((s) => s.id === FREE_SLOT);
  if (!slot) return undefined;
  slot.id = id;
  return { ep: slot, created: true };
}

/** Hafnium ffa_vm_nwd_free(): a VM slot without buffers goes back to the pool (state kept). */
export function freeVmSlotIfUnused(ep: Endpoint): boolean {
  if (ep.kind !== 'vm' || isMapped(ep)) return false;
  ep.id = FREE_SLOT;
  return true;
}

/** The endpoint making an SMC: 0 is the normal world, anything else must be a configured SP. */
export function callerEndpoint(eps: Endpoints, caller: number): Endpoint | undefined {
  return caller === 0 ? eps.hyp : isSecureId(caller) ? eps.sps.get(caller) : undefined;
}

export function* allEndpoints(eps: Endpoints): Generator<Endpoint> {
  yield eps.hyp;
  for (const sp of eps.sps.values()) yield sp;
  for (const vm of eps.vmSlots) yield vm;
}

/** The endpoints whose buffers live in normal-world memory (the hypervisor and its VMs). */
export function* nwdEndpoints(eps: Endpoints): Generator<Endpoint> {
  yield eps.hyp;
  for (const vm of eps.vmSlots) if (vm.id !== FREE_SLOT) yield vm;
}
