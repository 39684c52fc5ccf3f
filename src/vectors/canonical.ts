// Canonical JSON text of the golden vectors (vectors.md "Reproducibility"): fixed key order,
// integers only, small scalar objects on one line, LF line ends and a final newline, so that two
// runs give byte-identical files and a diff of two versions stays readable.
import { VectorFormatError } from './errors';

/** Keys that lead, in this order, wherever they occur; then the rest alphabetically; then TAIL. */
const HEAD: readonly string[] = Object.freeze([
  'path', 'suite', 'subject', 'schema', 'schemaVersion', 'generatorVersion',
  'bugType', 'ledgerId', 'description', 'effect', 'introducedBy', 'fixedBy', 'implementations',
  'references', 'numberOfTests',
  'type', 'tcId', 'caseId', 'comment', 'flags', 'result',
  'step', 'op', 'domid', 'vmId', 'vcpu', 'rule', 'field', 'name', 'endpoint', 'offset', 'size', 'kind', 'value',
  'by', 'agent', 'caller', 'address', 'call', 'reply', 'register', 'fromStep', 'fromRegister', 'refs',
  'xenBuffers', 'xenTx', 'xenRx', 'tx', 'rx', 'pages', 'ownership', 'smcs',
]);
const TAIL: readonly string[] = Object.freeze(['steps', 'finalGuestRx', 'mailboxes', 'tests', 'testGroups', 'files']);

const RANK: ReadonlyMap<string, number> = new Map(HEAD.map((k, i) => [k, i]));
const TAIL_RANK: ReadonlyMap<string, number> = new Map(TAIL.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a);
  const rb = RANK.get(b);
  if (ra !== undefined || rb !== undefined) return (ra ?? HEAD.length) - (rb ?? HEAD.length) || (a < b ? -1 : a > b ? 1 : 0);
  const ta = TAIL_RANK.get(a);
  const tb = TAIL_RANK.get(b);
  if (ta !== undefined || tb !== undefined) return (ta ?? -1) - (tb ?? -1);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Objects and arrays whose members are all scalars go on one line up to these widths. */
const INLINE_OBJECT = 160;
const INLINE_ARRAY = 200;

function isScalar(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function scalarText(v: unknown, path: string): string {
  if (typeof v === 'number') {
    // Floats and unsafe integers cannot round-trip through every consumer's JSON parser.
    if (!Number.isSafeInteger(v)) throw new VectorFormatError(path, `number ${v} is not a safe integer`);
    return String(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  throw new VectorFormatError(path, `a ${typeof v} cannot appear in a vector file`);
}

function entriesOf(v: object, path: string): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue; // optional fields that are absent
    out.push([k, val]);
  }
  if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) {
    throw new VectorFormatError(path, 'only plain objects can appear in a vector file');
  }
  return out.sort((a, b) => compareKeys(a[0], b[0]));
}

function render(v: unknown, indent: string, path: string): string {
  if (isScalar(v)) return scalarText(v, path);
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isScalar)) {
      const line = `[${v.map((x, i) => scalarText(x, `${path}[${i}]`)).join(', ')}]`;
      if (line.length <= INLINE_ARRAY) return line;
    }
    return `[\n${v.map((x, i) => inner + render(x, inner, `${path}[${i}]`)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object' && v !== null) {
    const entries = entriesOf(v, path);
    if (entries.length === 0) return '{}';
    if (entries.every(([, x]) => isScalar(x))) {
      const line = `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${scalarText(x, `${path}.${k}`)}`).join(', ')}}`;
      if (line.length <= INLINE_OBJECT) return line;
    }
    const body = entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${render(x, inner, `${path}.${k}`)}`);
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  return scalarText(v, path);
}

/** The one text form of a vector file. Throws VectorFormatError for values JSON cannot carry exactly. */
export function canonicalJson(value: unknown): string {
  return `${render(value, '', '$')}\n`;
}
