// Result helpers shared by the FF-A descriptor codecs (Arm DEN0077): typed failures instead of throws.
import type { DecodeError, DecodeOptions, DecodeRule, Decoded, EncodeError, Encoded, WaivableRule } from './types';

export function ok<T>(value: T): Decoded<T> {
  return { ok: true, value };
}

export function decodeError(rule: DecodeRule, field: string, offset: number, message: string): DecodeError {
  return { rule, field, offset, message };
}

export function fail<T>(rule: DecodeRule, field: string, offset: number, message: string): Decoded<T> {
  return { ok: false, error: decodeError(rule, field, offset, message) };
}

/** Re-types a failure so it can be passed up through a decoder of another shape. */
export function relay<T>(e: { readonly ok: false; readonly error: DecodeError }): Decoded<T> {
  return { ok: false, error: e.error };
}

export function encoded(bytes: Uint8Array): Encoded {
  return { ok: true, bytes };
}

export function encodeFail(field: string, message: string): Encoded {
  return { ok: false, error: { field, message } };
}

/** Which spec rules a decode enforces: all of them, minus what the caller waived. */
export interface Policy {
  enforces(rule: DecodeRule): boolean;
}

export function policyOf(opts: DecodeOptions | undefined, extra: readonly WaivableRule[] = []): Policy {
  const waived = new Set<DecodeRule>([...(opts?.waive ?? []), ...extra]);
  return { enforces: (rule) => !waived.has(rule) };
}

/** Every waivable rule: field tables decode as far as the bounds allow. */
export const WAIVE_ALL: readonly WaivableRule[] = Object.freeze([
  'misaligned', 'reserved-nonzero', 'zero-page-count', 'page-count-mismatch', 'bad-value', 'overlap',
] as const);

export type EncodeCheck = EncodeError | undefined;

export const U16_MAX = 0xffff;
export const U32_MAX = 0xffffffff;
export const U64_MAX = 0xffffffffffffffffn;

/** Field-width checks for encoders: a value that does not fit is refused, never truncated. */
export function checkUint(field: string, value: number, max: number): EncodeCheck {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    return { field, message: `${field} = ${value} does not fit an unsigned field of max 0x${max.toString(16)}` };
  }
  return undefined;
}

export function checkU64(field: string, value: bigint): EncodeCheck {
  if (value < 0n || value > U64_MAX) return { field, message: `${field} = ${value} does not fit 64 bits` };
  return undefined;
}

export function checkBytes(field: string, value: Uint8Array, size: number): EncodeCheck {
  if (value.length !== size) return { field, message: `${field} has ${value.length} bytes, needs ${size}` };
  return undefined;
}

/** First failing check, if any. */
export function firstProblem(checks: Iterable<EncodeCheck>): EncodeCheck {
  for (const c of checks) if (c !== undefined) return c;
  return undefined;
}

/**
 * base + count * size when it fits a u32, else undefined: the checked arithmetic a C decoder needs
 * (the product of two u32 wraps there). JS numbers are exact up to 2^53, so no wrap happens here.
 */
export function u32Span(base: number, count: number, size: number): number | undefined {
  const end = base + count * size;
  return end <= U32_MAX ? end : undefined;
}
