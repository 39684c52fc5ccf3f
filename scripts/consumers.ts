// consumers: builds and runs the C and Python vector consumers (consumers/c, consumers/python),
// which check the golden vectors without any of our TypeScript, and fails if either fails.
import { $, argv, chalk, fs, path } from 'zx';

if (argv.help || argv.h) {
  console.log(`npm run consumers -- [--vectors DIR] [--build DIR] [--python EXE] [--verbose]

Proves the golden vectors are self-contained: two programs that never read our TypeScript check
them, each with its own JSON reader, SHA-256 and FF-A codecs.
  1. C (C11, gcc and make only): builds consumers/c, runs its self-tests (JSON reader, SHA-256,
     codecs on the spec's byte tables), then build/ffa-consumer DIR: manifest pins and counts,
     every descriptor vector decoded, compared field by field, re-encoded, and every invalid one
     refused for its stated rule.
  2. Python (standard library only): its self-tests, then consumers/python/consumer.py DIR:
     manifest pins and counts, descriptor vectors decoded and re-encoded with struct, the
     spmc/<personality> and mediator/<revision> SMC sequences replayed against a scripted SPMC
     (frames, buffer lengths, handle round trip, RX ownership, guest lists), the
     concurrency/<revision> outcomes checked for well-formedness; a suite it does not know is
     checked by manifest only.
  Tests listed in consumers/known-gaps.txt (the format lacks something) are reported as skipped.
  --vectors DIR   the vectors folder (default: vectors/ of the project)
  --build DIR     where make puts the C objects (default: consumers/c/build)
  --python EXE    the Python 3 interpreter (default: $PYTHON, else python3)
  --verbose       one line per vector
Each consumer closes with "<name>: N passed, M failed" (the Python one also prints how many
mediator scenarios it replayed and concurrency outcomes it checked); exit 0 only if both pass.`);
  process.exit(0);
}

const root = path.join(import.meta.dirname, '..');
const vectors = path.resolve(typeof argv.vectors === 'string' ? argv.vectors : path.join(root, 'vectors'));
const cDir = path.join(root, 'consumers', 'c');
const pyDir = path.join(root, 'consumers', 'python');
const build = path.resolve(typeof argv.build === 'string' ? argv.build : path.join(cDir, 'build'));
const python = typeof argv.python === 'string' ? argv.python : (process.env.PYTHON ?? 'python3');
const gaps = path.join(root, 'consumers', 'known-gaps.txt');
const verbose = argv.verbose ? ['--verbose'] : [];

if (!(await fs.pathExists(path.join(vectors, 'MANIFEST.json')))) {
  console.error(chalk.red(`consumers: ${vectors} has no MANIFEST.json`));
  process.exit(2);
}

interface Outcome {
  readonly name: string;
  readonly ok: boolean;
  readonly summary: string;
}

// Runs one command with its output shown live; returns whether it exited 0 and its closing line.
async function run(name: string, cmd: readonly string[], cwd: string): Promise<Outcome> {
  console.log(chalk.bold(`\n-- ${name}: ${cmd.join(' ')}`));
  const p = $({ cwd, nothrow: true, quiet: true })`${cmd}`;
  p.stdout.pipe(process.stdout);
  p.stderr.pipe(process.stderr);
  const r = await p;
  const lines = r.stdout.trim().split('\n');
  return { name, ok: r.exitCode === 0, summary: lines[lines.length - 1] ?? '' };
}

const t0 = Date.now();
const outcomes: Outcome[] = [];
const built = await run('C build', ['make', '-s', `BUILD=${build}`, 'all'], cDir);
outcomes.push(built);
if (built.ok) {
  outcomes.push(await run('C self-tests', ['make', '-s', `BUILD=${build}`, 'check'], cDir));
  outcomes.push(await run('C consumer', [path.join(build, 'ffa-consumer'), '--known-gaps', gaps, ...verbose, vectors], cDir));
}
outcomes.push(await run('Python self-tests', [python, '-m', 'unittest', '-q', 'test_consumer'], pyDir));
outcomes.push(await run('Python consumer', [python, 'consumer.py', '--known-gaps', gaps, ...verbose, vectors], pyDir));

const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(chalk.bold(`\nconsumers (${secs}s, vectors: ${path.relative(process.cwd(), vectors) || '.'})`));
for (const o of outcomes) {
  const mark = o.ok ? chalk.green('ok  ') : chalk.red('FAIL');
  console.log(`  ${mark}  ${o.name}${o.summary && o.name.endsWith('consumer') ? `: ${o.summary}` : ''}`);
}
const failed = outcomes.filter((o) => !o.ok).length;
if (!built.ok) console.log(chalk.red('  the C consumer was not built, so it did not run'));
process.exit(failed === 0 ? 0 : 1);
