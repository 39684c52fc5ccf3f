// Xen xen/arch/arm/tee/ after "[PATCH v1 00/12] xen/arm: ffa: FF-A v1.2 support" patches 01-06
// (5 Dec 2025): the v2/merged code of 9e9504ef32 + 3528248b8c, with the ASSERTs still present.
import { V2 } from './v2';
import type { Revision } from './switches';

const P05 = 'v1 05/12 <491f62ede43a7a135327fa68afe9a648fde1dcba.1764930353.git.bertrand.marquis@arm.com>';

export const V1: Revision = Object.freeze({
  name: 'v1',
  title: 'v1 05/12 + 06/12',
  base: 'v1 01..06/12 (ffa_rxtx.c blob e325eae07bda; 06/12 as 3528248b8c)',
  switches: Object.freeze({ ...V2.switches, spmcAcquireAssertUnlocked: true } as const),
  sources: Object.freeze({
    ...V2.sources,
    spmcAcquireAssertUnlocked: `${P05}: ASSERT kept (Jens, 9 Dec 2025 <CAHUa44Hhp_g...>); removed in v2`,
    spmcAcquireNullUnlocks: `${P05}: "fix rx_acquire and tx_acquire to not release the spinlock" (B2)`,
  }),
});
