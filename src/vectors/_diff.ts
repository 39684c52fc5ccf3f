// A small unified-style line diff for check-vectors' mismatch report: the changed region between
// the common prefix and the common suffix, with context. Exact for one local change, which is what
// a hand edit or a generator change usually is; long regions are cut so the report stays readable.

const CONTEXT = 3;
const MAX_LINES = 40;

export function lineDiff(expected: string, actual: string, expectedName: string, actualName: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const from = Math.max(0, pre - CONTEXT);
  const out: string[] = [`--- ${expectedName}`, `+++ ${actualName}`, `@@ -${from + 1} +${from + 1} @@`];
  for (let i = from; i < pre; i++) out.push(` ${a[i]}`);
  const removed = a.slice(pre, a.length - suf);
  const added = b.slice(pre, b.length - suf);
  const cut = (lines: string[], sign: string): string[] => {
    const shown = lines.slice(0, MAX_LINES).map((l) => `${sign}${l.length > 200 ? `${l.slice(0, 200)}...` : l}`);
    if (lines.length > MAX_LINES) shown.push(`${sign}... (${lines.length - MAX_LINES} more lines)`);
    return shown;
  };
  out.push(...cut(removed, '-'), ...cut(added, '+'));
  for (let i = b.length - suf; i < Math.min(b.length, b.length - suf + CONTEXT); i++) out.push(` ${b[i]}`);
  return out.join('\n');
}

/** Where two long lines first differ, shown as two short excerpts (hex strings are one line each). */
export function firstDifference(expected: string, actual: string): string {
  let i = 0;
  while (i < expected.length && i < actual.length && expected[i] === actual[i]) i++;
  const lo = Math.max(0, i - 30);
  return `first difference at character ${i}: expected "...${expected.slice(lo, i + 30)}..." got "...${actual.slice(lo, i + 30)}..."`;
}
