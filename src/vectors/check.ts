// The checks behind check-vectors (vectors/README.md "Verifying"): committed files equal a fresh
// generation byte for byte, validate against their JSON Schemas (ajv, 2020-12, strict), agree with
// their own headers and with MANIFEST.json, and never renumber a tcId.
import { firstDifference, lineDiff } from './_diff';
import { MANIFEST_PATH, sha256Hex } from './manifest';
import { validateAgainstSchemas } from './validate';
import type { Problem } from './errors';

export type { Problem, ProblemKind } from './errors';

/** Byte comparison of a committed tree against a fresh generation, with a readable diff per file. */
export function compareTrees(expected: ReadonlyMap<string, string>, committed: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const [path, want] of expected) {
    const got = committed.get(path);
    if (got === undefined) problems.push({ file: path, kind: 'missing', message: 'generated but not committed (run npm run gen-vectors)' });
    else if (got !== want) {
      const diff = lineDiff(want, got, `${path} (generated)`, `${path} (committed)`);
      const long = want.split('\n').length === got.split('\n').length ? `\n${firstDifference(want, got)}` : '';
      problems.push({ file: path, kind: 'differs', message: `${diff}${long}` });
    }
  }
  for (const path of committed.keys()) {
    if (!expected.has(path)) problems.push({ file: path, kind: 'unexpected', message: 'committed but no longer generated' });
  }
  return problems;
}

interface Parsed {
  readonly path: string;
  readonly value: unknown;
}

function parseAll(tree: ReadonlyMap<string, string>): { parsed: Parsed[]; problems: Problem[] } {
  const parsed: Parsed[] = [];
  const problems: Problem[] = [];
  for (const [path, text] of tree) {
    try {
      parsed.push({ path, value: JSON.parse(text) as unknown });
    } catch (e) {
      problems.push({ file: path, kind: 'json', message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { parsed, problems };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function records(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** What a header promises about its own tests: count, unique ids, flags all explained and used. */
export function headerProblems(path: string, file: unknown): Problem[] {
  if (!isRecord(file) || !Array.isArray(file.testGroups)) return [];
  const out: Problem[] = [];
  const tests = records(file.testGroups).flatMap((g) => records(g.tests));
  if (file.numberOfTests !== tests.length) {
    out.push({ file: path, kind: 'header', message: `numberOfTests is ${String(file.numberOfTests)} but the file holds ${tests.length} tests` });
  }
  const ids = new Set<unknown>();
  const cases = new Set<unknown>();
  const used = new Set<string>();
  for (const t of tests) {
    if (ids.has(t.tcId)) out.push({ file: path, kind: 'header', message: `tcId ${String(t.tcId)} appears twice` });
    if (cases.has(t.caseId)) out.push({ file: path, kind: 'header', message: `caseId ${String(t.caseId)} appears twice` });
    ids.add(t.tcId);
    cases.add(t.caseId);
    for (const f of Array.isArray(t.flags) ? t.flags : []) used.add(String(f));
  }
  const notes = isRecord(file.flags) ? Object.keys(file.flags) : [];
  for (const f of used) if (!notes.includes(f)) out.push({ file: path, kind: 'header', message: `flag ${f} is used but not explained` });
  for (const f of notes) if (!used.has(f)) out.push({ file: path, kind: 'header', message: `flag ${f} is explained but never used` });
  return out;
}

/** The manifest lists exactly the other files, with their current sha256 and test counts. */
export function manifestProblems(tree: ReadonlyMap<string, string>, manifest: unknown, parsed: readonly Parsed[]): Problem[] {
  if (!isRecord(manifest)) return [{ file: MANIFEST_PATH, kind: 'manifest', message: 'missing or not an object' }];
  const out: Problem[] = [];
  const listed = new Map(records(manifest.files).map((e) => [String(e.path), e]));
  let total = 0;
  for (const [path, text] of tree) {
    if (path === MANIFEST_PATH) continue;
    const e = listed.get(path);
    if (e === undefined) {
      out.push({ file: path, kind: 'manifest', message: 'not listed in MANIFEST.json' });
      continue;
    }
    if (e.sha256 !== sha256Hex(text)) out.push({ file: path, kind: 'manifest', message: `sha256 differs from MANIFEST.json (${String(e.sha256)})` });
    const body = parsed.find((p) => p.path === path)?.value;
    const count = isRecord(body) && typeof body.numberOfTests === 'number' ? body.numberOfTests : 0;
    if (e.numberOfTests !== count) out.push({ file: path, kind: 'manifest', message: `MANIFEST.json says ${String(e.numberOfTests)} tests, the file says ${count}` });
    total += typeof e.numberOfTests === 'number' ? e.numberOfTests : 0;
  }
  for (const path of listed.keys()) if (!tree.has(path)) out.push({ file: path, kind: 'manifest', message: 'listed in MANIFEST.json but absent' });
  if (manifest.numberOfTests !== total) out.push({ file: MANIFEST_PATH, kind: 'manifest', message: `numberOfTests is ${String(manifest.numberOfTests)}, the entries add up to ${total}` });
  return out;
}

/** Everything that can be checked on a tree by itself: JSON, schemas, headers, manifest. */
export function validateTree(tree: ReadonlyMap<string, string>): Problem[] {
  const { parsed, problems } = parseAll(tree);
  problems.push(...validateAgainstSchemas(parsed));
  for (const p of parsed) if (!p.path.startsWith('schema/') && p.path !== MANIFEST_PATH) problems.push(...headerProblems(p.path, p.value));
  problems.push(...manifestProblems(tree, parsed.find((p) => p.path === MANIFEST_PATH)?.value, parsed));
  return problems;
}

/** tcIds are forever: an id committed for one caseId must keep it (ids may only be added). */
export function renumberingProblems(committed: ReadonlyMap<string, string>, generated: ReadonlyMap<string, ReadonlyMap<number, string>>): Problem[] {
  const out: Problem[] = [];
  for (const [path, ids] of generated) {
    const text = committed.get(path);
    if (text === undefined) continue;
    let old: unknown;
    try {
      old = JSON.parse(text) as unknown;
    } catch {
      continue;
    }
    if (!isRecord(old)) continue;
    for (const t of records(old.testGroups).flatMap((g) => records(g.tests))) {
      const now = typeof t.tcId === 'number' ? ids.get(t.tcId) : undefined;
      if (now !== t.caseId) {
        out.push({ file: path, kind: 'renumbered', message: `tcId ${String(t.tcId)} was ${String(t.caseId)}, now ${now ?? 'gone'}` });
      }
    }
  }
  return out;
}
