// Building descriptor vectors (vectors/README.md "descriptors"): field tables a consumer can check
// its struct layout against, byte patches for malformed cases, and the check that the model's
// decoder refuses a malformed case exactly as the case list states by hand.
import type { DecodeRule, Decoded, FieldSpan } from '../../descriptors/index';
import type { TestDraft } from '../assemble';
import { VectorGenerationError } from '../errors';
import { RULE_FLAG } from '../flags/descriptors';
import { bytesToHex, uintHex } from '../hex';

export interface ExpectedError {
  readonly rule: DecodeRule;
  readonly field: string;
  readonly offset: number;
}

export interface FieldRow {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly kind: 'uint' | 'bytes';
  readonly value: string;
}

const UINT_SIZES = new Set([1, 2, 4, 8]);

function readUint(bytes: Uint8Array, offset: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i] ?? 0);
  return v;
}

function row(bytes: Uint8Array, name: string, offset: number, size: number): FieldRow {
  if (UINT_SIZES.has(size)) return { name, offset, size, kind: 'uint', value: uintHex(readUint(bytes, offset, size), size) };
  return { name, offset, size, kind: 'bytes', value: bytesToHex(bytes.subarray(offset, offset + size)) };
}

/**
 * One row per field, values read from the bytes (1/2/4/8-byte fields as integers, others as raw
 * bytes), with `unused` rows for bytes no structure covers, so the rows tile the whole buffer.
 */
export function fieldRows(caseId: string, bytes: Uint8Array, spans: readonly FieldSpan[]): FieldRow[] {
  const sorted = [...spans].sort((a, b) => a.offset - b.offset);
  const out: FieldRow[] = [];
  let at = 0;
  for (const s of sorted) {
    if (s.offset < at) throw new VectorGenerationError(caseId, `field ${s.name} at ${s.offset} overlaps the previous field (ends at ${at})`);
    if (s.offset > at) out.push(row(bytes, 'unused', at, s.offset - at));
    out.push(row(bytes, s.name, s.offset, s.size));
    at = s.offset + s.size;
  }
  if (at > bytes.length) throw new VectorGenerationError(caseId, `fields run to ${at}, past the ${bytes.length} bytes`);
  if (at < bytes.length) out.push(row(bytes, 'unused', at, bytes.length - at));
  return out;
}

/** A copy of `bytes` with little-endian integers written over it: [offset, size, value]. */
export function patched(bytes: Uint8Array, patches: readonly (readonly [number, number, number | bigint])[]): Uint8Array {
  const out = bytes.slice();
  for (const [offset, size, value] of patches) {
    let v = BigInt(value);
    for (let i = 0; i < size; i++) {
      out[offset + i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }
  return out;
}

export interface CaseText {
  readonly caseId: string;
  readonly comment: string;
  readonly flags: readonly string[];
}

function refusal<T>(c: CaseText, got: Decoded<T>, expect: ExpectedError): ExpectedError {
  if (got.ok) throw new VectorGenerationError(c.caseId, `the decoder accepts it; the case expects ${expect.rule} at ${expect.field}`);
  const e = got.error;
  if (e.rule !== expect.rule || e.field !== expect.field || e.offset !== expect.offset) {
    throw new VectorGenerationError(c.caseId, `the decoder says ${e.rule} at ${e.field}@${e.offset}; the case expects ${expect.rule} at ${expect.field}@${expect.offset}`);
  }
  return { rule: e.rule, field: e.field, offset: e.offset };
}

export function validTest<T>(c: CaseText, bytes: Uint8Array, decoded: Decoded<T>, spans: readonly FieldSpan[], extra: Readonly<Record<string, unknown>> = {}): TestDraft {
  if (!decoded.ok) throw new VectorGenerationError(c.caseId, `a valid case is refused: ${decoded.error.rule} at ${decoded.error.field}: ${decoded.error.message}`);
  return { ...c, result: 'valid', bytes: bytesToHex(bytes), fields: fieldRows(c.caseId, bytes, spans), ...extra };
}

/** A malformed case: the flag of the broken rule is added to the case's own flags. */
export function invalidTest<T>(c: CaseText, bytes: Uint8Array, decoded: Decoded<T>, expect: ExpectedError, extra: Readonly<Record<string, unknown>> = {}): TestDraft {
  const error = refusal(c, decoded, expect);
  const ruleFlag = RULE_FLAG[expect.rule] ?? 'BadValue';
  const flags = c.flags.includes(ruleFlag) ? c.flags : [...c.flags, ruleFlag];
  return { ...c, flags, result: 'invalid', bytes: bytesToHex(bytes), error, ...extra };
}

/**
 * What the spec forbids or leaves open but an implementation does: the strict decoder's refusal
 * (if any) as `error`, and the fields as the lenient reading sees them.
 */
export function acceptableTest<T, U>(
  c: CaseText, bytes: Uint8Array, strict: Decoded<T>, expect: ExpectedError | undefined, lenient: Decoded<U>, spans: readonly FieldSpan[],
): TestDraft {
  if (!lenient.ok) throw new VectorGenerationError(c.caseId, `the lenient reading refuses it: ${lenient.error.rule} at ${lenient.error.field}`);
  const error = expect === undefined ? undefined : refusal(c, strict, expect);
  if (expect === undefined && !strict.ok) throw new VectorGenerationError(c.caseId, `the strict decoder refuses it (${strict.error.rule}); the case expects acceptance`);
  return { ...c, result: 'acceptable', bytes: bytesToHex(bytes), fields: fieldRows(c.caseId, bytes, spans), ...(error ? { error } : {}) };
}
