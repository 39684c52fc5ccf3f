// Endpoint memory access descriptor, EMAD (Arm DEN0077 v1.0/v1.1 16 bytes, v1.2+ 32 bytes with a
// 16-byte implementation-defined value; Xen ffa_shm.c struct ffa_mem_access / _1_2 and
// struct ffa_mem_access_perm).
import type { Reader } from './_reader';
import { checkBytes, checkUint, fail, firstProblem, ok, U16_MAX, type EncodeCheck, type Policy } from './_result';
import type { Writer } from './_writer';
import type { Decoded, MemAccessPerm, MemReceiver } from './types';

export type EmadSize = 16 | 32;
export const IMPDEF_SIZE = 16;

/** Permissions byte: [1:0] data access, [3:2] instruction access, both with 0b11 reserved; [7:4] MBZ. */
const PERM_MBZ = 0xf0;

export interface ReadEmad {
  readonly receiver: MemReceiver;
  readonly regionOffset: number;
}

export function readAccessPerm(r: Reader, off: number, path: string, policy: Policy): Decoded<MemAccessPerm> {
  const endpointId = r.u16(off, `${path}.endpoint_id`);
  const perm = r.u8(off + 2, `${path}.perm`);
  const flags = r.u8(off + 3, `${path}.flags`);
  if ((perm & PERM_MBZ) !== 0 && policy.enforces('reserved-nonzero')) {
    return fail('reserved-nonzero', `${path}.perm`, off + 2, `${path}.perm 0x${perm.toString(16)} sets bits [7:4], which must be zero`);
  }
  if (((perm & 3) === 3 || ((perm >> 2) & 3) === 3) && policy.enforces('bad-value')) {
    const which = (perm & 3) === 3 ? 'data' : 'instruction';
    return fail('bad-value', `${path}.perm`, off + 2, `${path}.perm 0x${perm.toString(16)}: ${which} access 0b11 is reserved`);
  }
  // The flags byte is left to the ABI: its bits differ between send and retrieve descriptors.
  return ok({ endpointId, perm, flags });
}

/** Decode the EMAD at `off`; the caller has checked that all `size` bytes are inside the buffer. */
export function readEmad(r: Reader, off: number, path: string, size: EmadSize, policy: Policy): Decoded<ReadEmad> {
  const access = readAccessPerm(r, off, `${path}.access_perm`, policy);
  if (!access.ok) return access;
  const regionOffset = r.u32(off + 4, `${path}.region_offs`);
  const impdef = size === 32 ? r.raw(off + 8, IMPDEF_SIZE, `${path}.impdef`) : undefined;
  const reservedAt = size === 32 ? off + 24 : off + 8;
  const reserved = r.u64(reservedAt, `${path}.reserved`);
  if (reserved !== 0n && policy.enforces('reserved-nonzero')) {
    return fail('reserved-nonzero', `${path}.reserved`, reservedAt, `${path}.reserved is 0x${reserved.toString(16)}, must be zero`);
  }
  const receiver: MemReceiver = impdef === undefined ? { access: access.value } : { access: access.value, impdef };
  return ok({ receiver, regionOffset });
}

export function writeAccessPerm(w: Writer, off: number, a: MemAccessPerm): void {
  w.u16(off, a.endpointId);
  w.u8(off + 2, a.perm);
  w.u8(off + 3, a.flags);
}

/** Write one EMAD; a 32-byte EMAD without impdef gets 16 zero bytes there. */
export function writeEmad(w: Writer, off: number, rcv: MemReceiver, regionOffset: number, size: EmadSize): void {
  writeAccessPerm(w, off, rcv.access);
  w.u32(off + 4, regionOffset);
  if (size === 32) {
    w.zero(off + 8, IMPDEF_SIZE);
    if (rcv.impdef !== undefined) w.raw(off + 8, rcv.impdef);
    w.u64(off + 24, 0n);
  } else {
    w.u64(off + 8, 0n);
  }
}

export function checkAccessPerm(path: string, a: MemAccessPerm): EncodeCheck {
  return firstProblem([
    checkUint(`${path}.endpoint_id`, a.endpointId, U16_MAX),
    checkUint(`${path}.perm`, a.perm, 0xff),
    checkUint(`${path}.flags`, a.flags, 0xff),
  ]);
}

/** Encoder check; an impdef value in a 16-byte EMAD would be silently lost, so it is refused. */
export function checkReceiver(path: string, rcv: MemReceiver, size: EmadSize): EncodeCheck {
  if (rcv.impdef !== undefined && size !== 32) {
    return { field: `${path}.impdef`, message: `${path}.impdef needs 32-byte EMADs (FF-A v1.2+), this layout has ${size}` };
  }
  return firstProblem([
    checkAccessPerm(`${path}.access_perm`, rcv.access),
    rcv.impdef === undefined ? undefined : checkBytes(`${path}.impdef`, rcv.impdef, IMPDEF_SIZE),
  ]);
}
