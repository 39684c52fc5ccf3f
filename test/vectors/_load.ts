// Helpers for the golden-vector tests: read committed files from vectors/ and find tests in them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VECTORS_DIR = join(import.meta.dirname, '..', '..', 'vectors');

export type Json = Record<string, unknown>;

export function isJson(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function loadFile(path: string): Json {
  const v: unknown = JSON.parse(readFileSync(join(VECTORS_DIR, path), 'utf8'));
  if (!isJson(v)) throw new TypeError(`${path} is not a JSON object`);
  return v;
}

export function groupsOf(file: Json): Json[] {
  return Array.isArray(file.testGroups) ? file.testGroups.filter(isJson) : [];
}

export function testsOf(file: Json): Json[] {
  return groupsOf(file).flatMap((g) => (Array.isArray(g.tests) ? g.tests.filter(isJson) : []));
}

/** The test with this caseId, and the parameters of its group. */
export function findCase(file: Json, caseId: string): { test: Json; group: Json } {
  for (const group of groupsOf(file)) {
    const tests = Array.isArray(group.tests) ? group.tests.filter(isJson) : [];
    const test = tests.find((t) => t.caseId === caseId);
    if (test) return { test, group };
  }
  throw new RangeError(`no case ${caseId}`);
}

/** Little-endian hex of an integer of `size` bytes, written the way a fact is stated in the notes. */
export function le(value: number | bigint, size: number): string {
  let v = BigInt(value);
  let s = '';
  for (let i = 0; i < size; i++) {
    s += (v & 0xffn).toString(16).padStart(2, '0');
    v >>= 8n;
  }
  return s;
}

export function str(v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`expected a string, got ${typeof v}`);
  return v;
}
