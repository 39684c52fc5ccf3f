// The mediator suite (vectors/mediator/<revision>/<area>.json): every scenario on every revision of
// Xen's FF-A mediator, with both FFA_RX_ACQUIRE settings where it matters, so that a consumer can
// replay the guest calls against its own hypervisor and a scripted SPMC, and diff revisions.
import type { CaseDraft, FileDraft, GroupDraft } from '../assemble';
import { single } from '../assemble';
import { BUG_FLAG, MEDIATOR_FLAGS, TOLERATED_BUGS } from '../flags/mediator';
import { addrHex } from '../hex';
import { regHex } from '../../ffa/frame';
import { FID } from '../../ffa/ids';
import { isPresent, ledgerEntry, type BugId } from '../../mediator/ledger';
import { REVISIONS, REVISION_NAMES, type RevisionName } from '../../mediator/revisions/index';
import { LAYOUT } from '../../mediator/system';
import { versionLabel } from '../../ffa/version';
import { MEDIATOR_SCHEMA_FILE } from '../schema/mediator';
import { runMediatorCase, type MediatorRun } from './_mediator-run';
import type { MediatorCase, RxAcquireMode } from './_mediator-case';
import { BOOT_CASES, MISC_CASES, PARTINFO_CASES, RXTX_CASES, SHM_CASES } from './mediator-cases';

const AREAS: readonly { readonly name: string; readonly title: string; readonly cases: readonly MediatorCase[] }[] = [
  { name: 'boot', title: 'boot, domain creation and destruction', cases: BOOT_CASES },
  { name: 'rxtx', title: 'guest FFA_RXTX_MAP / FFA_RXTX_UNMAP', cases: RXTX_CASES },
  { name: 'partinfo', title: 'guest FFA_PARTITION_INFO_GET / FFA_RX_RELEASE', cases: PARTINFO_CASES },
  { name: 'mem-share', title: 'guest FFA_MEM_SHARE / FFA_MEM_RECLAIM', cases: SHM_CASES },
  { name: 'misc', title: 'version, ids, features, direct messages, two guests', cases: MISC_CASES },
];

export function allMediatorCases(): MediatorCase[] {
  return AREAS.flatMap((a) => a.cases);
}

const MODE_SUFFIX: Readonly<Record<RxAcquireMode, string>> = { probe: '', on: '.rx-acquire' };

/** The bugs a scenario shows on a revision in a mode: present there, and reachable without RX_ACQUIRE or with it on. */
export function bugsShown(c: MediatorCase, rev: RevisionName, mode: RxAcquireMode): BugId[] {
  return (c.bugs ?? []).filter((b) => isPresent(b, rev) && !(c.notShownIn?.[b] ?? []).includes(rev) && (!ledgerEntry(b).needsRxAcquire || mode === 'on'));
}

function resultOf(bugs: readonly BugId[]): 'valid' | 'invalid' | 'acceptable' {
  if (bugs.length === 0) return 'valid';
  return bugs.every((b) => TOLERATED_BUGS.has(b)) ? 'acceptable' : 'invalid';
}

function firmwareOf(c: MediatorCase): Record<string, unknown> {
  return {
    script: 'scripted SPMC with Hafnium\'s rules (two SPs: 0x8001, 0x8002 subscribed to VM created/destroyed)',
    version: versionLabel(c.fw?.version ?? 0x10001),
    featuresRxAcquire: c.fw?.featuresRxAcquire ?? false,
    tweaks: (c.fw?.tweaks ?? []).map((t) => t.describe),
  };
}

const FORWARDED_MAP = regHex(BigInt(FID.FFA_RXTX_MAP_64));
const UNMAP = regHex(BigInt(FID.FFA_RXTX_UNMAP));

type SmcRecord = Readonly<Record<string, unknown>>;

function smcsIn(run: MediatorRun): SmcRecord[] {
  return run.steps.flatMap((st) => (Array.isArray(st.smcs) ? (st.smcs as SmcRecord[]) : []));
}

/**
 * Bugs a run shows whatever the scenario is about, found in its SMCs rather than declared, so no
 * scenario shows one unflagged: B5, every forwarded FFA_RXTX_MAP before d1b958a92c carries the
 * 12/44 descriptor (w1..w3 = 0, rx_region_offs 12 in Xen's TX); B4, every failure path after Xen
 * mapped its own pair frees the pages before FFA_RXTX_UNMAP(0) (xenBuffers "none" at that SMC).
 */
function observedBugs(run: MediatorRun): BugId[] {
  const smcs = smcsIn(run);
  const out: BugId[] = [];
  if (smcs.some((smc) => {
    const call = smc.call;
    const tx = smc.xenTx as { readonly bytes?: unknown } | undefined;
    return Array.isArray(call) && call.length === 1 && call[0] === FORWARDED_MAP && typeof tx?.bytes === 'string' && tx.bytes.slice(8, 16) === '0c000000';
  })) out.push('B5');
  if (smcs.some((smc) => Array.isArray(smc.call) && smc.call.length === 1 && smc.call[0] === UNMAP && smc.xenBuffers === 'none')) out.push('B4');
  return out;
}

function draftOf(c: MediatorCase, rev: RevisionName, mode: RxAcquireMode): CaseDraft {
  const run = runMediatorCase(rev, mode, c);
  const declared = bugsShown(c, rev, mode);
  const bugs: BugId[] = [...declared, ...observedBugs(run).filter((b) => !declared.includes(b))];
  const flags = [...bugs.map((b) => BUG_FLAG[b]), ...(mode === 'on' ? ['RxAcquirePaths'] : []), ...(c.id.startsWith('boot/') ? ['Boot'] : [])];
  return {
    group: mode,
    test: {
      caseId: `${c.id}${MODE_SUFFIX[mode]}`,
      comment: c.comment,
      flags,
      result: resultOf(bugs),
      firmware: firmwareOf(c),
      steps: run.steps,
      finalGuestRx: run.finalGuestRx,
      ...(run.panic !== undefined ? { xenPanic: run.panic } : {}),
    },
  };
}

function groupOf(rev: RevisionName, mode: RxAcquireMode): GroupDraft {
  const r = REVISIONS[rev];
  return {
    key: mode,
    params: {
      type: 'MediatorScenario',
      revision: rev,
      revisionTitle: r.title,
      revisionBase: r.base,
      fwRxAcquire: mode,
      debugBuild: true,
      layout: {
        xenHeap: addrHex(LAYOUT.xenheapBase),
        guestIpaBase: addrHex(LAYOUT.guestIpaBase),
        guestRamBase: addrHex(LAYOUT.guestRamBase(1)),
        guestRamStride: addrHex(0x100_0000),
      },
    },
  };
}

export function mediatorFiles(): FileDraft[] {
  return REVISION_NAMES.flatMap((rev) =>
    AREAS.map((a): FileDraft => ({
      path: `mediator/${rev}/${a.name}.json`,
      suite: 'mediator',
      subject: `${rev.toLowerCase()}-${a.name}`,
      schema: MEDIATOR_SCHEMA_FILE,
      description: [
        `Xen's FF-A mediator at revision ${rev} (${REVISIONS[rev].title}; ${REVISIONS[rev].base}): ${a.title}.`,
        'Each test is a scenario run from a fresh machine: steps `boot` (Xen\'s ffa_probe), `create`/`destroy` (domain domid, FF-A id domid + 1), `call` (the guest SMC `call` on vCPU `vcpu`, and the `reply` Xen gives), `write` (the guest writes `bytes` at IPA `address`, e.g. a descriptor into its TX), `timer` (the teardown retry timer), `spmc-destroy`, and test hooks `fail-global-map` and `fill-xen-tx`.',
        'Every step lists `smcs`: the SMCs Xen made to the SPMC, in order, with the scripted SPMC\'s `reply`; `xenTx` = the bytes of Xen\'s SPMC TX page that the SMC defines (a forwarded RXTX_MAP\'s endpoint RX/TX descriptor, a MEM_SHARE fragment), read just before it; `xenRx` = the bytes of Xen\'s SPMC RX page the reply defines (w2 x w3 for PARTITION_INFO_GET), read just after it; `xenBuffers` = whether Xen still had its SPMC pages at that moment.',
        'To replay: script your SPMC to answer the n-th SMC with its `reply` (writing `xenRx` into your hypervisor\'s RX first), drive the guest steps, and compare SMCs, guest replies and `finalGuestRx`. Machine addresses in SMCs follow `layout`: translate them if your machine differs.',
        'Groups: fwRxAcquire "probe" is the real build (whatever the boot probe finds); "on" forces the firmware\'s FFA_RX_ACQUIRE bit so the forwarding paths run (caseIds end in .rx-acquire).',
        'result: valid when the scenario shows no ledger bug in this revision; invalid when it shows one (the flags name it): a correct implementation must differ there; acceptable when the only bugs shown are B18 (an inference) or B20 (padding the SPMC ignores). The same caseIds exist in every revision\'s files.',
      ],
      references: [
        'xen-ffa-revisions.md §1 (revisions and commits), §2 (exact behaviour of each path), §2.12 (bug ledger), §3 (layouts)',
        'Xen xen/arch/arm/tee/ffa.c, ffa_rxtx.c, ffa_partinfo.c, ffa_shm.c at the revision\'s base',
      ],
      groups: (['probe', 'on'] as const).map((m) => groupOf(rev, m)),
      sections: single(a.cases.flatMap((c) => (c.modes ?? ['probe']).map((m) => draftOf(c, rev, m)))),
      notes: MEDIATOR_FLAGS,
    })),
  );
}
