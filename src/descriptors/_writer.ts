// Little-endian field writer for FF-A descriptors (Arm DEN0077). Callers validate widths first
// (see _result.ts checks), so a write that does not fit its buffer is a bug in the caller.

export class WriterBoundsBug extends Error {
  override readonly name = 'WriterBoundsBug';
}

export class Writer {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(off: number, v: number): void {
    this.guard(off, 1);
    this.view.setUint8(off, v);
  }

  u16(off: number, v: number): void {
    this.guard(off, 2);
    this.view.setUint16(off, v, true);
  }

  u32(off: number, v: number): void {
    this.guard(off, 4);
    this.view.setUint32(off, v, true);
  }

  u64(off: number, v: bigint): void {
    this.guard(off, 8);
    this.view.setBigUint64(off, v, true);
  }

  raw(off: number, v: Uint8Array): void {
    this.guard(off, v.length);
    this.bytes.set(v, off);
  }

  zero(off: number, size: number): void {
    this.guard(off, size);
    this.bytes.fill(0, off, off + size);
  }

  private guard(off: number, size: number): void {
    if (off < 0 || off + size > this.bytes.byteLength) {
      throw new WriterBoundsBug(`write at ${off}+${size} outside ${this.bytes.byteLength} bytes`);
    }
  }
}
