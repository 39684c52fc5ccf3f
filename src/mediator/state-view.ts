// Xen's FF-A mediator state (xen/arch/arm/tee/ globals and struct ffa_ctx) in one line: what a
// refused call must leave alone, and what the explorer compares between runs.
import type { Xen } from './xen';

export function stateView(x: Xen): string {
  const doms = [...x.domains.values()].map((d) => {
    const c = d.ctx;
    if (!c) return `d${d.domid}:-`;
    const shm = c.shmList.map((s) => `0x${s.handle.toString(16)}/${s.pageCount}`).join('+');
    return `d${d.domid}:v${c.guestVers.toString(16)}/${c.guestVersTmp.toString(16)} pc=${c.pageCount} free=${c.rxIsFree} rx=${c.rxPg ?? '-'} tx=${c.txPg ?? '-'} shm=${c.shmCount}[${shm}]`;
  });
  const held = [x.spmcRxLock, x.spmcTxLock].map((l) => `${l.name}=${l.holder ?? '-'}`);
  return [`fw=${x.fwVersion.toString(16)} spmc=${x.spmcRx ?? '-'}/${x.spmcTx ?? '-'}`, ...held, ...doms, `refs=${x.refs.held().join(',')}`].join(' ');
}
