// Performance figures (`npm run bench`): explorer throughput on the bare effect protocol and on the
// mediator model, and the time to explore every scenario of each revision exhaustively.
import os from 'node:os';
import { $, argv, chalk, fs, path, tmpdir } from 'zx';
import { DEFAULT_POLICY, runWorld } from '../src/sim/scheduler';
import { explore } from '../src/explore/explore';
import { acquireToy } from '../src/explore/toys/acquire';
import { SCENARIOS } from '../src/explore/scenarios';
import { exploreScenario } from '../src/explore/world';
import { sweepRevision } from '../src/explore/sweep';
import { REVISION_NAMES } from '../src/mediator/revisions/index';
import type { ExploreResult } from '../src/explore/types';
import { hasJupyter, installHint, JUPYTER_PATH, ROOT } from './_nb-jupyter';
import type { NotebookTimings } from './notebooks';

if (argv.help || argv.h) {
  console.log(`npm run bench: explorer figures. Prints a markdown table of
  - scheduler steps per second on a world made only of the effect protocol (no mediator),
  - the same for exhaustive and random (PCT) search with every oracle attached,
  - per revision: every scenario explored exhaustively (preemption bound 2): runs, distinct
    states, steps, seconds, steps per second; target: under 2 s per revision;
  - the notebooks executed headless (npm run notebooks) when Jupyter is installed: wall time and
    each notebook's time; target: all of them in under 90 s.
Options: --rounds N (default 3; the best round counts); --no-notebooks skips the notebooks;
  --cold empties the kernel's transpile cache first, as on a fresh clone (CI).`);
  process.exit(0);
}

const rounds = Number(argv.rounds ?? 3);
const TARGET_STEPS = 200_000;
const TARGET_SECONDS = 2;

function best<T extends { millis: number }>(f: () => T): T {
  let top: T | undefined;
  for (let i = 0; i < rounds; i++) {
    const r = f();
    if (!top || r.millis < top.millis) top = r;
  }
  return top!;
}

interface Row {
  readonly what: string;
  readonly runs: number;
  readonly states: number | string;
  readonly steps: number;
  readonly millis: number;
}

const rate = (r: Row): number => (r.millis > 0 ? (r.steps / r.millis) * 1000 : 0);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Steps include the sequential reference runs of the non-sequential oracle: the scheduler ran them too. */
function fromExplore(what: string, r: ExploreResult): Row {
  return { what, runs: r.stats.runs, states: r.stats.distinctStates, steps: r.stats.steps + r.stats.sequentialSteps, millis: r.stats.millis };
}

// 1. The scheduler alone: two vCPUs, each PARTITION_INFO_GET 40 times through a toy SPMC acquire.
const toy = acquireToy({ assertUnlocked: false, nullKeepsLock: false, buffer: true, guests: 2, calls: 40 });
const raw = best(() => {
  const t0 = performance.now();
  let steps = 0;
  let runs = 0;
  while (performance.now() - t0 < 400) {
    steps += runWorld(toy(), DEFAULT_POLICY).choices.length;
    runs++;
  }
  return { what: 'scheduler only, protocol world, default schedule', runs, states: '-', steps, millis: performance.now() - t0 };
});
const toySmall = acquireToy({ assertUnlocked: false, nullKeepsLock: false, buffer: true, guests: 2, calls: 6 });
const toyDfs = best(() => fromExplore('exhaustive search + oracles, protocol world (2 x 6 calls, bound 2)', explore({ world: toySmall })));
const toyPct = best(() => fromExplore('random PCT search + oracles, protocol world (2 x 40 calls, 200 runs)', explore({ world: toy, mode: 'random', runs: 200 })));

// 2. The mediator: warm up once, then every scenario per revision.
for (const s of SCENARIOS) exploreScenario(s, 'v2');
const perRevision: Row[] = REVISION_NAMES.map((rev) =>
  best(() => {
    const sw = sweepRevision(rev);
    return { what: `mediator ${rev}: all ${SCENARIOS.length} scenarios, exhaustive (bound 2)`, runs: sw.runs, states: sw.states, steps: sw.steps + sw.sequentialSteps, millis: sw.millis };
  }),
);
const partinfo = SCENARIOS.find((s) => s.name === 'two-guests-partinfo')!;
const medPct = best(() => fromExplore('mediator v1 two-guests-partinfo, random PCT (500 runs)', exploreScenario(partinfo, 'v1', { mode: 'random', runs: 500 })));

const rows = [raw, toyDfs, toyPct, ...perRevision, medPct];
console.log('| what | schedules | distinct states | steps | seconds | steps/s |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.what} | ${fmt(r.runs)} | ${typeof r.states === 'number' ? fmt(r.states) : r.states} | ${fmt(r.steps)} | ${(r.millis / 1000).toFixed(2)} | ${fmt(rate(r))} |`);

const worst = Math.max(...perRevision.map((r) => r.millis)) / 1000;
const engine = rate(raw);
console.log('');
console.log(`scheduler steps/s (protocol world): ${fmt(engine)} ${engine >= TARGET_STEPS ? chalk.green(`>= ${fmt(TARGET_STEPS)}`) : chalk.red(`< ${fmt(TARGET_STEPS)}`)}`);
console.log(`slowest revision, every scenario exhaustive: ${worst.toFixed(2)} s ${worst < TARGET_SECONDS ? chalk.green(`< ${TARGET_SECONDS} s`) : chalk.red(`>= ${TARGET_SECONDS} s`)}`);
console.log(chalk.dim(`best of ${rounds} rounds; Node ${process.version}; the mediator figures include building a booted Xen for every schedule`));

// 3. The notebooks, headless, as `npm run notebooks` runs them (one run: a minute of wall clock
// is already an average over many cells). Per-notebook times overlap when jobs > 1.
const NOTEBOOK_TARGET_SECONDS = 90;
async function notebooksSection(): Promise<void> {
  console.log('');
  if (argv.notebooks === false) {
    console.log(chalk.dim('notebooks: skipped (--no-notebooks)'));
    return;
  }
  if (!(await hasJupyter())) {
    console.log(chalk.yellow(`notebooks: skipped, Jupyter is not installed; ${installHint()}`));
    return;
  }
  const cache = path.join(JUPYTER_PATH, 'transpile-cache');
  if (argv.cold === true) fs.rmSync(cache, { recursive: true, force: true });
  const warm = fs.existsSync(cache);
  const report = path.join(tmpdir(), 'notebook-timings.json');
  const r = await $({ nothrow: true, quiet: true, cwd: ROOT })`npx tsx scripts/notebooks.ts --report ${report}`;
  if (r.exitCode !== 0 || !fs.existsSync(report)) {
    console.log(chalk.red(`notebooks: npm run notebooks failed (exit ${r.exitCode}); run it for the details`));
    process.exitCode = 1;
    return;
  }
  const t = JSON.parse(fs.readFileSync(report, 'utf8')) as NotebookTimings;
  console.log('| notebook | seconds | result |');
  console.log('|---|---:|---|');
  for (const nb of t.notebooks) console.log(`| ${nb.stem} | ${nb.seconds.toFixed(1)} | ${nb.ok ? 'ok' : 'FAIL'} |`);
  const sum = t.notebooks.reduce((n, nb) => n + nb.seconds, 0);
  const ok = t.wallSeconds < NOTEBOOK_TARGET_SECONDS;
  console.log('');
  console.log(`notebooks headless: ${t.notebooks.length} in ${t.wallSeconds.toFixed(1)} s wall clock ${ok ? chalk.green(`< ${NOTEBOOK_TARGET_SECONDS} s`) : chalk.red(`>= ${NOTEBOOK_TARGET_SECONDS} s`)}`);
  console.log(chalk.dim(`${t.jobs} at a time on ${os.cpus().length} CPUs (load average ${os.loadavg()[0]!.toFixed(1)}); per-notebook times add up to ${sum.toFixed(1)} s; transpile cache ${warm ? 'warm' : 'cold (first run on this checkout)'}`));
}
await notebooksSection();
