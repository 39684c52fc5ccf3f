// Memory transaction descriptor (Arm DEN0077 v1.0 Table 5.19 / v1.1+ "Memory transaction
// descriptor"; Xen ffa_shm.c struct ffa_mem_transaction_1_0/_1_1). STUB: API first.
import type { FfaVersion } from '../ffa/version';
import { fail } from './_result';
import type { DecodeOptions, Decoded, DecodedMemTransaction, Encoded, FieldSpan, MemTransaction } from './types';

export interface MemTxEncodeOptions {
  readonly version: FfaVersion;
  /** v1.2+ only: write 16-byte EMADs anyway (as a v1.1 sender would). Default 32 for v1.2+. */
  readonly emadSize?: 16 | 32;
}

export interface MemTxDecodeOptions extends DecodeOptions {
  readonly version: FfaVersion;
}

export function encodeMemTransaction(_d: MemTransaction, _opts: MemTxEncodeOptions): Encoded {
  return { ok: false, error: { field: '', message: 'not implemented yet' } };
}

export function decodeMemTransaction(_bytes: Uint8Array, _opts: MemTxDecodeOptions): Decoded<DecodedMemTransaction> {
  return fail('bad-value', '', 0, 'not implemented yet');
}

export function fieldsOfMemTransaction(_bytes: Uint8Array, _opts: MemTxDecodeOptions): FieldSpan[] {
  return [];
}
