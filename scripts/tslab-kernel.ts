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
// tslab has no setting for any of this, so the launcher hands tslab a view of its TypeScript
// module with three functions wrapped, before tslab starts.
//
// Run as: node --import tsx/esm scripts/tslab-kernel.ts kernel --config-path <connection file>
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
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

const WRAPPED = new Set(['createWatchCompilerHost', 'createWatchProgram', 'getPreEmitDiagnosticsOfFiles']);

class KernelLaunchError extends Error {
  override readonly name = 'KernelLaunchError';
}

type Builder = TS.EmitAndSemanticDiagnosticsBuilderProgram;
type Host = TS.WatchCompilerHostOfFilesAndCompilerOptions<Builder>;

/** Emit a library file without the checker: what tslab then loads as that module. */
function transpiled(ts: typeof TS, options: TS.CompilerOptions, sf: TS.SourceFile, writeFile: TS.WriteFileCallback): TS.EmitResult {
  const root = options.rootDir ?? process.cwd();
  const out = ts.transpileModule(sf.text, {
    fileName: sf.fileName,
    compilerOptions: { module: options.module, target: options.target, esModuleInterop: true, jsx: options.jsx },
  });
  const js = join(root, options.outDir ?? 'outDir', relative(root, sf.fileName).replace(/\.tsx?$/, '.js'));
  writeFile(js, out.outputText, false);
  return { emitSkipped: false, diagnostics: [] };
}

function fastBuilder(ts: typeof TS, options: TS.CompilerOptions, b: Builder): Builder {
  const view = Object.create(b) as Builder;
  view.emit = (sf, writeFile, cancel, dtsOnly, transformers) =>
    sf === undefined || writeFile === undefined || CELL_FILES.test(sf.fileName)
      ? b.emit(sf, writeFile, cancel, dtsOnly, transformers)
      : transpiled(ts, options, sf, writeFile);
  return view;
}

function kernelView(real: typeof TS): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(real)) {
    if (WRAPPED.has(key)) continue;
    Object.defineProperty(view, key, { enumerable: true, get: () => (real as unknown as Record<string, unknown>)[key] });
  }
  let options: TS.CompilerOptions = {};
  const createHost = (...args: unknown[]): unknown => {
    const [roots, opts, ...rest] = args;
    if (Array.isArray(roots)) options = { ...(opts as TS.CompilerOptions), ...STRICT };
    return (real.createWatchCompilerHost as (...a: unknown[]) => unknown)(roots, Array.isArray(roots) ? options : opts, ...rest);
  };
  const createProgram = (host: Host): unknown => {
    const after = host.afterProgramCreate;
    if (after !== undefined) host.afterProgramCreate = (b) => after(fastBuilder(real, options, b));
    return real.createWatchProgram(host);
  };
  const diagnostics = (program: TS.Program, files: readonly TS.SourceFile[]): readonly TS.Diagnostic[] =>
    (real as unknown as { getPreEmitDiagnosticsOfFiles(p: TS.Program, f: readonly TS.SourceFile[]): readonly TS.Diagnostic[] })
      .getPreEmitDiagnosticsOfFiles(program, files.filter((f) => CELL_FILES.test(f.fileName)));
  Object.defineProperty(view, 'createWatchCompilerHost', { enumerable: true, value: createHost });
  Object.defineProperty(view, 'createWatchProgram', { enumerable: true, value: createProgram });
  Object.defineProperty(view, 'getPreEmitDiagnosticsOfFiles', { enumerable: true, value: diagnostics });
  return view;
}

const tslabDir = dirname(require.resolve('tslab/package.json'));
const tsPath = require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] });
const entry = require.cache[tsPath] ?? (require(tsPath), require.cache[tsPath]);
if (entry === undefined) throw new KernelLaunchError(`tslab-kernel: ${tsPath} did not load as a CommonJS module`);
entry.exports = kernelView(entry.exports as typeof TS);

const tslab = require('tslab/dist/main.js') as { main(): void };
tslab.main();
