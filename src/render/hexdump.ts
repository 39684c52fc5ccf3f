// Hex dumps of FF-A descriptor bytes (Arm DEN0077 layouts), annotated with the field tables of
// src/descriptors, and the rendering of a DecodeError with the bytes around its offset.
import type { DecodeError, FieldSpan } from '../descriptors/types';
import { buildRows, noteText, offsetDigits, widthOf, type HexdumpOptions, type Row } from './_hexdump-rows';

export type { ByteRange, HexdumpOptions } from './_hexdump-rows';
export { hexdumpHtml } from './_hexdump-html';

/**
 * `offset  bytes  annotations`, one row per `width` bytes, with a gap after each 8 bytes. A
 * highlighted range gets a line of `^^` under its bytes.
 */
export function hexdump(bytes: Uint8Array, opts: HexdumpOptions = {}): string {
  const width = widthOf(opts);
  const base = opts.base ?? 0;
  const digits = offsetDigits(base, Math.max(bytes.length, (opts.highlight?.offset ?? 0) + 1));
  const lines: string[] = [];
  for (const row of buildRows(bytes, opts)) {
    const label = (base + row.offset).toString(16).padStart(digits, '0');
    const cells = cellTexts(row, width, (c) => (c.byte === undefined ? '  ' : c.byte.toString(16).padStart(2, '0')));
    const notes = row.notes.map(noteText).join(', ');
    lines.push(`${label}  ${cells}${notes === '' ? '' : `  ${notes}`}`.trimEnd());
    if (row.cells.some((c) => c.highlighted)) {
      lines.push(`${' '.repeat(digits)}  ${cellTexts(row, width, (c) => (c.highlighted ? '^^' : '  '))}`.trimEnd());
    }
  }
  return lines.join('\n');
}

/** Cells padded to a full row so that annotations line up, with a gap every 8 bytes. */
function cellTexts(row: Row, width: number, text: (c: Row['cells'][number]) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < width; i++) {
    const cell = row.cells[i];
    if (i > 0) parts.push(i % 8 === 0 ? '  ' : ' ');
    parts.push(cell === undefined ? '  ' : text(cell));
  }
  return parts.join('');
}

export interface DecodeErrorFormatOptions {
  readonly base?: number;
  /** The descriptor's field table: annotates the rows and sizes the highlight to the field. */
  readonly fields?: readonly FieldSpan[];
  /** Rows shown before and after the offending one. Default 2. */
  readonly context?: number;
}

/** The error's rule, field and message, then the rows around its offset with the field marked. */
export function formatDecodeError(bytes: Uint8Array, error: DecodeError, opts: DecodeErrorFormatOptions = {}): string {
  const width = 16;
  const context = opts.context ?? 2;
  const field = opts.fields?.find((f) => f.name === error.field && f.offset === error.offset);
  // A truncated structure is marked from where it starts to where the buffer ends.
  const cut = error.rule === 'truncated' ? Math.min(width, bytes.length - error.offset) : 1;
  const length = field?.size ?? Math.max(1, cut);
  const row = Math.floor(error.offset / width) * width;
  const head = `${error.rule} at offset ${error.offset} (0x${error.offset.toString(16)}) in ${error.field}: ${error.message}`;
  const past = error.offset >= bytes.length ? `\n(the buffer has ${bytes.length} bytes; the field would start past its end)` : '';
  const dump = hexdump(bytes, {
    ...(opts.base === undefined ? {} : { base: opts.base }),
    ...(opts.fields === undefined ? {} : { fields: opts.fields }),
    highlight: { offset: error.offset, length },
    window: { from: row - context * width, to: row + (context + 1) * width },
  });
  return `${head}${past}\n${dump}`;
}
