// The SPMC suite (vectors/spmc/<personality>.json): one file per SPMC personality of the model, all
// with the same case list, so a consumer can replay the steps against its own SPMC and diff the
// personalities. The result of a case says whether the modelled implementations agree on it.
import type { CaseDraft, CaseSection, FileDraft, GroupDraft, RetiredCase } from '../assemble';
import { SPMC_FLAGS } from '../flags/spmc';
import { addrHex, idHex, uintHex } from '../hex';
import { SPMC_SCHEMA_FILE } from '../schema/spmc';
import { personality, type PersonalityName } from '../../spmc/index';
import { versionLabel } from '../../ffa/version';
import { regHex } from '../../ffa/frame';
import { runCase, type CaseRun } from './_spmc-run';
import { FREED, FREED_PAGES, GUEST, GUEST_PAGES, HEAP, HEAP_PAGES, partitionsOf, PERSONALITIES, SECURE, SECURE_PAGES, type SetupName, type SpmcCase } from './_spmc-steps';
import { SETUP_CASES } from './spmc-cases-setup';
import { FORWARD_CASES, MAP_CASES, UNMAP_CASES } from './spmc-cases-rxtx';
import { EDGE_CASES, MANY_CASES, PARTINFO_CASES, RX_CASES } from './spmc-cases-rx';
import { DIRECT_CASES, MEM_CASES, MEM_MORE_CASES } from './spmc-cases-mem';
import { RETRIEVE_CASES } from './spmc-cases-retrieve';

/** Blocks of tcIds per area: each area can grow by appending without renumbering another. */
const AREAS: readonly { readonly first: number; readonly cases: readonly SpmcCase[] }[] = [
  { first: 1, cases: SETUP_CASES },
  { first: 101, cases: MAP_CASES },
  { first: 201, cases: FORWARD_CASES },
  { first: 301, cases: UNMAP_CASES },
  { first: 401, cases: RX_CASES },
  { first: 501, cases: PARTINFO_CASES },
  { first: 601, cases: MANY_CASES },
  { first: 651, cases: EDGE_CASES },
  { first: 701, cases: MEM_CASES },
  { first: 801, cases: DIRECT_CASES },
  { first: 901, cases: MEM_MORE_CASES },
  { first: 1001, cases: RETRIEVE_CASES },
];

export function allSpmcCases(): SpmcCase[] {
  return AREAS.flatMap((a) => a.cases);
}

function memoryMap(): Record<string, unknown>[] {
  return [
    { base: addrHex(HEAP), pages: HEAP_PAGES, kind: 'ns-ram', use: 'hypervisor heap: its TX at the first page, RX at the second' },
    { base: addrHex(GUEST), pages: GUEST_PAGES, kind: 'ns-ram', use: 'guest RAM: VM buffers and shared pages' },
    { base: addrHex(SECURE), pages: SECURE_PAGES, kind: 'secure', use: 'secure memory: SP buffers' },
    { base: addrHex(FREED), pages: FREED_PAGES, kind: 'freed-ns-ram', use: 'normal-world RAM the hypervisor has given back to its heap (what the SPMC writes there is a use after free)' },
  ];
}

function groupOf(p: PersonalityName, setup: SetupName): GroupDraft {
  const pers = personality(p);
  return {
    key: setup,
    params: {
      type: 'SpmcSteps',
      personality: p,
      source: pers.source,
      spmcVersion: versionLabel(pers.version),
      setup,
      // TF-A's SMC_RET1..3 write only x0..x2: the caller's other registers stay in the saved
      // context and come back, 64 bits wide even in an SMC32 reply (vectors/README.md "Encodings").
      repliesEchoCallerRegs: pers.repliesEchoUnwrittenRegs,
      memory: memoryMap(),
      partitions: partitionsOf(setup).map((sp) => ({
        id: idHex(sp.id), uuid: sp.uuid.map((w) => regHex(BigInt(w >>> 0))), execCount: sp.execCount, properties: uintHex(sp.properties, 4),
      })),
    },
  };
}

/** valid/invalid when every personality ends the case the same way (success / the same error), else acceptable. */
function resultOf(runs: ReadonlyMap<PersonalityName, CaseRun>): 'valid' | 'invalid' | 'acceptable' {
  const statuses = new Set([...runs.values()].filter((r) => !unmodelled(r)).map((r) => r.status));
  if (statuses.size > 1) return 'acceptable';
  return statuses.has('ok') ? 'valid' : 'invalid';
}

function flagsOf(c: SpmcCase, p: PersonalityName, run: CaseRun): string[] {
  const own = typeof c.flags === 'function' ? c.flags(p) : (c.flags ?? []);
  return run.panic === undefined ? [...own] : [...own, 'FirmwarePanic'];
}

/** A refusal the model makes only because it does not model that path: not a fact about the SPMC. */
function unmodelled(run: CaseRun): boolean {
  return run.refusals.some((r) => r.reason.startsWith('(model)'));
}

function draftOf(c: SpmcCase, p: PersonalityName, runs: ReadonlyMap<PersonalityName, CaseRun>): CaseDraft | RetiredCase {
  const run = runs.get(p);
  if (run === undefined) throw new RangeError(`no run of ${c.id} on ${p}`);
  if (unmodelled(run)) return { retired: c.id };
  return {
    group: c.setup ?? 'default',
    test: {
      caseId: c.id,
      comment: c.comment,
      flags: flagsOf(c, p, run),
      result: resultOf(runs),
      steps: run.steps,
      mailboxes: run.mailboxes,
      ...(run.panic !== undefined ? { firmwarePanic: run.panic } : {}),
    },
  };
}

/** Every case on every personality, once. */
export function runAllSpmcCases(): Map<string, Map<PersonalityName, CaseRun>> {
  const out = new Map<string, Map<PersonalityName, CaseRun>>();
  for (const c of allSpmcCases()) out.set(c.id, new Map(PERSONALITIES.map((p) => [p, runCase(p, c)] as const)));
  return out;
}

export function spmcFiles(): FileDraft[] {
  const runs = runAllSpmcCases();
  return PERSONALITIES.map((p) => {
    const sections: CaseSection[] = AREAS.map((a, i) => ({
      first: a.first,
      last: (AREAS[i + 1]?.first ?? a.first + 100) - 1,
      cases: a.cases.map((c) => draftOf(c, p, runs.get(c.id) ?? new Map())),
    }));
    const pers = personality(p);
    const absent = allSpmcCases().filter((c) => { const r = runs.get(c.id)?.get(p); return r !== undefined && unmodelled(r); }).map((c) => c.id);
    return {
      path: `spmc/${p}.json`,
      suite: 'spmc',
      subject: p,
      schema: SPMC_SCHEMA_FILE,
      description: [
        `The SPMC as ${p} answers (${pers.source}): each test is an ordered list of steps to replay from a fresh SPMC with the group's partitions and memory map.`,
        'A step is either `write` (the normal world writes `bytes` at `address`, e.g. a descriptor into its TX buffer) or `smc`: `caller` (0x0000 = the normal world / hypervisor, 0x8xxx = an SP) makes the SMC `call` and gets `reply`. Registers not listed are zero.',
        '`refs` on a step: the register carries a value from an earlier reply (a memory handle): replay with your own SPMC\'s value from that step and register, and compare replies in those registers the same way.',
        '`rx` on a step: the bytes a successful PARTITION_INFO_GET defined in the caller\'s RX (w2 entries of w3 bytes, 8 when w3 is 0). `mailboxes`: the RX/TX pairs the SPMC holds at the end, with the RX ownership (free = EMPTY, full = owned by the endpoint, acquired = OTHER_WORLD_OWNED).',
        ...(absent.length > 0 ? [`Cases absent from this file (their tcIds are reserved): ${absent.join(', ')}: the model does not answer them for ${p}.`] : []),
        'result: valid when every modelled SPMC (Hafnium v2.14, v2.15, HEAD, TF-A EL3 SPMC, OP-TEE) completes the last call, invalid when they all refuse it with the same error, acceptable when they differ (the flags say who does what). The reply registers are always this personality\'s.',
      ],
      references: [
        'spmc.md and spmc-implementations.md §1 (per-implementation check order and error codes), §2 (register ABI), §3 (descriptors), §4 (how Hafnium, tftf and the FF-A ACS test it)',
        `personality source: ${pers.source}`,
      ],
      groups: (['default', 'many', 'none'] as const).map((s) => groupOf(p, s)),
      sections,
      notes: SPMC_FLAGS,
    };
  });
}

