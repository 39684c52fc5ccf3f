// Launcher of the tslab Jupyter kernel (tslab 1.0.x, TypeScript 5.0.4): strict type checking of
// the cells, and library files transpiled one by one.
//
// Why strict: tslab compiles every cell and every imported .ts file with compiler options it
// hard-codes, and those are not strict. Without strictNullChecks, TypeScript does not narrow a
// union such as `{ ok: true; value } | { ok: false; error }` after `if (!r.ok)`, so src/ code that
// `npm run typecheck` accepts (tsconfig.tslab.json is strict) fails to compile inside a notebook.
//
// Why transpile: for every notebook tslab would also type-check all imported src/ files and emit
// their declarations, seconds of work per kernel that `npm run typecheck` already does once with
// the same TypeScript 5.0.4. Imported files are therefore emitted with transpileModule (the
// project compiles with isolatedModules, so that is the same JavaScript) and only the cells get
// diagnostics; the cells are still checked against the real types of what they import.
//
// Why a transpile cache: transpileModule type-checks the one file it emits (TypeScript's emit
// resolver does), and tslab runs it twice per library file (our emit, then its ESM-to-CommonJS
// step): about 6 s of the 12 s a notebook takes alone on a 2-core machine, the same work in every
// kernel. Its output depends only on the TypeScript version, the options, the file name and the
// text, so it is kept on disk under .jupyter-local/transpile-cache keyed by their hash; a changed
// src/ file has a new key. Only results without diagnostics are kept.
//
// tslab has no setting for any of this, so the launcher hands tslab a view of its TypeScript
// module with four functions wrapped, before tslab starts.
//
// Run as: node --import tsx/esm scripts/tslab-kernel.ts kernel --config-path <connection file>
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as TS from 'typescript';

const require = createRequire(import.meta.url);

/** strict minus alwaysStrict: tslab strips "use strict" (noImplicitUseStrict), which alwaysStrict forbids. */
const STRICT: Readonly<TS.CompilerOptions> = Object.freeze({
  strictNullChecks: true,
  strictFunctionTypes: true,
  strictBindCallApply: true,
  strictPropertyInitialization: true,
  noImplicitAny: true,
  noImplicitThis: true,
  useUnknownInCatchVariables: true,
});

/** The files tslab makes of the cells themselves; everything else is imported library code. */
const CELL_FILES = /(^|\/)(__tslab__\.ts|__prev__\.d\.ts)$/;

const WRAPPED = new Set(['createWatchCompilerHost', 'createWatchProgram', 'getPreEmitDiagnosticsOfFiles', 'transpileModule']);

const CACHE_DIR = join(dirname(dirname(fileURLToPath(import.meta.url))), '.jupyter-local', 'transpile-cache');

class KernelLaunchError extends Error {
  override readonly name = 'KernelLaunchError';
}

type Builder = TS.EmitAndSemanticDiagnosticsBuilderProgram;
type Host = TS.WatchCompilerHostOfFilesAndCompilerOptions<Builder>;

/** JSON with sorted keys, so equal options give equal cache keys. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** transpileModule through the disk cache; a cache that cannot be read or written is skipped. */
function cachedTranspile(ts: typeof TS): typeof TS.transpileModule {
  return (input, opts) => {
    const key = createHash('sha256').update(stable([ts.version, opts.compilerOptions, opts.fileName, opts.moduleName, opts.reportDiagnostics, input])).digest('hex');
    const file = join(CACHE_DIR, key.slice(0, 2), `${key}.js`);
    try {
      return { outputText: readFileSync(file, 'utf8'), diagnostics: [] };
    } catch {
      // not cached yet
    }
    const out = ts.transpileModule(input, opts);
    if ((out.diagnostics ?? []).length === 0 && out.sourceMapText === undefined) {
      try {
        // Two kernels may fill the same entry at once: write aside, then rename (atomic).
        mkdirSync(dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, out.outputText);
        renameSync(tmp, file);
      } catch {
        // a read-only checkout still runs, only slower
      }
    }
    return out;
  };
}

/** Emit a library file without the checker: what tslab then loads as that module. */
function transpiled(transpile: typeof TS.transpileModule, options: TS.CompilerOptions, sf: TS.SourceFile, writeFile: TS.WriteFileCallback): TS.EmitResult {
  const root = options.rootDir ?? process.cwd();
  const out = transpile(sf.text, {
    fileName: sf.fileName,
    compilerOptions: { module: options.module, target: options.target, esModuleInterop: true, jsx: options.jsx },
  });
  const js = join(root, options.outDir ?? 'outDir', relative(root, sf.fileName).replace(/\.tsx?$/, '.js'));
  writeFile(js, out.outputText, false);
  return { emitSkipped: false, diagnostics: [] };
}

function fastBuilder(transpile: typeof TS.transpileModule, options: TS.CompilerOptions, b: Builder): Builder {
  const view = Object.create(b) as Builder;
  view.emit = (sf, writeFile, cancel, dtsOnly, transformers) =>
    sf === undefined || writeFile === undefined || CELL_FILES.test(sf.fileName)
      ? b.emit(sf, writeFile, cancel, dtsOnly, transformers)
      : transpiled(transpile, options, sf, writeFile);
  return view;
}

function kernelView(real: typeof TS): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(real)) {
    if (WRAPPED.has(key)) continue;
    Object.defineProperty(view, key, { enumerable: true, get: () => (real as unknown as Record<string, unknown>)[key] });
  }
  let options: TS.CompilerOptions = {};
  const transpile = cachedTranspile(real);
  const createHost = (...args: unknown[]): unknown => {
    const [roots, opts, ...rest] = args;
    if (Array.isArray(roots)) options = { ...(opts as TS.CompilerOptions), ...STRICT };
    return (real.createWatchCompilerHost as (...a: unknown[]) => unknown)(roots, Array.isArray(roots) ? options : opts, ...rest);
  };
  const createProgram = (host: Host): unknown => {
    const after = host.afterProgramCreate;
    if (after !== undefined) host.afterProgramCreate = (b) => after(fastBuilder(transpile, options, b));
    return real.createWatchProgram(host);
  };
  const diagnostics = (program: TS.Program, files: readonly TS.SourceFile[]): readonly TS.Diagnostic[] =>
    (real as unknown as { getPreEmitDiagnosticsOfFiles(p: TS.Program, f: readonly TS.SourceFile[]): readonly TS.Diagnostic[] })
      .getPreEmitDiagnosticsOfFiles(program, files.filter((f) => CELL_FILES.test(f.fileName)));
  Object.defineProperty(view, 'createWatchCompilerHost', { enumerable: true, value: createHost });
  Object.defineProperty(view, 'createWatchProgram', { enumerable: true, value: createProgram });
  Object.defineProperty(view, 'getPreEmitDiagnosticsOfFiles', { enumerable: true, value: diagnostics });
  Object.defineProperty(view, 'transpileModule', { enumerable: true, value: transpile });
  return view;
}

const tslabDir = dirname(require.resolve('tslab/package.json'));
const tsPath = require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] });
const entry = require.cache[tsPath] ?? (require(tsPath), require.cache[tsPath]);
if (entry === undefined) throw new KernelLaunchError(`tslab-kernel: ${tsPath} did not load as a CommonJS module`);
entry.exports = kernelView(entry.exports as typeof TS);

const tslab = require('tslab/dist/main.js') as { main(): void };
tslab.main();
