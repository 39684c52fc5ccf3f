// FF-A version words (Arm DEN0077 FFA_VERSION): bit 31 MBZ, major in 30:16, minor in 15:0.

export type FfaVersion = number;

export function makeVersion(major: number, minor: number): FfaVersion {
  return ((major & 0x7fff) << 16) | (minor & 0xffff);
}

export const V1_0 = makeVersion(1, 0);
export const V1_1 = makeVersion(1, 1);
export const V1_2 = makeVersion(1, 2);
export const V1_3 = makeVersion(1, 3);

export function versionMajor(v: FfaVersion): number {
  return (v >>> 16) & 0x7fff;
}

export function versionMinor(v: FfaVersion): number {
  return v & 0xffff;
}

/** Bit 31 set is not a version (the spec reserves it; SPMCs answer NOT_SUPPORTED). */
export function isValidVersionWord(v: number): boolean {
  return ((v >>> 0) & 0x80000000) === 0;
}

export function versionLabel(v: FfaVersion): string {
  return `${versionMajor(v)}.${versionMinor(v)}`;
}
