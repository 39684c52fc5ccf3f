// Little-endian field reader for FF-A descriptors (Arm DEN0077 "all fields are little endian"),
// recording each field it reads so the same walk can feed the hex-dump annotations.
import type { FieldSpan } from './types';

/** Internal invariant broken: a decoder read a field it had not bounds-checked first. */
export class ReaderBoundsBug extends Error {
  override readonly name = 'ReaderBoundsBug';
}

export class Reader {
  readonly length: number;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, private readonly trace?: FieldSpan[]) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  /** True when [off, off + size) lies inside the buffer. */
  fits(off: number, size: number): boolean {
    return off >= 0 && size >= 0 && off + size <= this.length;
  }

  u8(off: number, name: string): number {
    this.guard(off, 1, name);
    return this.note(off, 1, name, this.view.getUint8(off));
  }

  u16(off: number, name: string): number {
    this.guard(off, 2, name);
    return this.note(off, 2, name, this.view.getUint16(off, true));
  }

  u32(off: number, name: string): number {
    this.guard(off, 4, name);
    return this.note(off, 4, name, this.view.getUint32(off, true));
  }

  u64(off: number, name: string): bigint {
    this.guard(off, 8, name);
    return this.note(off, 8, name, this.view.getBigUint64(off, true));
  }

  /** A copy of n raw bytes (UUIDs, impdef values): callers may keep it after the buffer changes. */
  raw(off: number, size: number, name: string): Uint8Array {
    this.guard(off, size, name);
    const copy = this.bytes.slice(off, off + size);
    this.note(off, size, name, hexOf(copy));
    return copy;
  }

  /** True when every byte of [off, off + size) is zero (reserved fields wider than 8 bytes). */
  allZero(off: number, size: number, name: string): boolean {
    return this.raw(off, size, name).every((b) => b === 0);
  }

  /** Annotate bytes without interpreting them (padding). */
  mark(off: number, size: number, name: string): void {
    if (this.fits(off, size) && size > 0) this.note(off, size, name, hexOf(this.bytes.subarray(off, off + size)));
  }

  private guard(off: number, size: number, name: string): void {
    if (!this.fits(off, size)) throw new ReaderBoundsBug(`read of ${name} at ${off}+${size} outside ${this.length} bytes`);
  }

  private note<V extends number | bigint | string>(offset: number, size: number, name: string, value: V): V {
    this.trace?.push({ offset, size, name, value });
    return value;
  }
}

export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fields in byte order, for the hex dump; a stable sort keeps read order for equal offsets. */
export function sortedFields(trace: readonly FieldSpan[]): FieldSpan[] {
  return [...trace].sort((a, b) => a.offset - b.offset);
}

/** A fixed layout's fields as (name, offset, size): the first one the buffer cannot hold, if any. */
export function firstMissing(r: Reader, fields: readonly (readonly [string, number, number])[]): readonly [string, number, number] | undefined {
  return fields.find(([, off, size]) => !r.fits(off, size));
}
