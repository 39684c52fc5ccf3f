// Jupyter plumbing for scripts/notebooks.ts and the notebooks step of npm test: find Debian's
// Jupyter, install it when we may, register the project-local tslab kernel, run nbconvert.
import { $, fs, path } from 'zx';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Debian's interpreter: the python3 first on PATH here is another one, without Jupyter. */
export const PYTHON = '/usr/bin/python3';
export const DEBIAN_PACKAGES = ['jupyter-nbconvert', 'python3-nbclient', 'python3-ipykernel'] as const;
export const JUPYTER_PATH = path.join(ROOT, '.jupyter-local');
export const EXECUTED_DIR = path.join(JUPYTER_PATH, 'executed');
export const HTML_DIR = path.join(ROOT, 'notebooks', 'html');

export function installHint(): string {
  return `install Jupyter from Debian: apt-get install ${DEBIAN_PACKAGES.join(' ')} (PyPI is not needed)`;
}

export async function hasJupyter(): Promise<boolean> {
  if (!fs.existsSync(PYTHON)) return false;
  const r = await $({ nothrow: true, quiet: true })`${PYTHON} -c ${'import nbclient, ipykernel, nbconvert'}`;
  return r.exitCode === 0;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

export function inCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}

/**
 * Why the notebooks step of npm test should be skipped, or undefined to run it. Only a machine
 * outside CI where we cannot install Jupyter skips; CI and root install (see ensureJupyter).
 */
export async function jupyterSkipReason(): Promise<string | undefined> {
  if ((await hasJupyter()) || isRoot() || inCi()) return undefined;
  return `Jupyter is not installed; ${installHint()}`;
}

/** Install Debian's Jupyter when running as root; true when Jupyter is usable afterwards. */
export async function ensureJupyter(log: (s: string) => void): Promise<boolean> {
  if (await hasJupyter()) return true;
  if (!isRoot()) return false;
  log(`Jupyter is missing; installing ${DEBIAN_PACKAGES.join(' ')} from Debian (running as root)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await $({ nothrow: true, env, stdio: 'inherit' })`apt-get update -q`;
  const r = await $({ nothrow: true, env, stdio: 'inherit' })`apt-get install -y -q ${DEBIAN_PACKAGES}`;
  return r.exitCode === 0 && (await hasJupyter());
}

/**
 * The kernelspec, written with this checkout's absolute paths. The kernel must start in the
 * project root, or tslab refuses imports outside the notebook folder ("not under rootDir"). It
 * starts through scripts/tslab-kernel.ts, which makes tslab type-check as strictly as
 * `npm run typecheck` does (see that file for why).
 */
export function writeKernelSpec(): string {
  const dir = path.join(JUPYTER_PATH, 'kernels', 'tslab');
  const launcher = path.join(ROOT, 'scripts', 'tslab-kernel.ts');
  if (!fs.existsSync(path.join(ROOT, 'node_modules', 'tslab'))) throw new MissingToolError('node_modules/tslab not found: run npm install first');
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const spec = {
    argv: ['/bin/sh', '-c', `cd ${q(ROOT)} && exec ${q(process.execPath)} --import tsx/esm ${q(launcher)} kernel --config-path "$0"`, '{connection_file}'],
    display_name: 'TypeScript (ffa-lab)',
    language: 'typescript',
  };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'kernel.json'), `${JSON.stringify(spec)}\n`);
  return dir;
}

export class MissingToolError extends Error {
  override readonly name = 'MissingToolError';
}

export function jupyterEnv(): NodeJS.ProcessEnv {
  return { ...process.env, JUPYTER_PATH };
}

export interface RunResult {
  readonly ok: boolean;
  readonly seconds: number;
  readonly log: string;
}

/** Execute one notebook headless into EXECUTED_DIR; any cell error (or a dead kernel) fails it. */
export async function executeNotebook(file: string, timeoutSeconds: number): Promise<RunResult> {
  const t0 = performance.now();
  fs.mkdirSync(EXECUTED_DIR, { recursive: true });
  const r = await $({ nothrow: true, quiet: true, env: jupyterEnv(), cwd: ROOT })`${PYTHON} -m jupyter nbconvert --to notebook --execute ${file} --output-dir ${EXECUTED_DIR} --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout=${timeoutSeconds}`;
  return { ok: r.exitCode === 0, seconds: (performance.now() - t0) / 1000, log: r.stderr + r.stdout };
}

/**
 * tslab sends a failed cell's message (an AssertionError's diff, say) to stderr and not into the
 * error reply, and nbconvert keeps no partial notebook on failure. So after a failure the notebook
 * runs once more with errors allowed, and the stderr streams of that run are the diagnosis.
 */
export async function diagnose(file: string, timeoutSeconds: number): Promise<string> {
  const out = path.join(EXECUTED_DIR, 'diagnosis');
  fs.mkdirSync(out, { recursive: true });
  await $({ nothrow: true, quiet: true, env: jupyterEnv(), cwd: ROOT })`${PYTHON} -m jupyter nbconvert --to notebook --execute --allow-errors ${file} --output-dir ${out} --ExecutePreprocessor.kernel_name=tslab --ExecutePreprocessor.timeout=${timeoutSeconds}`;
  const done = path.join(out, path.basename(file));
  if (!fs.existsSync(done)) return '(no diagnosis: the notebook did not run at all)';
  const nb = JSON.parse(fs.readFileSync(done, 'utf8')) as { cells: Array<{ id?: string; outputs?: Array<{ output_type: string; name?: string; text?: string[] }> }> };
  const lines: string[] = [];
  for (const c of nb.cells)
    for (const o of c.outputs ?? [])
      if (o.output_type === 'stream' && o.name === 'stderr') lines.push(`[cell ${c.id ?? '?'}]`, ...(o.text ?? []).join('').split('\n').slice(0, 24));
  return lines.length > 0 ? lines.join('\n') : '(the kernel wrote nothing to stderr)';
}

/** Render an executed notebook to HTML (Debian's nbconvert points MathJax at local files). */
export async function toHtml(executed: string): Promise<RunResult> {
  const t0 = performance.now();
  fs.mkdirSync(HTML_DIR, { recursive: true });
  const r = await $({ nothrow: true, quiet: true, env: jupyterEnv(), cwd: ROOT })`${PYTHON} -m jupyter nbconvert --to html ${executed} --output-dir ${HTML_DIR}`;
  return { ok: r.exitCode === 0, seconds: (performance.now() - t0) / 1000, log: r.stderr + r.stdout };
}
