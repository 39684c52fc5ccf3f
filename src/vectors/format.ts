// The shapes every golden-vector file shares (Project Wycheproof's layout, extended as
// /work/shared/reference/vectors.md describes): header, flag notes, test groups, tests.

/** valid: must be accepted as given; invalid: must be refused; acceptable: the spec leaves it open. */
export type TestResult = 'valid' | 'invalid' | 'acceptable';

/** What kind of case a flag marks, so a failure can be triaged before reading the test. */
export type BugType =
  | 'BASIC' // the ordinary, specified behaviour
  | 'EDGE_CASE' // a boundary of a specified rule (sizes, counts, alignment)
  | 'MALFORMED' // input the spec forbids; the implementation must refuse it
  | 'KNOWN_BUG' // a bug of the bug ledger (B1..B20), present in the revision the file describes
  | 'IMPLEMENTATION_DEFINED' // the spec leaves it open; the note names who does what
  | 'LEGACY'; // an older layout or behaviour kept for compatibility

export interface FlagNote {
  readonly bugType: BugType;
  readonly description: string;
  /** What goes wrong for a user when an implementation gets this case wrong. */
  readonly effect?: string;
  /** Bug ledger id (B1..B20) when the flag names a ledger bug. */
  readonly ledgerId?: string;
  /** Commit or message that introduced the behaviour. */
  readonly introducedBy?: string;
  /** Commit or message that fixed it, or 'not fixed'. */
  readonly fixedBy?: string;
  /** Which implementations behave this way (for IMPLEMENTATION_DEFINED and LEGACY flags). */
  readonly implementations?: readonly string[];
}

/** The fields every test carries, whatever its suite. */
export interface TestBase {
  /** Unique within its file and stable forever: never renumbered, never reused. */
  readonly tcId: number;
  /** Stable human-readable name of the case; the same case has the same caseId in every file of a suite. */
  readonly caseId: string;
  readonly comment: string;
  readonly flags: readonly string[];
  readonly result: TestResult;
}

export interface GroupBase<T extends TestBase> {
  /** The group's kind, e.g. `EndpointRxtxDescriptor`, `SpmcSteps`, `MediatorScenario`. */
  readonly type: string;
  readonly tests: readonly T[];
}

export interface VectorFileHeader {
  readonly suite: SuiteName;
  /** What this file of the suite covers: a descriptor kind, an SPMC personality, a revision. */
  readonly subject: string;
  /** File name of the JSON Schema in vectors/schema/ that validates this file. */
  readonly schema: string;
  readonly schemaVersion: string;
  readonly generatorVersion: string;
  readonly description: readonly string[];
  readonly references: readonly string[];
  readonly numberOfTests: number;
  /** Every flag used in the file, explained. */
  readonly flags: Readonly<Record<string, FlagNote>>;
}

export interface VectorFile<G> extends VectorFileHeader {
  readonly testGroups: readonly G[];
}

export type SuiteName = 'descriptors' | 'spmc' | 'mediator' | 'concurrency';

export const SUITES: readonly SuiteName[] = Object.freeze(['descriptors', 'spmc', 'mediator', 'concurrency'] as const);

/** One file the generator produces: its path under vectors/ and its exact bytes as text. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
  readonly suite: SuiteName | 'schema' | 'manifest';
  readonly numberOfTests: number;
  /** caseId by tcId, for the renumbering guard. */
  readonly caseIds: ReadonlyMap<number, string>;
}
