// Flag notes of the mediator suite: the ledger bugs (xen-ffa-revisions.md §2.12) and the ordinary
// behaviours each scenario family exercises (§2.1-2.10).
import type { BugId } from '../../mediator/ledger';
import type { FlagNote } from '../format';
import { LEDGER_FLAGS } from './ledger';

/** The flag name of each ledger bug (the notes carry ledgerId, introducedBy and fixedBy). */
export const BUG_FLAG: Readonly<Record<BugId, string>> = Object.freeze({
  B1: 'AssertOnSpmcContention', B2: 'AcquireNullKeepsLock', B3: 'SpuriousRxRelease', B4: 'BuffersFreedBeforeUnmap',
  B5: 'UnalignedRxtxOffsets', B6: 'MapFailInvalidParameters', B7: 'UnmapWhileRxOwned', B8: 'MapUnmapRace',
  B9: 'MemShareOversizeSuccess', B10: 'RxAcquireNeverProbed', B11: 'PartinfoInitNoBound', B12: 'SpCount64',
  B13: 'MapZeroPages', B14: 'UnalignedMapTruncated', B15: 'FwSupportsFidOffByOne', B16: 'FragRxPositiveError',
  B17: 'TeardownUnmapNoRetry', B18: 'RxReleaseNotForwarded', B19: 'MapTxEqualsRx', B20: 'StalePadding',
});

/** Ledger bugs a correct implementation may still show: an inference (B18) and padding the SPMC ignores (B20). */
export const TOLERATED_BUGS: ReadonlySet<BugId> = new Set<BugId>(['B18', 'B20']);

export const MEDIATOR_FLAGS: Readonly<Record<string, FlagNote>> = Object.freeze({
  ...LEDGER_FLAGS,
  Boot: { bugType: 'BASIC', description: 'Xen\'s boot probe (ffa_probe): FFA_VERSION, the FFA_FEATURES list, RXTX_MAP of its own pair, the partition list (xen-ffa-revisions §2.1, §2.5).' },
  RxAcquirePaths: {
    bugType: 'IMPLEMENTATION_DEFINED',
    description: 'Run with the firmware\'s FFA_RX_ACQUIRE bit forced on (group fwRxAcquire "on"): the VM buffer forwarding, RX_ACQUIRE/RX_RELEASE(vm) and RXTX_UNMAP(vm) paths that were dead code before 4992308e97 (ledger B10) run.',
    implementations: ['Xen S0..v2 never probe RX_ACQUIRE: these paths only run when forced', 'Xen 4.22.0 probes it (and assumes it when MSG_SEND2 is reported)'],
  },
});
