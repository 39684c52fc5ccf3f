// Row model behind the hex dumps of FF-A descriptors (layouts of Arm DEN0077 as annotated by
// the src/descriptors field tables): which bytes go on which row, and which fields start there.
import type { FieldSpan } from '../descriptors/types';

export interface ByteRange {
  readonly offset: number;
  readonly length?: number;
}

export interface HexdumpOptions {
  /** Address printed for byte 0 (e.g. the physical address of a TX buffer). Default 0. */
  readonly base?: number;
  /** Annotations, usually from fieldsOfEndpointRxtx / fieldsOfMemTransaction / fieldsOfPartInfo. */
  readonly fields?: readonly FieldSpan[];
  /** Bytes per row, default 16. */
  readonly width?: number;
  /** Bytes to mark (e.g. the offending field of a decode error). Length defaults to 1. */
  readonly highlight?: ByteRange;
  /** Only render rows that overlap [from, to) (byte offsets); default all. */
  readonly window?: { readonly from: number; readonly to: number };
}

export interface Cell {
  readonly index: number;
  /** undefined past the end of the buffer (a short last row, or a highlight past the end). */
  readonly byte: number | undefined;
  readonly highlighted: boolean;
  /** Index into the fields list of the field covering this byte, if any. */
  readonly field: number | undefined;
}

export interface Row {
  readonly offset: number;
  readonly cells: readonly Cell[];
  /** Fields that start on this row, in offset order. */
  readonly notes: readonly FieldSpan[];
}

export function widthOf(opts: HexdumpOptions): number {
  const w = opts.width ?? 16;
  return Number.isInteger(w) && w > 0 ? w : 16;
}

export function buildRows(bytes: Uint8Array, opts: HexdumpOptions): Row[] {
  const width = widthOf(opts);
  const fields = opts.fields ?? [];
  const hl = opts.highlight;
  const hlEnd = hl === undefined ? -1 : hl.offset + Math.max(1, hl.length ?? 1);
  // Rows cover the buffer, and also a highlight that points just past its end.
  const span = Math.max(bytes.length, hl === undefined ? 0 : hlEnd);
  const from = opts.window === undefined ? 0 : Math.max(0, Math.floor(opts.window.from / width) * width);
  const to = opts.window === undefined ? span : Math.min(span, opts.window.to);
  if (span === 0) return [{ offset: 0, cells: [], notes: [] }];
  const rows: Row[] = [];
  for (let offset = from; offset < to; offset += width) {
    const cells: Cell[] = [];
    for (let index = offset; index < offset + width && index < span; index++) {
      const field = fields.findIndex((f) => index >= f.offset && index < f.offset + f.size);
      cells.push({
        index,
        byte: index < bytes.length ? bytes[index] : undefined,
        highlighted: hl !== undefined && index >= hl.offset && index < hlEnd,
        field: field < 0 ? undefined : field,
      });
    }
    rows.push({ offset, cells, notes: fields.filter((f) => f.offset >= offset && f.offset < offset + width) });
  }
  return rows;
}

/** Small values in decimal (counts, sizes), large ones in hex (addresses, handles). */
export function formatValue(v: number | bigint | string): string {
  if (typeof v === 'string') return v.length > 32 ? `${v.slice(0, 32)}…` : v;
  const big = BigInt(v);
  return big < 4096n ? big.toString() : `0x${big.toString(16)}`;
}

export function noteText(f: FieldSpan): string {
  return `${f.name}=${formatValue(f.value)}`;
}

export function offsetDigits(base: number, end: number): number {
  return Math.max(4, (base + Math.max(end, 1) - 1).toString(16).length);
}
