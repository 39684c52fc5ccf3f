// `npm run notebooks`: build the .ipynb files from notebooks/src/*.md, register the project-local
// tslab kernel, and execute every notebook headless with nbconvert (any cell error fails).
import { readFileSync, readdirSync } from 'node:fs';
import { $, argv, chalk, fs, path } from 'zx';
import { KERNEL, notebookJson, parseNotebookSource } from '../src/render/notebook-source';
import {
  EXECUTED_DIR, HTML_DIR, JUPYTER_PATH, PYTHON, ROOT, diagnose, ensureJupyter, executeNotebook, inCi, installHint, isRoot, jupyterEnv, toHtml,
  writeKernelSpec, type RunResult,
} from './_nb-jupyter';

const HELP = `npm run notebooks [-- options]: execute the notebooks headless with the tslab kernel.

  (no option)     rebuild notebooks/*.ipynb from notebooks/src/*.md, then execute them all
  --html          also render each executed notebook to notebooks/html/<name>.html (npm run notebooks:html)
  --lab           open the executed notebooks, outputs included, in JupyterLab, or Jupyter Notebook
                  when Lab is absent (npm run lab); notebooks whose executed copy is missing or
                  older than its source run first (--fresh: all of them)
  --build         only rebuild notebooks/*.ipynb from their sources (no Jupyter needed)
  --check         only verify that notebooks/*.ipynb match their sources (no Jupyter needed)
  --only <text>   run the notebooks whose name contains <text> (repeatable)
  --jobs <n>      notebooks executed at once (default 2)
  --timeout <s>   per-cell timeout in seconds (default 300)
  --report <file> also write the timings as JSON (npm run bench reads it)

The committed .ipynb files carry no outputs: they are generated from notebooks/src/*.md, and CI
(CI=true) fails if one is stale. Executed copies go to ${path.relative(ROOT, EXECUTED_DIR)}/.
Jupyter comes from Debian (${PYTHON}); when it is missing the script installs it if run as root,
fails in CI, and otherwise skips with the apt-get line to run. See notebooks/README.md.`;

const SRC_DIR = path.join(ROOT, 'notebooks', 'src');
const NB_DIR = path.join(ROOT, 'notebooks');

/** What --report writes: read by scripts/bench.ts. */
export interface NotebookTimings {
  readonly wallSeconds: number;
  readonly jobs: number;
  readonly notebooks: ReadonlyArray<{ readonly stem: string; readonly seconds: number; readonly ok: boolean }>;
}

interface Notebook {
  readonly stem: string;
  readonly ipynb: string;
  readonly json: string;
}

function loadSources(only: readonly string[]): Notebook[] {
  return readdirSync(SRC_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const stem = f.slice(0, -3);
      return { stem, ipynb: path.join(NB_DIR, `${stem}.ipynb`), json: notebookJson(stem, parseNotebookSource(readFileSync(path.join(SRC_DIR, f), 'utf8'))) };
    })
    .filter((nb) => only.length === 0 || only.some((o) => nb.stem.includes(o)));
}

/** Returns the names of stale notebooks; rewrites them unless `writeStale` is false. */
function syncIpynb(nbs: readonly Notebook[], writeStale: boolean): string[] {
  const stale: string[] = [];
  for (const nb of nbs) {
    const current = fs.existsSync(nb.ipynb) ? fs.readFileSync(nb.ipynb, 'utf8') : '';
    if (current === nb.json) continue;
    stale.push(nb.stem);
    if (writeStale) fs.writeFileSync(nb.ipynb, nb.json);
  }
  return stale;
}

async function pool<T, R>(items: readonly T[], jobs: number, work: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return out;
}

/**
 * Every value of a repeatable string option, read from the raw arguments: zx's argv turns
 * `--only 02` into the number 2, which would also match "v2" and "4.22".
 */
function stringOpts(name: string): string[] {
  const args = process.argv.slice(2);
  const out: string[] = [];
  args.forEach((a, i) => {
    if (a === `--${name}` && args[i + 1] !== undefined) out.push(args[i + 1] as string);
    else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  });
  return out;
}

/** Cell sources of an .ipynb, the part of a notebook that decides what executing it shows. */
function cellSources(file: string): string[] | undefined {
  if (!fs.existsSync(file)) return undefined;
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as { cells?: Array<{ source?: string[] | string }> };
  return (nb.cells ?? []).map((c) => (Array.isArray(c.source) ? c.source.join('') : (c.source ?? '')));
}

/** The executed copy exists and was made from the notebook as it is now. */
function executedIsCurrent(nb: Notebook): boolean {
  const done = cellSources(path.join(EXECUTED_DIR, `${nb.stem}.ipynb`));
  const now = cellSources(nb.ipynb);
  return done !== undefined && now !== undefined && JSON.stringify(done) === JSON.stringify(now);
}

/**
 * The committed notebooks carry no outputs, so Jupyter opens the executed copies: a reader sees
 * the diagrams without running anything. Running a cell there works the same (the kernel starts
 * in the project root); edits belong in notebooks/src/*.md, from which the .ipynb are rebuilt.
 */
async function openLab(nbs: readonly Notebook[]): Promise<number> {
  const has = async (mod: string): Promise<boolean> => (await $({ nothrow: true, quiet: true })`${PYTHON} -c ${`import ${mod}`}`).exitCode === 0;
  const app = (await has('jupyterlab')) ? 'lab' : (await has('notebook')) ? 'notebook' : undefined;
  if (app === undefined) {
    console.log(chalk.red('Neither JupyterLab nor Jupyter Notebook is installed.'));
    console.log('Debian has no JupyterLab package; install the classic Notebook: apt-get install jupyter-notebook');
    console.log(`Or read the rendered pages: npm run notebooks:html, then open ${path.relative(ROOT, HTML_DIR)}/*.html`);
    return 1;
  }
  writeKernelSpec();
  for (const s of syncIpynb(nbs, true)) console.log(chalk.yellow(`rebuilt notebooks/${s}.ipynb from its source`));
  const toRun = nbs.filter((nb) => argv['fresh'] === true || !executedIsCurrent(nb));
  if (toRun.length > 0) {
    console.log(`executing ${toRun.map((nb) => nb.stem).join(', ')} first, so that they open with their outputs`);
    if ((await execute(toRun)) !== 0) console.log(chalk.yellow('some notebooks failed; they open with the outputs they reached'));
  }
  console.log(`Opening jupyter ${app} in ${path.relative(ROOT, EXECUTED_DIR)}/ (executed copies) with the "${KERNEL.display_name}" kernel (JUPYTER_PATH=${JUPYTER_PATH})`);
  // Jupyter refuses to start as root without this flag; containers and CI machines often are root.
  const rootFlag = isRoot() ? ['--allow-root'] : [];
  const r = await $({ nothrow: true, stdio: 'inherit', env: jupyterEnv(), cwd: EXECUTED_DIR })`${PYTHON} -m jupyter ${app} ${rootFlag}`;
  return r.exitCode ?? 1;
}

/** nbconvert's own traceback is noise: keep the failing cell and the kernel's error after it. */
function failureText(log: string): string {
  const at = log.indexOf('An error occurred while executing');
  const tail = at >= 0 ? log.slice(at) : log;
  return tail.split('\n').slice(0, 30).join('\n').trimEnd();
}

async function main(): Promise<number> {
  if (argv['help'] === true || argv['h'] === true) {
    console.log(HELP);
    return 0;
  }
  const nbs = loadSources(stringOpts('only'));
  if (nbs.length === 0) {
    console.log(chalk.red(`no notebook sources match in ${path.relative(ROOT, SRC_DIR)}/`));
    return 1;
  }
  if (argv['lab'] === true) return openLab(nbs);
  if (argv['check'] === true || inCi()) {
    const stale = syncIpynb(nbs, false);
    if (stale.length > 0) {
      console.log(chalk.red(`stale .ipynb (source changed): ${stale.join(', ')}; run npm run notebooks -- --build and commit`));
      return 1;
    }
    if (argv['check'] === true) {
      console.log(chalk.green(`${nbs.length} notebooks match their sources`));
      return 0;
    }
  } else {
    for (const s of syncIpynb(nbs, true)) console.log(chalk.yellow(`rebuilt notebooks/${s}.ipynb from its source`));
  }
  if (argv['build'] === true) return 0;
  if (!(await ensureJupyter((s) => console.log(chalk.yellow(s))))) {
    if (inCi()) {
      console.log(chalk.red(`Jupyter is missing in CI; ${installHint()}`));
      return 1;
    }
    console.log(chalk.yellow(`notebooks skipped: Jupyter is not installed; ${installHint()}`));
    return 0;
  }
  writeKernelSpec();
  return execute(nbs);
}

async function execute(nbs: readonly Notebook[]): Promise<number> {
  const jobs = Number(argv['jobs'] ?? 2);
  const timeout = Number(argv['timeout'] ?? 300);
  const html = argv['html'] === true;
  console.log(chalk.bold(`executing ${nbs.length} notebooks, ${jobs} at a time`));
  const t0 = performance.now();
  const results = await pool(nbs, jobs, async (nb): Promise<RunResult> => {
    console.log(`  start ${nb.stem}`);
    let r = await executeNotebook(nb.ipynb, timeout);
    if (r.ok && html) {
      const h = await toHtml(path.join(EXECUTED_DIR, `${nb.stem}.ipynb`));
      r = { ok: h.ok, seconds: r.seconds + h.seconds, log: h.ok ? r.log : h.log };
    }
    const mark = r.ok ? chalk.green('ok  ') : chalk.red('FAIL');
    console.log(`  ${mark} ${nb.stem} (${r.seconds.toFixed(1)}s)`);
    if (!r.ok) console.log(chalk.red(`${failureText(r.log)}\n-- what the kernel said (second run, errors allowed):\n${await diagnose(nb.ipynb, timeout)}`));
    return r;
  });
  const failed = results.filter((r) => !r.ok).length;
  const wall = (performance.now() - t0) / 1000;
  console.log(`notebooks: ${results.length - failed} passed, ${failed} failed in ${wall.toFixed(1)}s (wall clock, ${jobs} jobs)`);
  const report = stringOpts('report')[0];
  if (report !== undefined) {
    const timings: NotebookTimings = { wallSeconds: wall, jobs, notebooks: nbs.map((nb, i) => ({ stem: nb.stem, seconds: results[i]?.seconds ?? 0, ok: results[i]?.ok ?? false })) };
    fs.writeFileSync(report, `${JSON.stringify(timings, null, 1)}\n`);
  }
  if (html && failed === 0) console.log(`HTML written to ${path.relative(ROOT, HTML_DIR)}/`);
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
