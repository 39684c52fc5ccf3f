// Turns a suite's ordered case lists into one golden-vector file (Wycheproof layout): assigns the
// tcIds, groups the tests, collects and explains their flags. A tcId is the first id of the case's
// section plus its position in that append-only list: that is what keeps tcIds stable forever.
import { canonicalJson } from './canonical';
import { VectorFormatError } from './errors';
import type { FlagNote, GeneratedFile, SuiteName, TestBase } from './format';
import { GENERATOR_VERSION, SCHEMA_VERSION } from './version';

/** A test before it has its tcId. */
export type TestDraft = Omit<TestBase, 'tcId'> & Readonly<Record<string, unknown>>;

export interface CaseDraft {
  /** Key of the group the test belongs to (groups are keyed by their parameters). */
  readonly group: string;
  readonly test: TestDraft;
}

/** A case that was withdrawn: it keeps its tcId (never reused) but emits no test. */
export interface RetiredCase {
  readonly retired: string;
}

/**
 * An append-only run of cases whose tcIds start at `first`. Files with several areas (one section
 * per ABI, say) give each a block of ids so that any area can grow without renumbering another.
 */
export interface CaseSection {
  readonly first: number;
  /** The last id the block may use; a section that outgrows it is a generator error. */
  readonly last: number;
  readonly cases: readonly (CaseDraft | RetiredCase)[];
}

/** The usual file: one block of ids from 1. */
export function single(cases: readonly (CaseDraft | RetiredCase)[]): CaseSection[] {
  return [{ first: 1, last: 1_000_000, cases }];
}

export interface GroupDraft {
  readonly key: string;
  /** The group's shared parameters, `type` first; `tests` is added by the assembler. */
  readonly params: Readonly<Record<string, unknown>> & { readonly type: string };
}

export interface FileDraft {
  readonly path: string;
  readonly suite: SuiteName;
  readonly subject: string;
  readonly schema: string;
  readonly description: readonly string[];
  readonly references: readonly string[];
  readonly groups: readonly GroupDraft[];
  /** In tcId order: append new cases at the end of a section, never insert, reorder or delete. */
  readonly sections: readonly CaseSection[];
  /** The notes of every flag the tests may use. */
  readonly notes: Readonly<Record<string, FlagNote>>;
}

function usedFlags(draft: FileDraft): Record<string, FlagNote> {
  const names = new Set<string>();
  for (const sec of draft.sections) for (const c of sec.cases) if (!isRetired(c)) for (const f of c.test.flags) names.add(f);
  const out: Record<string, FlagNote> = {};
  for (const name of [...names].sort()) {
    const note = draft.notes[name];
    if (note === undefined) throw new VectorFormatError(draft.path, `flag ${name} has no note`);
    out[name] = note;
  }
  return out;
}

function isRetired(c: CaseDraft | RetiredCase): c is RetiredCase {
  return 'retired' in c;
}

export function assembleFile(draft: FileDraft): GeneratedFile {
  const seen = new Set<string>();
  const byGroup = new Map<string, Record<string, unknown>[]>();
  for (const g of draft.groups) {
    if (byGroup.has(g.key)) throw new VectorFormatError(draft.path, `group ${g.key} defined twice`);
    byGroup.set(g.key, []);
  }
  const caseIds = new Map<number, string>();
  let count = 0;
  let floor = 0;
  for (const sec of draft.sections) {
    if (sec.first <= floor || sec.first + sec.cases.length - 1 > sec.last) {
      throw new VectorFormatError(draft.path, `section from ${sec.first} overlaps the previous one or outgrows its block (last ${sec.last})`);
    }
    floor = sec.last;
    sec.cases.forEach((c, i) => {
      const tcId = sec.first + i;
      if (isRetired(c)) return;
      count++;
      if (seen.has(c.test.caseId)) throw new VectorFormatError(draft.path, `caseId ${c.test.caseId} appears twice`);
      seen.add(c.test.caseId);
      const tests = byGroup.get(c.group);
      if (tests === undefined) throw new VectorFormatError(draft.path, `case ${c.test.caseId} names unknown group ${c.group}`);
      tests.push({ ...c.test, tcId });
      caseIds.set(tcId, c.test.caseId);
    });
  }
  const testGroups = draft.groups
    .map((g) => ({ ...g.params, tests: byGroup.get(g.key) ?? [] }))
    .filter((g) => g.tests.length > 0);
  const file = {
    suite: draft.suite,
    subject: draft.subject,
    schema: draft.schema,
    schemaVersion: SCHEMA_VERSION,
    generatorVersion: GENERATOR_VERSION,
    description: draft.description,
    references: draft.references,
    numberOfTests: count,
    flags: usedFlags(draft),
    testGroups,
  };
  return { path: draft.path, content: canonicalJson(file), suite: draft.suite, numberOfTests: count, caseIds };
}
