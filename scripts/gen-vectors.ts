// gen-vectors: regenerates the golden vectors under vectors/ (all suites, or --suite), shows
// progress and a summary, refuses to renumber a committed tcId, and rewrites MANIFEST.json.
import { argv, chalk, fs, path } from 'zx';
import { renumberingProblems } from '../src/vectors/check';
import { SUITES, type GeneratedFile, type SuiteName } from '../src/vectors/format';
import { availableSuites, generateAll, generateSuite, schemaFile, suiteGenerator } from '../src/vectors/generate';
import { buildManifest, MANIFEST_PATH, MANIFEST_SCHEMA_FILE } from '../src/vectors/manifest';
import { manifestSchema } from '../src/vectors/schema/manifest';
import { listJson, readTree, writeFiles } from '../src/vectors/tree';

if (argv.help || argv.h) {
  console.log(`npm run gen-vectors -- [--suite NAME]... [--out DIR] [--force-renumber]

Regenerates the golden vectors (Wycheproof-style JSON) and vectors/MANIFEST.json.
  --suite NAME       only this suite (${SUITES.join(', ')}); repeatable. The manifest is rebuilt
                     from the fresh suite files and the other files already in DIR.
  --out DIR          where to write (default: vectors/ of the project)
  --force-renumber   write even if a committed tcId would change its case (breaks consumers'
                     skip lists: only for a new major generator version)
Suites available now: ${availableSuites().join(', ')}.
Deterministic: two runs write byte-identical files.`);
  process.exit(0);
}

const root = path.resolve(typeof argv.out === 'string' ? argv.out : path.join(import.meta.dirname, '..', 'vectors'));
const asked = ([] as unknown[]).concat(argv.suite ?? []).map(String);
for (const s of asked) {
  if (!(SUITES as readonly string[]).includes(s)) {
    console.error(chalk.red(`unknown suite ${s}; suites: ${SUITES.join(', ')}`));
    process.exit(2);
  }
  if (suiteGenerator(s as SuiteName) === undefined) {
    console.error(chalk.red(`suite ${s} has no generator yet (available: ${availableSuites().join(', ')})`));
    process.exit(2);
  }
}

const t0 = Date.now();
const progress = (suite: string, files: readonly GeneratedFile[]): void => {
  const tests = files.reduce((n, f) => n + f.numberOfTests, 0);
  console.log(`${chalk.green('generated')} ${suite.padEnd(12)} ${String(files.length - 1).padStart(3)} files ${String(tests).padStart(5)} tests`);
};

let files: GeneratedFile[];
let owned: (p: string) => boolean;
if (asked.length === 0) {
  files = generateAll(progress);
  owned = () => true;
} else {
  const fresh = asked.flatMap((s) => {
    const g = suiteGenerator(s as SuiteName);
    const out = g === undefined ? [] : generateSuite(g);
    progress(s, out);
    return out;
  });
  fresh.push(schemaFile(MANIFEST_SCHEMA_FILE, manifestSchema(MANIFEST_SCHEMA_FILE)));
  const freshPaths = new Set(fresh.map((f) => f.path));
  const kept: GeneratedFile[] = [...readTree(root)]
    .filter(([p]) => !freshPaths.has(p) && p !== MANIFEST_PATH && !asked.some((s) => p.startsWith(`${s}/`)))
    .map(([p, content]) => ({ path: p, content, suite: p.startsWith('schema/') ? 'schema' : (p.split('/')[0] as SuiteName), numberOfTests: testsIn(content), caseIds: new Map() }));
  files = [...fresh, buildManifest([...fresh, ...kept])];
  owned = (p) => asked.some((s) => p.startsWith(`${s}/`)) || freshPaths.has(p) || p === MANIFEST_PATH;
}

function testsIn(content: string): number {
  const v = JSON.parse(content) as { numberOfTests?: unknown };
  return typeof v.numberOfTests === 'number' ? v.numberOfTests : 0;
}

const renumbered = renumberingProblems(readTree(root), new Map(files.map((f) => [f.path, f.caseIds])));
if (renumbered.length > 0 && !argv['force-renumber']) {
  for (const p of renumbered) console.error(chalk.red(`${p.file}: ${p.message}`));
  console.error(chalk.red('tcIds are forever: append new cases at the end of the case list (see vectors/README.md). Nothing written.'));
  process.exit(1);
}

const wanted = new Set(files.map((f) => f.path));
const stale = listJson(root).filter((p) => owned(p) && !wanted.has(p));
for (const p of stale) await fs.remove(path.join(root, p));
writeFiles(root, files);

const manifest = files.find((f) => f.path === MANIFEST_PATH);
const total = manifest === undefined ? 0 : (JSON.parse(manifest.content) as { numberOfTests: number }).numberOfTests;
console.log(chalk.bold(`\nwrote ${files.length} files to ${path.relative(process.cwd(), root) || '.'}${stale.length ? `, removed ${stale.length} stale` : ''}`));
console.log(`manifest: ${total} tests in ${listJson(root).filter((p) => !p.startsWith('schema/') && p !== MANIFEST_PATH).length} vector files (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
