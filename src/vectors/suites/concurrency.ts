// The concurrency suite (vectors/concurrency/<revision>.json): every explorer scenario on every
// revision of Xen's FF-A mediator, each with the same schedule strings (the default one and every
// one the explorer's search reported on any revision), so a consumer can diff revisions: v1's
// failing interleaving replayed on v2 shows the fix (xen-ffa-revisions §1.2-§1.6, §2.11, §2.12).
import type { CaseDraft, CaseSection, FileDraft, GroupDraft } from '../assemble';
import { VectorGenerationError } from '../errors';
import { BUG_FLAG } from '../flags/mediator';
import { CONCURRENCY_FLAGS } from '../flags/concurrency';
import { addrHex } from '../hex';
import { CONCURRENCY_SCHEMA_FILE } from '../schema/concurrency';
import { frameToHexTrimmed } from '../../ffa/frame';
import { vcpuLetter } from '../../explore/schedule';
import { SCENARIOS, type Scenario } from '../../explore/scenarios';
import { exploreScenario } from '../../explore/world';
import type { BugId } from '../../mediator/ledger';
import { LAYOUT } from '../../mediator/system';
import { REVISIONS, REVISION_NAMES, type RevisionName } from '../../mediator/revisions/index';
import { runSchedule, setupOf } from './_concurrency-run';
import { SCHEDULE_BLOCKS, type ScheduleBlock } from './concurrency-cases';

/** Per scenario and schedule, the revisions whose exhaustive search (2 preemptions) reported it. */
function searchAll(): Map<string, Map<string, RevisionName[]>> {
  const out = new Map<string, Map<string, RevisionName[]>>();
  for (const s of SCENARIOS) {
    const block = blockOf(s);
    const found = new Map<string, RevisionName[]>();
    for (const rev of REVISION_NAMES) {
      for (const f of exploreScenario(s, rev).findings) {
        if (!block.schedules.includes(f.schedule)) {
          throw new VectorGenerationError(s.name, `the explorer found schedule "${f.schedule}" on ${rev}: append it to its block in concurrency-cases.ts`);
        }
        const revs = found.get(f.schedule) ?? [];
        if (!revs.includes(rev)) revs.push(rev);
        found.set(f.schedule, revs);
      }
    }
    out.set(s.name, found);
  }
  return out;
}

function blockOf(s: Scenario): ScheduleBlock {
  const b = SCHEDULE_BLOCKS.find((x) => x.scenario === s.name);
  if (b === undefined) throw new VectorGenerationError(s.name, 'an explorer scenario without a tcId block in concurrency-cases.ts');
  return b;
}

function setupSteps(s: Scenario, rev: RevisionName): Record<string, unknown>[] {
  const replies = [...setupOf(s, rev).replies];
  const steps: Record<string, unknown>[] = [{ op: 'boot' }];
  for (const st of s.setup) {
    if (st.op === 'create') steps.push({ op: 'create', domid: st.domid, ...(st.opts?.ramPages !== undefined ? { ramPages: st.opts.ramPages } : {}) });
    else if (st.op === 'call') steps.push({ op: 'call', domid: st.domid, vcpu: st.vcpu ?? 0, call: frameToHexTrimmed(st.frame), reply: replies.shift()?.reply ?? [] });
    else if (st.op === 'spmc-destroy') steps.push({ op: 'spmc-destroy' });
    else throw new VectorGenerationError(s.name, `setup step ${st.op} has no vector form`);
  }
  return steps.map((x, i) => ({ step: i + 1, ...x }));
}

function groupOf(s: Scenario, rev: RevisionName): GroupDraft {
  const r = REVISIONS[rev];
  return {
    key: s.name,
    params: {
      type: 'ConcurrencyScenario',
      revision: rev,
      revisionTitle: r.title,
      revisionBase: r.base,
      scenario: s.name,
      summary: s.summary,
      fwRxAcquire: s.fwRxAcquire === true ? 'on' : 'probe',
      debugBuild: true,
      firmware: { script: 'scripted SPMC with Hafnium\'s rules (two SPs: 0x8001, 0x8002 subscribed to VM created/destroyed)', version: '1.1', featuresRxAcquire: false },
      layout: { xenHeap: addrHex(LAYOUT.xenheapBase), guestIpaBase: addrHex(LAYOUT.guestIpaBase), guestRamBase: addrHex(LAYOUT.guestRamBase(1)), guestRamStride: addrHex(0x100_0000) },
      setup: setupSteps(s, rev),
      setupSmcs: setupOf(s, rev).smcs,
      vcpus: s.vcpus.map((v, i) => ({ lane: vcpuLetter(i), domid: v.domid, vcpu: v.vcpu, calls: v.calls.map((c) => ({ label: c.label, call: frameToHexTrimmed(c.frame) })) })),
    },
  };
}

function describeSchedule(schedule: string, foundOn: readonly RevisionName[]): string {
  const which = schedule === '' ? 'The default schedule (each vCPU runs until it blocks or finishes, lowest lane first)' : `Schedule ${schedule}`;
  return foundOn.length > 0 ? `${which}; the explorer's search reports it on ${foundOn.join(', ')}` : which;
}

function draftOf(s: Scenario, rev: RevisionName, schedule: string, foundOn: readonly RevisionName[]): CaseDraft {
  const run = runSchedule(s, rev, schedule);
  const bugFlags = run.ledgerIds.map((id) => BUG_FLAG[id as BugId]);
  const odd = run.unclassified > 0 || (run.abnormalEnd && run.ledgerIds.length === 0);
  const result = run.ledgerIds.length > 0 ? 'invalid' : odd ? 'acceptable' : 'valid';
  return {
    group: s.name,
    test: {
      caseId: `${s.name}/${schedule === '' ? 'default' : schedule}`,
      comment: describeSchedule(schedule, foundOn),
      flags: [...bugFlags, ...(odd ? ['UnclassifiedFinding'] : [])],
      result,
      schedule,
      foundOn: [...foundOn],
      ...run.outcome,
    },
  };
}

export function concurrencyFiles(): FileDraft[] {
  const found = searchAll();
  return REVISION_NAMES.map((rev): FileDraft => {
    const sections: CaseSection[] = SCENARIOS.map(blockOf)
      .sort((a, b) => a.first - b.first)
      .map((b) => {
        const s = SCENARIOS.find((x) => x.name === b.scenario)!;
        return { first: b.first, last: b.first + 99, cases: b.schedules.map((sch) => draftOf(s, rev, sch, found.get(s.name)?.get(sch) ?? [])) };
      });
    return {
      path: `concurrency/${rev}.json`,
      suite: 'concurrency',
      subject: rev.toLowerCase(),
      schema: CONCURRENCY_SCHEMA_FILE,
      description: [
        `Xen's FF-A mediator at revision ${rev} (${REVISIONS[rev].title}; ${REVISIONS[rev].base}) under concurrent guest calls: one group per scenario, one test per schedule string.`,
        'A group gives the scenario: `setup` (run alone, in order, after boot; `setupSmcs` are the SMCs Xen makes meanwhile, with the scripted SPMC\'s replies) and `vcpus` (per lane a, b, ...: the domain, its vCPU and its guest calls as register frames), all starting together once setup is done.',
        'A test gives a `schedule` string (which lane runs at each scheduling point, run-length encoded; the default policy after its end) and the outcome of replaying it here: `end`, the explorer\'s `findings` (with `ledgerId` when the ledger names them), each lane\'s guest `replies` and the `smcs` Xen made, in order, with the lane that made each.',
        'Every revision\'s file has the same caseIds: the default schedule and every schedule the explorer reported on any revision (`foundOn`). `scheduleRan` is the canonical string of the run that happened; `divergedAt` is present when the string named a lane that could not run at that point (this revision blocks differently) and the default policy took over from there.',
        'result: invalid when a finding shows a ledger bug (flag with ledgerId); acceptable when the only findings are unclassified; valid when the run completes with no finding.',
      ],
      references: [
        'xen-ffa-revisions.md §1.2 (the v0 review: ASSERT under contention, the map/unmap race), §1.3-§1.6, §2.3, §2.8, §2.11 (lock order), §2.12 (ledger)',
        'src/explore (CHESS-style exhaustive search over scheduling points, 2 preemptions; oracles: ASSERT, deadlock, held lock, use after unmap, concurrent writers, non-sequential results)',
      ],
      groups: SCENARIOS.map((s) => groupOf(s, rev)),
      sections,
      notes: CONCURRENCY_FLAGS,
    };
  });
}
