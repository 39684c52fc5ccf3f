// Jupyter notebooks (nbformat 4.5) built from a readable Markdown source: prose stays Markdown,
// each ```ts fence becomes a code cell for the tslab kernel. The .ipynb is a pure function of the
// source, so a diff of the source is the review, and CI can prove the committed .ipynb current.

export interface NbCell {
  readonly kind: 'markdown' | 'code';
  readonly source: string;
}

/** The kernelspec the project registers under .jupyter-local (see scripts/notebooks.ts). */
export const KERNEL = Object.freeze({ name: 'tslab', display_name: 'TypeScript (ffa-lab)', language: 'typescript' });

const CODE_FENCE = /^```(ts|typescript)\s*$/;
const ANY_FENCE = /^```/;
/** An explicit cell break inside prose, for a notebook that wants two Markdown cells in a row. */
const BREAK = /^<!--\s*cell\s*-->\s*$/;

export function parseNotebookSource(text: string): NbCell[] {
  const cells: NbCell[] = [];
  let prose: string[] = [];
  let code: string[] | undefined;
  let inProseFence = false;
  const flushProse = (): void => {
    const s = prose.join('\n').trim();
    if (s !== '') cells.push({ kind: 'markdown', source: s });
    prose = [];
  };
  for (const line of text.replace(/\r\n/g, '\n').split('\n')) {
    if (code !== undefined) {
      if (/^```\s*$/.test(line)) {
        cells.push({ kind: 'code', source: code.join('\n').replace(/\s+$/, '') });
        code = undefined;
      } else code.push(line);
    } else if (!inProseFence && CODE_FENCE.test(line)) {
      flushProse();
      code = [];
    } else if (!inProseFence && BREAK.test(line)) {
      flushProse();
    } else {
      if (ANY_FENCE.test(line)) inProseFence = !inProseFence;
      prose.push(line);
    }
  }
  if (code !== undefined) cells.push({ kind: 'code', source: code.join('\n').replace(/\s+$/, '') });
  flushProse();
  return cells;
}

/** Jupyter stores source as lines that keep their newline, except the last. */
function sourceLines(s: string): string[] {
  const lines = s.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

/** Keys sorted the way nbformat writes them, so opening and saving in Jupyter changes nothing. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return v;
}

/** The .ipynb text for `cells`; `stem` (e.g. "02-v0-as-posted") seeds the stable cell ids. */
export function notebookJson(stem: string, cells: readonly NbCell[]): string {
  const prefix = stem.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 40);
  const nb = {
    cells: cells.map((c, i) => {
      const id = `${prefix}-${String(i).padStart(2, '0')}`;
      return c.kind === 'markdown'
        ? { cell_type: 'markdown', id, metadata: {}, source: sourceLines(c.source) }
        : { cell_type: 'code', execution_count: null, id, metadata: {}, outputs: [], source: sourceLines(c.source) };
    }),
    metadata: {
      kernelspec: { ...KERNEL },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
}
