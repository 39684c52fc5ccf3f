// vectors/README.md must not go stale: every worked example equals the test it names in the
// committed files, and every suite that has files has a section and at least one example.
// Mediator and concurrency tests are long (every scenario boots Xen: ~20 SMCs), so the README may
// show an excerpt, marked `(excerpt)`: it must still be a faithful part of the committed test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCase, isJson, loadFile, VECTORS_DIR } from './_load';

const readme = readFileSync(join(VECTORS_DIR, 'README.md'), 'utf8');
const EXAMPLE = /<!-- example: (\S+) (\S+)( \(excerpt\))? -->\n```json\n([\s\S]*?)\n```/g;
const examples = [...readme.matchAll(EXAMPLE)].map((m) => ({ file: m[1] ?? '', caseId: m[2] ?? '', excerpt: m[3] !== undefined, json: m[4] ?? '' }));

/**
 * Whether `part` is an excerpt of `whole`: objects keep a subset of their keys, each an excerpt;
 * lists of objects (steps, SMCs) keep a subsequence, in order, of excerpts; everything else
 * (registers of a frame, byte strings, numbers) must be equal, so no value is ever shortened.
 */
function isExcerpt(part: unknown, whole: unknown): boolean {
  if (Array.isArray(part) && Array.isArray(whole)) {
    if (!part.every(isJson)) return JSON.stringify(part) === JSON.stringify(whole);
    let at = 0;
    for (const p of part) {
      while (at < whole.length && !isExcerpt(p, whole[at])) at++;
      if (at === whole.length) return false;
      at++;
    }
    return true;
  }
  if (isJson(part) && isJson(whole)) return Object.entries(part).every(([k, v]) => k in whole && isExcerpt(v, whole[k]));
  return JSON.stringify(part) === JSON.stringify(whole);
}

describe('vectors/README.md', () => {
  it('has worked examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });
  it.each(examples.map((e) => [`${e.file} ${e.caseId}`, e] as const))('example %s equals (or is an excerpt of) the committed test', (_, e) => {
    const { test } = findCase(loadFile(e.file), e.caseId);
    const shown: unknown = JSON.parse(e.json);
    if (e.excerpt) {
      expect(isExcerpt(shown, test)).toBe(true);
      // An excerpt keeps the identity of the test, so a reader can find it.
      expect(isJson(shown) && shown.tcId === test.tcId && shown.caseId === test.caseId && shown.result === test.result).toBe(true);
    } else expect(shown).toEqual(test);
  });
  it('the excerpt check refuses shortened values and reordered steps', () => {
    const whole = { steps: [{ step: 1, call: ['0x1', '0x2'] }, { step: 2, call: ['0x3'] }] };
    expect(isExcerpt({ steps: [{ step: 2 }] }, whole)).toBe(true);
    expect(isExcerpt({ steps: [{ step: 1, call: ['0x1'] }] }, whole)).toBe(false);
    expect(isExcerpt({ steps: [{ step: 2 }, { step: 1 }] }, whole)).toBe(false);
    expect(isExcerpt({ other: 1 }, whole)).toBe(false);
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
