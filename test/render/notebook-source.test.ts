import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { KERNEL, notebookJson, parseNotebookSource } from '../../src/render/notebook-source';

const SRC = [
  '# Title',
  '',
  'Prose with an example that is not code to run:',
  '```c',
  'spin_lock(&ffa_spmc_rx_lock);',
  '```',
  '',
  '```ts',
  "import { FID } from './src/ffa/index';",
  'FID.FFA_RX_RELEASE;',
  '```',
  'Between.',
  '<!-- cell -->',
  'Second prose cell.',
  '```typescript',
  'const a = 1;',
  '',
  '```',
].join('\n');

interface Ipynb {
  nbformat: number;
  nbformat_minor: number;
  metadata: { kernelspec: { name: string } };
  cells: Array<{ cell_type: string; id: string; source: string[]; outputs?: unknown[]; execution_count?: null }>;
}

describe('notebook sources', () => {
  it('turns ts fences into code cells and keeps other fences in the prose', () => {
    const cells = parseNotebookSource(SRC);
    expect(cells.map((c) => c.kind)).toEqual(['markdown', 'code', 'markdown', 'markdown', 'code']);
    expect(cells[0]!.source).toContain('spin_lock(&ffa_spmc_rx_lock);');
    expect(cells[1]!.source).toBe("import { FID } from './src/ffa/index';\nFID.FFA_RX_RELEASE;");
    expect(cells[4]!.source).toBe('const a = 1;');
  });

  it('writes nbformat 4.5 with unique valid cell ids, no outputs, and the tslab kernel', () => {
    const nb = JSON.parse(notebookJson('02-v0-as-posted', parseNotebookSource(SRC))) as Ipynb;
    expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
    expect(nb.metadata.kernelspec.name).toBe(KERNEL.name);
    const ids = nb.cells.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    for (const c of nb.cells.filter((c) => c.cell_type === 'code')) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count).toBeNull();
    }
    expect(nb.cells[1]!.source.join('')).toBe("import { FID } from './src/ffa/index';\nFID.FFA_RX_RELEASE;");
  });

  it('is a pure function of the source', () => {
    expect(notebookJson('x', parseNotebookSource(SRC))).toBe(notebookJson('x', parseNotebookSource(SRC)));
  });
});

describe('committed notebooks', () => {
  // The .ipynb files are generated; a stale one means someone edited one side only.
  const dir = new URL('../../notebooks/', import.meta.url);
  const sources = readdirSync(new URL('src/', dir)).filter((f) => f.endsWith('.md'));
  it.each(sources)('%s matches its .ipynb', (f) => {
    const stem = f.slice(0, -3);
    const want = notebookJson(stem, parseNotebookSource(readFileSync(new URL(`src/${f}`, dir), 'utf8')));
    expect(readFileSync(new URL(`${stem}.ipynb`, dir), 'utf8')).toBe(want);
  });
});
