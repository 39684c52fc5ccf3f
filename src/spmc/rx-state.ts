// RX buffer ownership as an explicit state machine (Arm DEN0077 v1.1 "RX buffer ownership";
// Hafnium inc/hf/vm.h enum mailbox_state: EMPTY -> FULL on delivery, FULL -> EMPTY on
// FFA_RX_RELEASE, EMPTY -> OTHER_WORLD_OWNED on FFA_RX_ACQUIRE, OTHER_WORLD_OWNED -> EMPTY on a
// forwarded FFA_RX_RELEASE). Every change goes through here so that it lands in the trace.
import type { Call } from './_ctx';
import type { Endpoint } from './endpoints';
import type { RxOwnership, RxState } from './types';

export function rxStateOf(ep: Endpoint): RxState {
  return { mapped: ep.mailbox.pages > 0, ownership: ep.mailbox.ownership };
}

/** 'free', 'full', 'acquired', or 'unmapped' (with the remembered ownership when not free). */
export function rxLabel(s: RxState): string {
  if (s.mapped) return s.ownership;
  return s.ownership === 'free' ? 'unmapped' : `unmapped(${s.ownership})`;
}

export function setOwnership(c: Call, ep: Endpoint, to: RxOwnership, cause: string): void {
  const from = rxStateOf(ep);
  ep.mailbox.ownership = to;
  c.record({ kind: 'rx', seq: c.m.seq, endpoint: ep.id, from, to: rxStateOf(ep), cause });
}

/** Register buffers; the ownership is kept unless the personality resets it on map (OP-TEE). */
export function mapMailbox(c: Call, ep: Endpoint, tx: number, rx: number, pages: number, cause: string): void {
  const from = rxStateOf(ep);
  ep.mailbox.tx = tx;
  ep.mailbox.rx = rx;
  ep.mailbox.pages = pages;
  if (c.p.map.resetOwnershipOnMap) ep.mailbox.ownership = 'free';
  c.record({ kind: 'rx', seq: c.m.seq, endpoint: ep.id, from, to: rxStateOf(ep), cause });
}

/** Forget the buffers; no SPMC resets the ownership here (Hafnium, TF-A, OP-TEE alike). */
export function unmapMailbox(c: Call, ep: Endpoint, cause: string): void {
  const from = rxStateOf(ep);
  ep.mailbox.tx = 0;
  ep.mailbox.rx = 0;
  ep.mailbox.pages = 0;
  c.record({ kind: 'rx', seq: c.m.seq, endpoint: ep.id, from, to: rxStateOf(ep), cause });
}
