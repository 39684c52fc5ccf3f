// JSON Schema validation of the golden vectors with ajv's 2020-12 build in strict mode: each file
// is validated by the schema its header names, found under schema/ in the same tree.
import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import type { Problem } from './errors';
import { MANIFEST_PATH } from './manifest';

interface Parsed {
  readonly path: string;
  readonly value: unknown;
}

function schemaName(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const s = (v as Record<string, unknown>).schema;
  return typeof s === 'string' ? s : undefined;
}

/** Compile every schema/*.schema.json of the tree; a schema ajv refuses is itself a problem. */
function compileSchemas(parsed: readonly Parsed[], problems: Problem[]): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  const out = new Map<string, ValidateFunction>();
  for (const p of parsed) {
    if (!p.path.startsWith('schema/')) continue;
    try {
      out.set(p.path.slice('schema/'.length), ajv.compile(p.value as object));
    } catch (e) {
      problems.push({ file: p.path, kind: 'schema', message: `ajv refuses the schema: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return out;
}

export function validateAgainstSchemas(parsed: readonly Parsed[]): Problem[] {
  const problems: Problem[] = [];
  const validators = compileSchemas(parsed, problems);
  for (const p of parsed) {
    if (p.path.startsWith('schema/')) continue;
    const name = schemaName(p.value);
    const validate = name === undefined ? undefined : validators.get(name);
    if (validate === undefined) {
      problems.push({ file: p.path, kind: 'schema', message: `names schema ${name ?? '(none)'}, which is not in schema/` });
      continue;
    }
    if (!validate(p.value)) {
      const errs = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
      problems.push({ file: p.path, kind: 'schema', message: errs.join('\n') });
    }
  }
  if (!parsed.some((p) => p.path === MANIFEST_PATH)) problems.push({ file: MANIFEST_PATH, kind: 'manifest', message: 'missing' });
  return problems;
}
