// Generation of the whole golden-vector tree (vectors/ in the repository): each registered suite's
// schema and files, the manifest schema and the manifest. Pure: no clock, no randomness, no I/O.
import { assembleFile } from './assemble';
import { canonicalJson } from './canonical';
import type { GeneratedFile, SuiteName } from './format';
import { buildManifest, MANIFEST_SCHEMA_FILE } from './manifest';
import { manifestSchema } from './schema/manifest';
import { SUITE_GENERATORS, type SuiteGenerator } from './registry';

export function schemaFile(fileName: string, schema: unknown): GeneratedFile {
  return { path: `schema/${fileName}`, content: canonicalJson(schema), suite: 'schema', numberOfTests: 0, caseIds: new Map() };
}

/** The schema and every vector file of one suite. */
export function generateSuite(g: SuiteGenerator): GeneratedFile[] {
  return [schemaFile(g.schemaFile, g.schema()), ...g.files().map(assembleFile)];
}

export function suiteGenerator(name: SuiteName): SuiteGenerator | undefined {
  return SUITE_GENERATORS.find((g) => g.suite === name);
}

/** Suites that have a generator (the others wait for the model parts they replay). */
export function availableSuites(): SuiteName[] {
  return SUITE_GENERATORS.map((g) => g.suite);
}

/** Everything under vectors/ that the generator owns, manifest last. */
export function generateAll(onProgress?: (suite: SuiteName, files: readonly GeneratedFile[]) => void): GeneratedFile[] {
  const out: GeneratedFile[] = [schemaFile(MANIFEST_SCHEMA_FILE, manifestSchema(MANIFEST_SCHEMA_FILE))];
  for (const g of SUITE_GENERATORS) {
    const files = generateSuite(g);
    onProgress?.(g.suite, files);
    out.push(...files);
  }
  out.push(buildManifest(out));
  return out;
}
