// Header of the memory transaction descriptor (Arm DEN0077 v1.0 Table "Memory transaction
// descriptor" 32 bytes, v1.1+ 48 bytes; "Memory region attributes" encodings).
import type { Reader } from './_reader';
import { fail, ok, type Policy } from './_result';
import type { Decoded } from './types';

type Layout = readonly (readonly [string, number, number])[];

export const MEMTX_HEADER_1_0: Layout = Object.freeze([
  ['sender_id', 0, 2], ['mem_reg_attr', 2, 1], ['reserved0', 3, 1], ['flags', 4, 4], ['handle', 8, 8],
  ['tag', 16, 8], ['reserved1', 24, 4], ['mem_access_count', 28, 4],
] as const);

export const MEMTX_HEADER_1_1: Layout = Object.freeze([
  ['sender_id', 0, 2], ['mem_reg_attr', 2, 2], ['flags', 4, 4], ['handle', 8, 8], ['tag', 16, 8],
  ['mem_access_size', 24, 4], ['mem_access_count', 28, 4], ['mem_access_offs', 32, 4], ['reserved', 36, 12],
] as const);

export interface MemTxHeader {
  readonly sender: number;
  readonly attributes: number;
  readonly flags: number;
  readonly handle: bigint;
  readonly tag: bigint;
  readonly emadSize: number;
  readonly count: number;
  readonly emadOffset: number;
}

/**
 * Reserved bits of the attributes: [7:6] in v1.0 (one byte), [15:7] from v1.1, where bit 6 became
 * the NS bit. Whether NS may be set depends on the ABI (Xen refuses it in MEM_SHARE from
 * edf036fac2), so it is left to the caller.
 */
const ATTR_MBZ_1_0 = 0xc0;
const ATTR_MBZ_1_1 = 0xff80;

/** Read the header (its bytes are known to be in the buffer) and check its own fields. */
export function checkHeader(r: Reader, v10: boolean, policy: Policy): Decoded<MemTxHeader> {
  const sender = r.u16(0, 'sender_id');
  const attributes = v10 ? r.u8(2, 'mem_reg_attr') : r.u16(2, 'mem_reg_attr');
  const flags = r.u32(4, 'flags');
  const handle = r.u64(8, 'handle');
  const tag = r.u64(16, 'tag');
  const word24 = r.u32(24, v10 ? 'reserved1' : 'mem_access_size');
  const count = r.u32(28, 'mem_access_count');
  const mbz = policy.enforces('reserved-nonzero');
  if (v10) {
    const reserved0 = r.u8(3, 'reserved0');
    if (reserved0 !== 0 && mbz) return fail('reserved-nonzero', 'reserved0', 3, `reserved0 is 0x${reserved0.toString(16)}, must be zero`);
    if (word24 !== 0 && mbz) return fail('reserved-nonzero', 'reserved1', 24, `reserved1 is 0x${word24.toString(16)}, must be zero`);
  }
  const emadOffset = v10 ? 32 : r.u32(32, 'mem_access_offs');
  if (!v10 && !r.allZero(36, 12, 'reserved') && mbz) return fail('reserved-nonzero', 'reserved', 36, 'reserved bytes 36..47 must be zero');
  if ((attributes & (v10 ? ATTR_MBZ_1_0 : ATTR_MBZ_1_1)) !== 0 && mbz) {
    return fail('reserved-nonzero', 'mem_reg_attr', 2, `mem_reg_attr 0x${attributes.toString(16)} sets reserved bits`);
  }
  const bad = attributeProblem(attributes);
  if (bad !== undefined && policy.enforces('bad-value')) return fail('bad-value', 'mem_reg_attr', 2, `mem_reg_attr 0x${attributes.toString(16)}: ${bad}`);
  return ok({ sender, attributes, flags, handle, tag, emadSize: v10 ? 16 : word24, count, emadOffset });
}

/**
 * Reserved encodings of the attributes (spmc-implementations §3.3): shareability 0b01; type 0b11;
 * for Normal memory, cacheability 0b00 and 0b10. Type 0 ("not specified", used by LEND/DONATE
 * and retrieve requests) leaves the other bits to the ABI.
 */
export function attributeProblem(attr: number): string | undefined {
  const share = attr & 3;
  const cache = (attr >> 2) & 3;
  const type = (attr >> 4) & 3;
  if (type === 3) return 'memory type 0b11 is reserved';
  if (share === 1) return 'shareability 0b01 is reserved';
  if (type === 2 && (cache === 0 || cache === 2)) return `Normal memory cacheability 0b${cache.toString(2).padStart(2, '0')} is reserved`;
  return undefined;
}
