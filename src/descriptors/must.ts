// Unwrapping codec results where failure is a bug in the caller (generators, tests, notebooks):
// the typed result becomes a named exception carrying the same error.
import type { DecodeError, Decoded, EncodeError, Encoded } from './types';

export class EncodeFailure extends Error {
  override readonly name = 'EncodeFailure';
  constructor(readonly error: EncodeError) {
    super(`${error.field}: ${error.message}`);
  }
}

export class DecodeFailure extends Error {
  override readonly name = 'DecodeFailure';
  constructor(readonly error: DecodeError) {
    super(`${error.rule} at ${error.offset} (${error.field}): ${error.message}`);
  }
}

export function mustEncode(result: Encoded): Uint8Array {
  if (!result.ok) throw new EncodeFailure(result.error);
  return result.bytes;
}

export function mustDecode<T>(result: Decoded<T>): T {
  if (!result.ok) throw new DecodeFailure(result.error);
  return result.value;
}
