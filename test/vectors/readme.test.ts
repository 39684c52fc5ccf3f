// vectors/README.md must not go stale: every worked example equals the test it names in the
// committed files, and every suite that has files has a section and at least one example.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCase, loadFile, VECTORS_DIR } from './_load';

const readme = readFileSync(join(VECTORS_DIR, 'README.md'), 'utf8');
const EXAMPLE = /<!-- example: (\S+) (\S+) -->\n```json\n([\s\S]*?)\n```/g;
const examples = [...readme.matchAll(EXAMPLE)].map((m) => ({ file: m[1] ?? '', caseId: m[2] ?? '', json: m[3] ?? '' }));

describe('vectors/README.md', () => {
  it('has worked examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });
  it.each(examples.map((e) => [`${e.file} ${e.caseId}`, e] as const))('example %s equals the committed test', (_, e) => {
    const { test } = findCase(loadFile(e.file), e.caseId);
    expect(JSON.parse(e.json)).toEqual(test);
  });
  it('documents every suite that has files, with an example of it', () => {
    const manifest = loadFile('MANIFEST.json');
    const suites = new Set((manifest.files as { suite: string }[]).map((f) => f.suite).filter((s) => s !== 'schema' && s !== 'manifest'));
    for (const s of suites) {
      expect(readme, s).toContain(`## Suite: ${s}`);
      expect(examples.some((e) => e.file.startsWith(`${s}/`)), s).toBe(true);
    }
  });
});
