// Xen xen/arch/arm/tee/ after "[PATCH 00/10] xen/arm: ffa: FF-A v1.2 support" patches 01-04 as posted
// on 27 Nov 2025 (the seed thread): ffa_rxtx_spmc_* helpers on top of the v0 "harden" patch.
import type { FidName } from '../../ffa/ids';
import { PROBE_S0, S0 } from './s0';
import type { Revision } from './switches';

/** v0 01/10 adds RUN and MSG_SEND_DIRECT_REQ2 to the probe list (as merged in a9eb6c6269). */
export const PROBE_SERIES: readonly FidName[] = Object.freeze([...PROBE_S0, 'FFA_MSG_SEND_DIRECT_REQ2', 'FFA_RUN'] as const);

const P01 = 'v0 01/10 (assumed equal to a9eb6c6269 "add FF-A v1.2 function IDs")';
const P02 = 'v0 02/10 <5e66b2991340f010befcaa3a57d0f35ad18d4149.1764254975.git.bertrand.marquis@arm.com>';
const P03 = 'v0 03/10 <d4e6fa4807528918f40e4db76ac57db33efa5f67.1764254975.git.bertrand.marquis@arm.com>';
const P04 = 'v0 04/10 <72d6592157a9ec15d4b5de19751186e0ca1680ba.1764254975.git.bertrand.marquis@arm.com>';

export const V0: Revision = Object.freeze({
  name: 'v0',
  title: 'seed patch as posted (v0 04/10)',
  base: `${S0.base} + v0 01..04/10`,
  switches: Object.freeze({
    ...S0.switches,
    fnumMax: 0x8e,
    abiBoundCheck: 'ge',
    probeList: PROBE_SERIES,
    // v0 keeps a guest_vers_negotiated flag instead of guest_vers_tmp; the guest-visible rules
    // (NOT_SUPPORTED before FFA_VERSION, published on the first other call) are the same.
    guestVersion: 'deferred',
    spmcBuffers: 'helpers',
    spmcAcquireAssertUnlocked: true,
    spmcAcquireNullUnlocks: true,
    mapRejectsZeroAndUnaligned: true,
    rxtxDomainInit: 'locks',
  } as const),
  sources: Object.freeze({
    ...S0.sources,
    fnumMax: `${P01}: FFA_FNUM_MAX_VALUE 0x8E`,
    abiBoundCheck: `${P01}: '>=' in ffa_fw_supports_fid`,
    probeList: `${P01}: FW_ABI(FFA_MSG_SEND_DIRECT_REQ2), FW_ABI(FFA_RUN)`,
    guestVersion: `${P02}: ffa_negotiate_version, guest_vers_negotiated`,
    spmcBuffers: `${P04}: static ffa_spmc_rx/tx, ffa_spmc_{rx,tx}_lock`,
    spmcAcquireAssertUnlocked: `${P04}: ASSERT(!spin_is_locked(&ffa_spmc_rx_lock)) (Jens, 2 Dec 2025 <CAHUa44Gq4L95i3w...>)`,
    spmcAcquireNullUnlocks: `${P04}: spin_unlock then return NULL`,
    mapRejectsZeroAndUnaligned: `${P03}: '|| !page_count' and IS_ALIGNED checks`,
    mapTakesCtxLocks: `${P03}: no ctx locks yet (race acknowledged by Bertrand, 3 Dec 2025 <4E39091E-...@arm.com>)`,
    rxtxDomainInit: `${P03}: ffa_rxtx_domain_init() only spin_lock_init()s rx_lock/tx_lock`,
    spmcRxReleaseNotifyArg: `${P04}: ffa_rxtx_spmc_rx_release() always issues FFA_RX_RELEASE (B3)`,
  }),
});
