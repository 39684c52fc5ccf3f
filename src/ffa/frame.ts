// SMCCC v1.2 register frames (Arm DEN0028): x0..x17, with FF-A's reply conventions (DEN0077).
import { FID, fidLabel, isSmc64 } from './ids';
import { RET, retFromWire, retName, retToWire } from './errors';

export const FRAME_REGS = 18;
const MASK64 = 0xffffffffffffffffn;
const MASK32 = 0xffffffffn;

/** x0..x17. Always 18 entries, each in [0, 2^64). Treat as immutable. */
export type Frame = readonly bigint[];

export type RegValue = number | bigint;

function toReg(v: RegValue): bigint {
  const b = typeof v === 'bigint' ? v : BigInt(v < 0 ? v >>> 0 : v);
  return b & MASK64;
}

/** A frame with x0 = fid and x1.. = args; the rest zero, as ffa_simple_call zero-fills a0..a17. */
export function callFrame(fid: number, ...args: RegValue[]): Frame {
  if (args.length > FRAME_REGS - 1) throw new RangeError(`callFrame: ${args.length} arguments, at most 17`);
  const x = new Array<bigint>(FRAME_REGS).fill(0n);
  x[0] = toReg(fid);
  args.forEach((a, i) => (x[i + 1] = toReg(a)));
  return x;
}

/** A frame from sparse registers: regs({0: fid, 2: 5}). */
export function regs(values: Readonly<Record<number, RegValue>>): Frame {
  const x = new Array<bigint>(FRAME_REGS).fill(0n);
  for (const [k, v] of Object.entries(values)) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0 || i >= FRAME_REGS) throw new RangeError(`regs: no register x${k}`);
    x[i] = toReg(v);
  }
  return x;
}

/** FFA_SUCCESS_32 with results from w2 on (w1 is the target-info slot, zero here). */
export function success32(...w2on: RegValue[]): Frame {
  return callFrame(FID.FFA_SUCCESS_32, 0, ...w2on.map((v) => toReg(v) & MASK32));
}

export function success64(...x2on: RegValue[]): Frame {
  return callFrame(FID.FFA_SUCCESS_64, 0, ...x2on);
}

/** FFA_ERROR: w2 carries the status in its 32-bit wire form; w1 the optional target info. */
export function errorFrame(code: number, w1: RegValue = 0): Frame {
  return callFrame(FID.FFA_ERROR, w1, retToWire(code));
}

export function x(f: Frame, i: number): bigint {
  return f[i] ?? 0n;
}

/** Low 32 bits of register i, unsigned: the w-register view. */
export function w(f: Frame, i: number): number {
  return Number(x(f, i) & MASK32);
}

export function fidOfFrame(f: Frame): number {
  return w(f, 0);
}

/**
 * The arguments a callee may read. SMC32 calls only define the low halves of x1..x17 (the
 * upper halves are unspecified), so they are cleared here; SMC64 calls keep full registers.
 */
export function maskForConvention(f: Frame): Frame {
  if (isSmc64(fidOfFrame(f))) return f;
  return f.map((v) => v & MASK32);
}

/**
 * Xen's ffa_get_ret_code(): FFA_ERROR -> w2 (NOT_SUPPORTED when w2 is 0), FFA_SUCCESS_32/64 -> OK,
 * anything else -> NOT_SUPPORTED. w2 is read as a signed 32-bit value.
 */
export function getRetCode(reply: Frame): number {
  switch (fidOfFrame(reply)) {
    case FID.FFA_ERROR: {
      const code = retFromWire(w(reply, 2));
      return code === 0 ? RET.NOT_SUPPORTED : code;
    }
    case FID.FFA_SUCCESS_32:
    case FID.FFA_SUCCESS_64:
      return RET.OK;
    default:
      return RET.NOT_SUPPORTED;
  }
}

export function isError(f: Frame): boolean {
  return fidOfFrame(f) === FID.FFA_ERROR;
}

export function isSuccess(f: Frame): boolean {
  const fid = fidOfFrame(f);
  return fid === FID.FFA_SUCCESS_32 || fid === FID.FFA_SUCCESS_64;
}

export function regHex(v: bigint): string {
  return `0x${v.toString(16).padStart(16, '0')}`;
}

/** Registers as 0x-prefixed 16-digit hex strings (the vector format). */
export function frameToHex(f: Frame): string[] {
  return f.map(regHex);
}

/** The shortest hex list that still names every non-zero register (trailing zeros dropped). */
export function frameToHexTrimmed(f: Frame): string[] {
  let n = f.length;
  while (n > 1 && f[n - 1] === 0n) n--;
  return f.slice(0, n).map(regHex);
}

export function frameFromHex(hex: readonly string[]): Frame {
  if (hex.length > FRAME_REGS) throw new RangeError(`frameFromHex: ${hex.length} registers, at most 18`);
  const xs = new Array<bigint>(FRAME_REGS).fill(0n);
  hex.forEach((h, i) => {
    if (!/^0x[0-9a-f]{16}$/.test(h)) throw new RangeError(`frameFromHex: x${i} "${h}" is not 0x + 16 lowercase hex digits`);
    xs[i] = BigInt(h);
  });
  return xs;
}

export function framesEqual(a: Frame, b: Frame): boolean {
  for (let i = 0; i < FRAME_REGS; i++) if (x(a, i) !== x(b, i)) return false;
  return true;
}

/** One-line label for traces: FFA_ERROR(DENIED), FFA_SUCCESS_32(w2=0x3, w3=0x18), FFA_RX_RELEASE(w1=0x2). */
export function frameLabel(f: Frame): string {
  const fid = fidOfFrame(f);
  if (fid === FID.FFA_ERROR) return `FFA_ERROR(${retName(retFromWire(w(f, 2)))})`;
  const args: string[] = [];
  for (let i = 1; i < FRAME_REGS; i++) {
    const v = x(f, i);
    if (v !== 0n) args.push(`${isSmc64(fid) ? 'x' : 'w'}${i}=0x${v.toString(16)}`);
  }
  return `${fidLabel(fid)}(${args.join(', ')})`;
}
