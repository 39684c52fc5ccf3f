// JSON Schema of vectors/MANIFEST.json: the pinned list of generated files with their hashes.
import { SCHEMA_ID_BASE } from '../version';
import { arr, int, obj, oneOfConst, str, type Schema } from './_build';
import { VERSION_PATTERN } from './common';

export function manifestSchema(fileName: string): Schema {
  const entry = obj({
    path: str('^[a-z0-9][A-Za-z0-9./_-]*\\.json$'),
    suite: oneOfConst(['descriptors', 'spmc', 'mediator', 'concurrency', 'schema']),
    schema: str(),
    generatorVersion: str(VERSION_PATTERN),
    numberOfTests: int(0, 1_000_000),
    sha256: str('^[0-9a-f]{64}$'),
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_ID_BASE}${fileName}`,
    title: 'ffa-lab golden vectors: manifest',
    ...obj({
      schema: { const: fileName },
      schemaVersion: str(VERSION_PATTERN),
      generatorVersion: str(VERSION_PATTERN),
      numberOfTests: int(0, 10_000_000),
      files: arr(entry, { min: 1 }),
    }),
  };
}
