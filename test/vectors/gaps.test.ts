// Regression tests for the gaps the C and Python consumers found in the format (consumers/
// known-gaps.txt): each checks the rule a consumer relies on, from the spec, over the whole file.
import { describe, expect, it } from 'vitest';
import { groupsOf, isJson, loadFile, type Json } from './_load';

/** Entry sizes FF-A defines for FFA_PARTITION_INFO_GET (DEN0077: 8 for v1.0, 24 for v1.1/v1.2, 48 for v1.3). */
const SPEC_ENTRY_SIZES = new Set([8, 24, 48]);

function testsIn(g: Json): Json[] {
  return Array.isArray(g.tests) ? g.tests.filter(isJson) : [];
}

describe('gap: descriptors/partition-info.json tcId 8 (descriptor size 16)', () => {
  const groups = groupsOf(loadFile('descriptors/partition-info.json')).filter((g) => g.type === 'PartitionInfoDescriptors');
  it('sits in a group whose entrySize is 16, so a consumer decodes it with size 16 and must refuse it', () => {
    const g = groups.find((x) => testsIn(x).some((t) => t.tcId === 8));
    expect(g?.entrySize).toBe(16);
    const t = testsIn(g ?? {}).find((x) => x.tcId === 8);
    expect(t?.caseId).toBe('partinfo/size-16');
    expect(t?.result).toBe('invalid');
    expect(t?.error).toEqual({ rule: 'bad-size', field: 'size', offset: 0 });
  });
  it('every group whose entrySize the spec does not define holds only refusals for that size', () => {
    for (const g of groups) {
      if (SPEC_ENTRY_SIZES.has(Number(g.entrySize))) continue;
      for (const t of testsIn(g)) {
        expect(t.result).toBe('invalid');
        expect(isJson(t.error) && t.error.rule).toBe('bad-size');
      }
    }
  });
  it('a valid test holds exactly entryCount entries of its group\'s entrySize (w2 x w3 bytes)', () => {
    for (const g of groups) {
      for (const t of testsIn(g).filter((x) => x.result === 'valid')) {
        expect(String(t.bytes).length / 2, String(t.caseId)).toBe(Number(t.entryCount) * Number(g.entrySize));
      }
    }
  });
});
