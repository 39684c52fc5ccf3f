// The schema parts every golden-vector file shares: header, flag notes, test base fields and the
// hex encodings (vectors.md; JSON Schema 2020-12).
import { SCHEMA_ID_BASE } from '../version';
import { arr, dict, int, obj, oneOfConst, ref, str, type Schema } from './_build';

export const REG_PATTERN = '^0x[0-9a-f]{16}$';
export const BYTES_PATTERN = '^([0-9a-f]{2})*$';
export const FLAG_PATTERN = '^[A-Z][A-Za-z0-9]*$';
export const CASE_ID_PATTERN = '^[a-z0-9][a-z0-9./_-]*$';
export const VERSION_PATTERN = '^[0-9]+\\.[0-9]+\\.[0-9]+$';

/** Definitions every suite schema carries in its $defs. */
export function commonDefs(): Record<string, Schema> {
  return {
    reg: str(REG_PATTERN, 'a 64-bit register: 0x and 16 lowercase hex digits'),
    frame: arr(ref('reg'), { min: 1, max: 18, description: 'x0, x1, ...; registers after the last one listed are zero' }),
    bytes: str(BYTES_PATTERN, 'bytes as lowercase hex, two digits per byte'),
    uint: str('^0x([0-9a-f]{2})+$', 'an unsigned integer field: 0x and two hex digits per byte of its size'),
    id16: str('^0x[0-9a-f]{4}$', 'a 16-bit FF-A endpoint id'),
    flagNote: obj(
      {
        bugType: oneOfConst(['BASIC', 'EDGE_CASE', 'MALFORMED', 'KNOWN_BUG', 'IMPLEMENTATION_DEFINED', 'LEGACY']),
        description: str(),
        effect: str(),
        ledgerId: str('^B[0-9]{1,2}$'),
        introducedBy: str(),
        fixedBy: str(),
        implementations: arr(str(), { min: 1 }),
      },
      ['effect', 'ledgerId', 'introducedBy', 'fixedBy', 'implementations'],
    ),
    result: oneOfConst(['valid', 'invalid', 'acceptable']),
    flagList: arr(str(FLAG_PATTERN), { unique: true }),
    tcId: int(1, 1_000_000),
    caseId: str(CASE_ID_PATTERN),
  };
}

/** The properties of a test that every suite shares. */
export function testBaseProps(): Record<string, Schema> {
  return { tcId: ref('tcId'), caseId: ref('caseId'), comment: str(), flags: ref('flagList'), result: ref('result') };
}

/** A whole suite schema: the common header around the suite's group schema. */
export function fileSchema(fileName: string, suite: string, title: string, group: Schema, defs: Record<string, Schema>): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_ID_BASE}${fileName}`,
    title,
    type: 'object',
    properties: {
      suite: { const: suite },
      subject: str('^[a-z0-9][a-z0-9.-]*$'),
      schema: { const: fileName },
      schemaVersion: str(VERSION_PATTERN),
      generatorVersion: str(VERSION_PATTERN),
      description: arr(str(), { min: 1 }),
      references: arr(str(), { min: 1 }),
      numberOfTests: int(0, 1_000_000),
      flags: dict(FLAG_PATTERN, ref('flagNote')),
      testGroups: arr(group, { min: 1 }),
    },
    required: ['suite', 'subject', 'schema', 'schemaVersion', 'generatorVersion', 'description', 'references', 'numberOfTests', 'flags', 'testGroups'],
    additionalProperties: false,
    $defs: { ...commonDefs(), ...defs },
  };
}
