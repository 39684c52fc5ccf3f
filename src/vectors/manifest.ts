// vectors/MANIFEST.json: every generated file with its sha256, test count, schema and generator
// version (vectors.md "Where we go further"), so that a consumer can pin and verify a release.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical';
import type { GeneratedFile } from './format';
import { GENERATOR_VERSION, SCHEMA_VERSION } from './version';

export const MANIFEST_PATH = 'MANIFEST.json';
export const MANIFEST_SCHEMA_FILE = 'manifest.schema.json';

export interface ManifestEntry {
  readonly path: string;
  readonly suite: string;
  readonly schema: string;
  readonly generatorVersion: string;
  readonly numberOfTests: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly schema: string;
  readonly schemaVersion: string;
  readonly generatorVersion: string;
  readonly numberOfTests: number;
  readonly files: readonly ManifestEntry[];
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The schema a generated file is validated with: its own for vectors, the meta-schema's for schemas. */
function schemaOf(f: GeneratedFile): string {
  if (f.suite === 'schema') return 'https://json-schema.org/draft/2020-12/schema';
  if (f.suite === 'manifest') return MANIFEST_SCHEMA_FILE;
  return `${f.suite}.schema.json`;
}

/** The manifest of `files` (the manifest itself excluded), sorted by path. */
export function buildManifest(files: readonly GeneratedFile[]): GeneratedFile {
  const entries: ManifestEntry[] = files
    .filter((f) => f.path !== MANIFEST_PATH)
    .map((f) => ({
      path: f.path,
      suite: f.suite,
      schema: schemaOf(f),
      generatorVersion: GENERATOR_VERSION,
      numberOfTests: f.numberOfTests,
      sha256: sha256Hex(f.content),
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const manifest: Manifest = {
    schema: MANIFEST_SCHEMA_FILE,
    schemaVersion: SCHEMA_VERSION,
    generatorVersion: GENERATOR_VERSION,
    numberOfTests: entries.reduce((n, e) => n + e.numberOfTests, 0),
    files: entries,
  };
  return { path: MANIFEST_PATH, content: canonicalJson(manifest), suite: 'manifest', numberOfTests: 0, caseIds: new Map() };
}
