// Xen's field-by-field stores into its SPMC buffers and its ACCESS_ONCE() loads from guest buffers
// (xen/arch/arm/tee/ffa_rxtx.c, ffa_shm.c, ffa_partinfo.c), little endian, through DataView.
import type { Mapping, PhysMem } from '../sim/memory';

export type FieldValue = number | bigint;
/** [offset, size in bytes (1, 2, 4, 8), value]: one C assignment. */
export type FieldWrite = readonly [number, 1 | 2 | 4 | 8, FieldValue];

function encode(size: 1 | 2 | 4 | 8, v: FieldValue): Uint8Array {
  const b = new Uint8Array(size);
  const dv = new DataView(b.buffer);
  if (size === 8) dv.setBigUint64(0, BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(v)), true);
  else {
    const n = Number(typeof v === 'bigint' ? BigInt.asUintN(32, v) : v >>> 0);
    if (size === 4) dv.setUint32(0, n >>> 0, true);
    else if (size === 2) dv.setUint16(0, n & 0xffff, true);
    else dv.setUint8(0, n & 0xff);
  }
  return b;
}

/** Stores into one of Xen's own pages; bytes not named keep their old (possibly stale) value. */
export function storeFields(mem: PhysMem, pa: number, fields: readonly FieldWrite[]): void {
  for (const [off, size, v] of fields) mem.write(pa + off, encode(size, v), 'xen');
}

/** memset(pa + off, 0, len). */
export function zeroBytes(mem: PhysMem, pa: number, off: number, len: number): void {
  mem.write(pa + off, new Uint8Array(len), 'xen');
}

function view(bytes: Uint8Array | undefined, size: number): DataView {
  // A faulted read (recorded in mem.faults) reads as zeros: the model goes on like a machine
  // that survived the access, and the fault oracle reports it.
  return new DataView((bytes ?? new Uint8Array(size)).buffer);
}

export function loadU8(m: Mapping, off: number): number {
  return view(m.read(off, 1, 'xen'), 1).getUint8(0);
}

export function loadU16(m: Mapping, off: number): number {
  return view(m.read(off, 2, 'xen'), 2).getUint16(0, true);
}

export function loadU32(m: Mapping, off: number): number {
  return view(m.read(off, 4, 'xen'), 4).getUint32(0, true);
}

export function loadU64(m: Mapping, off: number): bigint {
  return view(m.read(off, 8, 'xen'), 8).getBigUint64(0, true);
}

export function u16At(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint16(off, true);
}

export function u32At(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off, true);
}
