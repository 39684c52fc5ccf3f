// Standalone codecs for the memory access permissions descriptor (4 bytes) and the endpoint
// memory access descriptor (Arm DEN0077: 16 bytes in v1.0/v1.1, 32 in v1.2+; Xen ffa_shm.c).
import { checkAccessPerm, checkReceiver, readAccessPerm, readEmad, writeAccessPerm, writeEmad, type EmadSize } from './_emad';
import { firstMissing, Reader } from './_reader';
import { checkUint, encoded, fail, policyOf, U32_MAX } from './_result';
import { Writer } from './_writer';
import type { Decoded, DecodeOptions, Encoded, MemAccessPerm, MemReceiver } from './types';

export type { EmadSize } from './_emad';

export interface DecodedEmad extends MemReceiver {
  readonly regionOffset: number;
}

export function encodeMemAccessPerm(a: MemAccessPerm): Encoded {
  const problem = checkAccessPerm('access_perm', a);
  if (problem !== undefined) return { ok: false, error: problem };
  const w = new Writer(new Uint8Array(4));
  writeAccessPerm(w, 0, a);
  return encoded(w.bytes);
}

export function decodeMemAccessPerm(bytes: Uint8Array, opts?: DecodeOptions): Decoded<MemAccessPerm> {
  const r = new Reader(bytes);
  const missing = firstMissing(r, [['endpoint_id', 0, 2], ['perm', 2, 1], ['flags', 3, 1]]);
  if (missing !== undefined) return fail('truncated', missing[0], missing[1], `the 4-byte descriptor ends at ${r.length}`);
  return readAccessPerm(r, 0, 'access_perm', policyOf(opts));
}

/** One EMAD with an explicit composite offset (a transaction encoder computes it instead). */
export function encodeEmad(rcv: MemReceiver, regionOffset: number, size: EmadSize): Encoded {
  const problem = checkReceiver('emad', rcv, size) ?? checkUint('emad.region_offs', regionOffset, U32_MAX);
  if (problem !== undefined) return { ok: false, error: problem };
  const w = new Writer(new Uint8Array(size));
  writeEmad(w, 0, rcv, regionOffset, size);
  return encoded(w.bytes);
}

export function decodeEmad(bytes: Uint8Array, size: EmadSize, opts?: DecodeOptions): Decoded<DecodedEmad> {
  const r = new Reader(bytes);
  if (!r.fits(0, size)) return fail('truncated', 'emad', 0, `a ${size}-byte EMAD does not fit ${r.length} bytes`);
  const got = readEmad(r, 0, 'emad', size, policyOf(opts));
  if (!got.ok) return got;
  return { ok: true, value: { ...got.value.receiver, regionOffset: got.value.regionOffset } };
}
