// FF-A status codes (Arm DEN0077 "FFA_ERROR" table): signed 32-bit values carried in w2.

const CODES = {
  OK: 0,
  NOT_SUPPORTED: -1,
  INVALID_PARAMETERS: -2,
  NO_MEMORY: -3,
  BUSY: -4,
  INTERRUPTED: -5,
  DENIED: -6,
  RETRY: -7,
  ABORTED: -8,
  NO_DATA: -9,
} as const;

export type FfaRetName = keyof typeof CODES;
/** A status as Xen's FFA_RET_* values: 0 for OK, negative for errors. */
export type FfaRet = number;

export const RET: Readonly<Record<FfaRetName, number>> = Object.freeze({ ...CODES });

const BY_CODE: ReadonlyMap<number, FfaRetName> = new Map(
  (Object.keys(CODES) as FfaRetName[]).map((n) => [CODES[n], n] as const),
);

/** Name of a status; unknown values (including positive ones) print as numbers. */
export function retName(code: number): string {
  return BY_CODE.get(code) ?? `UNKNOWN(${code})`;
}

/** 32-bit wire form of a status: how it appears in w2 (upper half of x2 is zero). */
export function retToWire(code: number): number {
  return code >>> 0;
}

/** Signed status from the low 32 bits of a register. */
export function retFromWire(w: number | bigint): number {
  const low = typeof w === 'bigint' ? Number(w & 0xffffffffn) : w >>> 0;
  return low | 0;
}

export function isKnownRet(code: number): boolean {
  return BY_CODE.has(code);
}
