// The C and Python vector consumers (consumers/) must refuse a vectors folder in which one byte of
// a committed descriptor vector was changed: by the manifest pin, and by their own decoding even
// when the pin is updated to match (so the content checks do not lean on the pin). The Python
// consumer must also refuse a mediator vector in which one register was changed (its scripted-SPMC
// replay sees the handle round trip break), again with and without the pin updated.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const python = process.env.PYTHON ?? 'python3';
const gaps = join(root, 'consumers', 'known-gaps.txt');
const target = 'descriptors/endpoint-rxtx.json';
const mediatorTarget = 'mediator/v2/mem-share.json';

let work = '';
let build = '';

interface Run {
  readonly status: number | null;
  readonly out: string;
}

function runC(vectors: string): Run {
  const r = spawnSync(join(build, 'ffa-consumer'), ['--known-gaps', gaps, vectors], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function runPython(vectors: string): Run {
  const r = spawnSync(python, ['consumer.py', '--known-gaps', gaps, vectors], {
    cwd: join(root, 'consumers', 'python'),
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function copyVectors(name: string): string {
  const dir = join(work, name);
  cpSync(join(root, 'vectors'), dir, { recursive: true });
  return dir;
}

/** Changes one byte of the file: one hex digit inside the `bytes` of the first valid test. */
function changeOneByte(dir: string): { readonly tcId: number } {
  const file = join(dir, target);
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text) as { testGroups: { tests: { tcId: number; result: string; bytes: string }[] }[] };
  const test = doc.testGroups.flatMap((g) => g.tests).find((t) => t.result === 'valid');
  if (test === undefined) throw new TypeError(`${target} has no valid test`);
  const at = text.indexOf(`"bytes": "${test.bytes}"`);
  expect(at).toBeGreaterThan(0);
  const digit = at + '"bytes": "'.length + 8; // high nibble of byte 4 of the descriptor
  const changed = text[digit] === '1' ? '2' : '1';
  const next = text.slice(0, digit) + changed + text.slice(digit + 1);
  expect(next.length).toBe(text.length);
  expect([...next].filter((c, i) => c !== text[i])).toHaveLength(1);
  writeFileSync(file, next);
  return { tcId: test.tcId };
}

/**
 * Changes one register of a mediator vector: w3 of the guest's FFA_MEM_SHARE reply in
 * mem-share/three-pages (step 6), the handle 0x1000 the SPMC returned, becomes 0x1001.
 */
function changeOneRegister(dir: string): { readonly tcId: number } {
  const file = join(dir, mediatorTarget);
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text) as { testGroups: { tests: { tcId: number; caseId: string }[] }[] };
  const test = doc.testGroups.flatMap((g) => g.tests).find((t) => t.caseId === 'mem-share/three-pages');
  if (test === undefined) throw new TypeError(`${mediatorTarget} has no mem-share/three-pages`);
  const step = text.indexOf('"step": 6', text.indexOf('"caseId": "mem-share/three-pages"'));
  const handle = '"0x0000000000001000"';
  const at = text.indexOf(handle, step);
  expect(step).toBeGreaterThan(0);
  expect(text.slice(step, at)).toContain('"reply": ["0x0000000084000061"'); // the guest's reply, not an SMC's
  const next = `${text.slice(0, at)}"0x0000000000001001"${text.slice(at + handle.length)}`;
  expect([...next].filter((c, i) => c !== text[i])).toHaveLength(1);
  writeFileSync(file, next);
  return { tcId: test.tcId };
}

/** Updates the manifest's sha256 for a changed file, as a careless regeneration would. */
function repin(dir: string, file = target): void {
  const manifestPath = join(dir, 'MANIFEST.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { path: string; sha256: string }[] };
  const entry = manifest.files.find((f) => f.path === file);
  if (entry === undefined) throw new TypeError(`${file} is not in the manifest`);
  entry.sha256 = createHash('sha256').update(readFileSync(join(dir, file))).digest('hex');
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ffa-consumers-'));
  build = join(work, 'build');
  const make = spawnSync('make', ['-s', `BUILD=${build}`, 'all'], { cwd: join(root, 'consumers', 'c'), encoding: 'utf8' });
  expect(make.status, make.stderr).toBe(0);
});

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('vector consumers', () => {
  it('both pass on an untouched copy of the vectors', () => {
    const dir = copyVectors('untouched');
    const c = runC(dir);
    const py = runPython(dir);
    expect(c.status, c.out).toBe(0);
    expect(py.status, py.out).toBe(0);
    expect(c.out).toMatch(/c-consumer: [1-9]\d* passed, 0 failed/);
    expect(py.out).toMatch(/python-consumer: [1-9]\d* passed, 0 failed/);
    // The mediator suite is replayed, not only pinned: every revision, every scenario.
    expect(py.out).toMatch(/mediator: [1-9]\d* mediator scenarios replayed \([1-9]\d* SMCs checked\)/);
    expect(py.out).not.toMatch(/^mediator\/.*pinned/m);
    // The concurrency suite is checked for well-formedness (frames, lanes, finding kinds, ledger ids).
    expect(py.out).toMatch(/concurrency: [1-9]\d* concurrency outcomes checked for well-formedness/);
    expect(py.out).not.toContain('checked by manifest only');
  });

  it('both fail when one byte of a committed descriptor vector changes', () => {
    const dir = copyVectors('one-byte');
    const { tcId } = changeOneByte(dir);
    const c = runC(dir);
    const py = runPython(dir);
    expect(c.status).toBe(1);
    expect(py.status).toBe(1);
    expect(c.out).toContain(`FAIL ${target}: sha256`);
    expect(py.out).toContain(`FAIL ${target}: sha256`);
    expect(c.out).toContain(`FAIL ${target} tcId ${tcId}:`);
    expect(py.out).toContain(`FAIL ${target} tcId ${tcId}:`);
  });

  it('both still fail when the manifest is re-pinned to the changed file', () => {
    const dir = copyVectors('repinned');
    const { tcId } = changeOneByte(dir);
    repin(dir);
    const c = runC(dir);
    const py = runPython(dir);
    expect(c.status).toBe(1);
    expect(py.status).toBe(1);
    expect(c.out).not.toContain(`FAIL ${target}: sha256`);
    expect(py.out).not.toContain(`FAIL ${target}: sha256`);
    // Refused by content alone: the decoders, field tables or re-encoders disagree with the bytes.
    expect(c.out).toContain(`FAIL ${target} tcId ${tcId}:`);
    expect(py.out).toContain(`FAIL ${target} tcId ${tcId}:`);
  });

  it('Python fails when one register of a committed mediator vector changes, pinned or re-pinned', () => {
    for (const pinned of [true, false]) {
      const dir = copyVectors(pinned ? 'one-register' : 'one-register-repinned');
      const { tcId } = changeOneRegister(dir);
      if (!pinned) repin(dir, mediatorTarget);
      const py = runPython(dir);
      expect(py.status).toBe(1);
      if (pinned) expect(py.out).toContain(`FAIL ${mediatorTarget}: sha256`);
      else expect(py.out).not.toContain(`FAIL ${mediatorTarget}: sha256`);
      // The replay names the test and what broke: the guest's handle is not the SPMC's.
      expect(py.out).toContain(`FAIL ${mediatorTarget} tcId ${tcId}: step 6: the guest gets handle 0x1001, not the one the SPMC returned`);
      // Nothing else fails: the pin (when kept) and that one test.
      expect(py.out).toMatch(new RegExp(`python-consumer: \\d+ passed, ${pinned ? 2 : 1} failed`));
    }
  });

  it('a suite the consumers do not know is checked by manifest only, never crashes them', () => {
    const dir = copyVectors('unknown-suite');
    const file = 'future/thing.json';
    const doc = {
      suite: 'future', subject: 'thing', schema: 'future.schema.json', schemaVersion: '9.0.0', generatorVersion: '9.0.0',
      description: ['a suite from a later generator'], references: ['none'], numberOfTests: 1, flags: {},
      testGroups: [{ type: 'Whatever', tests: [{ tcId: 1, caseId: 'x', comment: 'x', flags: [], result: 'valid', shape: [1, { odd: null }] }] }],
    };
    mkdirSync(join(dir, 'future'));
    writeFileSync(join(dir, file), `${JSON.stringify(doc, null, 2)}\n`);
    const manifestPath = join(dir, 'MANIFEST.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      numberOfTests: number;
      generatorVersion: string;
      files: Record<string, unknown>[];
    };
    manifest.files.push({
      path: file, suite: 'future', schema: 'future.schema.json', generatorVersion: '9.0.0', numberOfTests: 1,
      sha256: createHash('sha256').update(readFileSync(join(dir, file))).digest('hex'),
    });
    manifest.numberOfTests += 1;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const py = runPython(dir);
    expect(py.status, py.out).toBe(0);
    expect(py.out).toContain(`${file}`);
    expect(py.out).toMatch(/checked by manifest only \(1 tests; no checker for suite 'future'\)/);
    expect(py.out).toMatch(/python-consumer: [1-9]\d* passed, 0 failed, .*1 files of unknown suites checked by manifest only/);
    const c = runC(dir);
    expect(c.status, c.out).toBe(0);
    expect(c.out).toMatch(/c-consumer: [1-9]\d* passed, 0 failed/);
  });
});
