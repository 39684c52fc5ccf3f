// Partition information descriptor (Arm DEN0077 FFA_PARTITION_INFO_GET; v1.0 8 bytes, v1.1 24,
// v1.3 ALP2 48; Xen ffa_partinfo.c struct ffa_partition_info_1_0/_1_1). STUB: API first.
import { fail } from './_result';
import type { Decoded, Encoded, FieldSpan, PartInfo, PartInfoSize } from './types';

export function encodePartInfo(_entries: readonly PartInfo[], _size: PartInfoSize): Encoded {
  return { ok: false, error: { field: '', message: 'not implemented yet' } };
}

export function decodePartInfo(_bytes: Uint8Array, _count: number, _size: number): Decoded<PartInfo[]> {
  return fail('bad-value', '', 0, 'not implemented yet');
}

export function fieldsOfPartInfo(_bytes: Uint8Array, _count: number, _size: number): FieldSpan[] {
  return [];
}
