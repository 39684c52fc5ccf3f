// HTML hex dump of FF-A descriptor bytes (Arm DEN0077 layouts) for notebooks: inline styles only,
// each field's bytes tinted alike with its name and value as a tooltip.
import { buildRows, noteText, offsetDigits, widthOf, type HexdumpOptions } from './_hexdump-rows';

const TINTS = Object.freeze(['#e3f2fd', '#f1f8e9', '#fff3e0', '#f3e5f5', '#e0f7fa', '#fbe9e7']);
const MARK = 'background:#ffca28;outline:1px solid #e65100';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function hexdumpHtml(bytes: Uint8Array, opts: HexdumpOptions = {}): string {
  const width = widthOf(opts);
  const base = opts.base ?? 0;
  const fields = opts.fields ?? [];
  const digits = offsetDigits(base, Math.max(bytes.length, (opts.highlight?.offset ?? 0) + 1));
  const lines = buildRows(bytes, opts).map((row) => {
    const label = `<span style="color:#888">${(base + row.offset).toString(16).padStart(digits, '0')}</span>`;
    const cells: string[] = [];
    for (let i = 0; i < width; i++) {
      const c = row.cells[i];
      if (i > 0) cells.push(i % 8 === 0 ? '  ' : ' ');
      if (c === undefined) {
        cells.push('  ');
        continue;
      }
      const text = c.byte === undefined ? '··' : c.byte.toString(16).padStart(2, '0');
      const f = c.field === undefined ? undefined : fields[c.field];
      const tint = f === undefined || c.field === undefined ? '' : `background:${TINTS[c.field % TINTS.length]}`;
      const styles = c.highlighted ? MARK : tint;
      const title = f === undefined ? '' : ` title="${escapeHtml(noteText(f))}"`;
      cells.push(styles === '' && title === '' ? text : `<span style="${styles}"${title}>${text}</span>`);
    }
    const notes = row.notes.length === 0 ? '' : `  <span style="color:#1565c0">${escapeHtml(row.notes.map(noteText).join(', '))}</span>`;
    return `${label}  ${cells.join('')}${notes}`;
  });
  return `<pre style="font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;line-height:1.4;margin:0">${lines.join('\n')}</pre>`;
}
