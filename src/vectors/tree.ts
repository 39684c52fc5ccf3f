// Reading and writing the vectors/ tree (golden-vector files under a root folder): the file set
// the generator owns is every *.json below the root; README.md and other hand-written files are
// not part of it.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { GeneratedFile } from './format';

/** Relative paths (with /) of every .json file under `root`, sorted. */
export function listJson(root: string): string[] {
  if (!existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.json')) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

export function readTree(root: string): Map<string, string> {
  return new Map(listJson(root).map((p) => [p, readFileSync(join(root, p), 'utf8')]));
}

export function writeFiles(root: string, files: readonly GeneratedFile[]): void {
  for (const f of files) {
    const p = join(root, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content, 'utf8');
  }
}
