// check-vectors: regenerates the golden vectors into a temporary folder, byte-compares them with
// the committed ones (printing a diff on mismatch), validates every file against its JSON Schema
// and the manifest, and refuses renumbered tcIds. Exits non-zero on any problem.
import { argv, chalk, fs, os, path } from 'zx';
import { compareTrees, renumberingProblems, validateTree, type Problem } from '../src/vectors/check';
import { generateAll } from '../src/vectors/generate';
import { readTree, writeFiles } from '../src/vectors/tree';

if (argv.help || argv.h) {
  console.log(`npm run check-vectors -- [--dir DIR] [--keep]

Verifies the committed golden vectors:
  1. regenerates every suite into a temporary folder and byte-compares it with DIR (a readable
     diff is printed for each file that differs);
  2. validates every file in DIR against its JSON Schema in DIR/schema (ajv, draft 2020-12,
     strict mode), checks each header (numberOfTests, unique tcIds, flags explained) and
     MANIFEST.json (sha256 and test count of every file);
  3. checks that no committed tcId changed its case.
  --dir DIR   the tree to check (default: vectors/ of the project)
  --keep      keep the temporary folder and print its path
Exit status 0 when everything matches, 1 otherwise.`);
  process.exit(0);
}

const dir = path.resolve(typeof argv.dir === 'string' ? argv.dir : path.join(import.meta.dirname, '..', 'vectors'));
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ffa-vectors-'));
const t0 = Date.now();
const files = generateAll();
writeFiles(tmp, files);
const fresh = readTree(tmp);
const committed = readTree(dir);

const problems: Problem[] = [
  ...compareTrees(fresh, committed),
  ...validateTree(committed),
  ...renumberingProblems(committed, new Map(files.map((f) => [f.path, f.caseIds]))),
];

if (argv.keep) console.log(`fresh generation kept in ${tmp}`);
else await fs.remove(tmp);

for (const p of problems) {
  console.log(chalk.red(`\n${p.kind.toUpperCase()} ${p.file}`));
  console.log(p.message);
}
const tests = files.reduce((n, f) => n + f.numberOfTests, 0);
const secs = ((Date.now() - t0) / 1000).toFixed(1);
if (problems.length === 0) {
  console.log(chalk.green(`check-vectors: ${committed.size} files, ${tests} tests: identical to a fresh generation, schemas and manifest valid (${secs}s)`));
  process.exit(0);
}
console.log(chalk.red(`\ncheck-vectors: ${problems.length} problem(s) in ${new Set(problems.map((p) => p.file)).size} file(s) (${secs}s)`));
process.exit(1);
