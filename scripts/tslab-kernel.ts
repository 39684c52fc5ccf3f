// Launcher of the tslab Jupyter kernel (tslab 1.0.x, TypeScript 5.0.4) with strict type checking.
//
// Why: tslab compiles every cell and every imported .ts file with compiler options it hard-codes,
// and those are not strict. Without strictNullChecks, TypeScript does not narrow a union such as
// `{ ok: true; value } | { ok: false; error }` after `if (!r.ok)`, so src/ code that `npm run
// typecheck` accepts (tsconfig.tslab.json is strict) fails to compile inside a notebook. tslab has
// no setting for its options, so this launcher hands tslab a view of its TypeScript module whose
// createWatchCompilerHost adds the strict family before tslab starts. Nothing else changes.
//
// Run as: node --import tsx/esm scripts/tslab-kernel.ts kernel --config-path <connection file>
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
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

class KernelLaunchError extends Error {
  override readonly name = 'KernelLaunchError';
}

type CreateHost = typeof TS.createWatchCompilerHost;

function strictView(real: typeof TS): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(real)) {
    if (key === 'createWatchCompilerHost') continue;
    Object.defineProperty(view, key, { enumerable: true, get: () => (real as unknown as Record<string, unknown>)[key] });
  }
  const create = (...args: unknown[]): unknown => {
    const [roots, options, ...rest] = args;
    const opts = Array.isArray(roots) ? { ...(options as TS.CompilerOptions), ...STRICT } : options;
    return (real.createWatchCompilerHost as (...a: unknown[]) => unknown)(roots, opts, ...rest);
  };
  Object.defineProperty(view, 'createWatchCompilerHost', { enumerable: true, value: create as CreateHost });
  return view;
}

const tslabDir = dirname(require.resolve('tslab/package.json'));
const tsPath = require.resolve('@tslab/typescript-for-tslab', { paths: [tslabDir] });
const entry = require.cache[tsPath] ?? (require(tsPath), require.cache[tsPath]);
if (entry === undefined) throw new KernelLaunchError(`tslab-kernel: ${tsPath} did not load as a CommonJS module`);
entry.exports = strictView(entry.exports as typeof TS);

const tslab = require('tslab/dist/main.js') as { main(): void };
tslab.main();
