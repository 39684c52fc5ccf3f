// Errors of the golden-vector generator, and the problems check-vectors reports. The two errors mean
// a bug in the generator or in a case list, never bad user input, so they stop generation instead of
// producing a file that would mislead consumers; a Problem is about committed data and is listed.

/** A value the vector format cannot carry exactly (a float, a bigint, undefined in an array...). */
export class VectorFormatError extends Error {
  override readonly name = 'VectorFormatError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/**
 * The model disagrees with what a case list states by hand (an expected refusal, field or reply):
 * the generator refuses to publish a vector the reference facts do not support.
 */
export class VectorGenerationError extends Error {
  override readonly name = 'VectorGenerationError';
  constructor(
    readonly caseId: string,
    message: string,
  ) {
    super(`${caseId}: ${message}`);
  }
}

/** What check-vectors reports about one committed file (a finding about the data, not an exception). */
export type ProblemKind = 'missing' | 'unexpected' | 'differs' | 'schema' | 'header' | 'manifest' | 'renumbered' | 'json';

export interface Problem {
  readonly file: string;
  readonly kind: ProblemKind;
  readonly message: string;
}
