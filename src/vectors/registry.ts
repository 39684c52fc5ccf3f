// The registry of golden-vector suites (vectors/README.md "Suites"): order here is the order of
// generation and of the manifest summary. A suite is listed once the model part it replays exists.
import type { FileDraft } from './assemble';
import type { SuiteName } from './format';
import type { Schema } from './schema/_build';
import { concurrencySchema, CONCURRENCY_SCHEMA_FILE } from './schema/concurrency';
import { descriptorsSchema, DESCRIPTORS_SCHEMA_FILE } from './schema/descriptors';
import { mediatorSchema, MEDIATOR_SCHEMA_FILE } from './schema/mediator';
import { spmcSchema, SPMC_SCHEMA_FILE } from './schema/spmc';
import { concurrencyFiles } from './suites/concurrency';
import { descriptorFiles } from './suites/descriptors';
import { mediatorFiles } from './suites/mediator';
import { spmcFiles } from './suites/spmc';

export interface SuiteGenerator {
  readonly suite: SuiteName;
  readonly schemaFile: string;
  schema(): Schema;
  /** The suite's files, each with its append-only case list. */
  files(): readonly FileDraft[];
}

export const SUITE_GENERATORS: readonly SuiteGenerator[] = Object.freeze([
  { suite: 'descriptors', schemaFile: DESCRIPTORS_SCHEMA_FILE, schema: descriptorsSchema, files: descriptorFiles },
  { suite: 'spmc', schemaFile: SPMC_SCHEMA_FILE, schema: spmcSchema, files: spmcFiles },
  { suite: 'mediator', schemaFile: MEDIATOR_SCHEMA_FILE, schema: mediatorSchema, files: mediatorFiles },
  { suite: 'concurrency', schemaFile: CONCURRENCY_SCHEMA_FILE, schema: concurrencySchema, files: concurrencyFiles },
]);
