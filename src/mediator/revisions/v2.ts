// Xen xen/arch/arm/tee/ at 3528248b8c: "[PATCH v2 00/12]" patches 01-06 (15 Dec 2025) as merged
// (9e9504ef32 SPMC rework, 3528248b8c VM rework); FFA_MY_VERSION is still 1.1 here.
import { PROBE_SERIES, V0 } from './v0';
import type { Revision } from './switches';

const C04 = 'a3075e2fda (= v1/v2 04/12 "harden RX/TX mapping")';
const C05 = '9e9504ef32 (= v2 05/12 <9810a2728cfd8541d6aa680c7af7728324e6a1dd.1765807707.git.bertrand.marquis@arm.com>)';
const C06 = '3528248b8c (= v1/v2 06/12 <17755cde0354ba0a70996b3a0e9eae23c2342b72.1764930353.git.bertrand.marquis@arm.com>)';

export const V2: Revision = Object.freeze({
  name: 'v2',
  title: 'v2 = merged (9e9504ef32 + 3528248b8c)',
  base: '3528248b8c',
  switches: Object.freeze({
    ...V0.switches,
    probeList: PROBE_SERIES,
    spmcAcquireAssertUnlocked: false,
    spmcAcquireNullUnlocks: false,
    mapTakesCtxLocks: true,
    is64bitAtPublish: true,
    rxtxDomainInit: 'full',
    vmBufferHelpers: true,
  } as const),
  sources: Object.freeze({
    ...V0.sources,
    spmcBuffers: `${C05}: ffa_rxtx_spmc_{rx,tx}_{acquire,release}`,
    spmcAcquireAssertUnlocked: `${C05}: "remove invalid ASSERT in SPMC RX/TX acquire"`,
    spmcAcquireNullUnlocks: `${C05}: NULL returned with the lock held (B2, still at HEAD)`,
    spmcRxReleaseNotifyArg: `${C05}: release always issues FFA_RX_RELEASE (B3)`,
    is64bitAtPublish: '6e8c62d457 (= v1/v2 03/12 "Fix is_64bit init")',
    mapTakesCtxLocks: `${C04}: rx_lock then tx_lock in map and unmap`,
    rxtxDomainInit: `${C04}: ffa_rxtx_domain_init() also clears rx/tx/rx_pg/tx_pg/page_count/rx_is_free`,
    vmBufferHelpers: `${C06}: ffa_rx_acquire(ctx, &buf, &size), ffa_tx_acquire/ffa_tx_release (B9)`,
  }),
});
