// JSON Schema of the descriptors suite (vectors/descriptors/*.json): descriptor bytes with their
// field tables (valid), or with the rule they break (invalid), per layout and FF-A version.
import { arr, int, obj, oneOfConst, ref, str, type Schema } from './_build';
import { fileSchema, testBaseProps } from './common';

export const DESCRIPTORS_SCHEMA_FILE = 'descriptors.schema.json';

export const DECODE_RULE_NAMES: readonly string[] = Object.freeze([
  'truncated', 'count-overflow', 'offset-past-end', 'offset-into-header', 'misaligned',
  'reserved-nonzero', 'zero-page-count', 'page-count-mismatch', 'bad-size', 'bad-value', 'overlap',
]);

function defs(): Record<string, Schema> {
  const fieldBase = { name: str('^[a-z_][a-z0-9_.\\[\\]]*$'), offset: int(0, 65536), size: int(1, 65536) };
  return {
    field: {
      oneOf: [
        obj({ ...fieldBase, kind: { const: 'uint' }, value: ref('uint') }, [], 'an unsigned little-endian integer of `size` bytes (1, 2, 4 or 8)'),
        obj({ ...fieldBase, kind: { const: 'bytes' }, value: ref('bytes') }, [], 'raw bytes: a UUID, an IMPDEF value, a reserved or padding area'),
      ],
    },
    decodeError: obj({
      rule: oneOfConst(DECODE_RULE_NAMES),
      field: str(),
      offset: int(0, 65536),
    }, [], 'the first rule the bytes break, the field that breaks it and that field\'s byte offset'),
    uuidWords: arr(ref('reg'), { min: 4, max: 4, description: 'w1..w4 as FFA_PARTITION_INFO_GET carries the UUID' }),
  };
}

/** The fields a result makes mandatory: invalid tests state their rule, valid ones their content. */
function byResult(): Schema {
  const when = (result: string, then: Schema): Schema => ({
    if: { type: 'object', properties: { result: { const: result } }, required: ['result'] },
    then,
  });
  // ajv's strictRequired wants each required name declared beside it, hence `properties: true`s.
  const need = (...names: string[]): Schema => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, true])), required: names });
  return {
    allOf: [
      when('invalid', need('bytes', 'error')),
      when('valid', { anyOf: [need('bytes', 'fields'), need('uuid', 'registers')] }),
      when('acceptable', need('bytes', 'fields')),
    ],
  };
}

function descriptorTest(): Schema {
  return { ...byResult(), ...obj(
    {
      ...testBaseProps(),
      bytes: ref('bytes'),
      entryCount: int(0, 0xffffffff),
      fields: arr(ref('field'), { min: 1 }),
      error: ref('decodeError'),
      uuid: ref('bytes'),
      registers: ref('uuidWords'),
    },
    ['bytes', 'entryCount', 'fields', 'error', 'uuid', 'registers'],
  ) };
}

function group(): Schema {
  return obj(
    {
      type: oneOfConst(['EndpointRxtxDescriptor', 'MemTransactionDescriptor', 'PartitionInfoDescriptors', 'UuidRegisters']),
      ffaVersion: str('^1\\.[0-9]$'),
      layout: str('^[a-z0-9.-]+$', 'the layout variant the tests of the group use; see the file description'),
      entrySize: int(0, 4096),
      emadSize: int(0, 4096),
      tests: arr(descriptorTest(), { min: 1 }),
    },
    ['ffaVersion', 'layout', 'entrySize', 'emadSize'],
  );
}

export function descriptorsSchema(): Schema {
  return fileSchema(DESCRIPTORS_SCHEMA_FILE, 'descriptors', 'ffa-lab golden vectors: FF-A descriptor layouts', group(), defs());
}
