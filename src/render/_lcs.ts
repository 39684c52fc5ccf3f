// Longest-common-subsequence alignment of two sequences (the classic dynamic programme), used to
// line up the SMC sequences of one scenario under two revisions.

export type DiffOp<T> =
  | { readonly op: 'same'; readonly a: T; readonly b: T }
  | { readonly op: 'removed'; readonly a: T }
  | { readonly op: 'added'; readonly b: T };

/**
 * Align `a` and `b`: 'same' rows keep both orders, 'removed' rows exist only in a, 'added' only
 * in b. Ties prefer removals first so a replaced step reads as "old, then new".
 */
export function alignSequences<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean = Object.is): Array<DiffOp<T>> {
  const n = a.length;
  const m = b.length;
  // best[i][j]: LCS length of a[i..] and b[j..]
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = best[i] ?? [];
    const below = best[i + 1] ?? [];
    for (let j = m - 1; j >= 0; j--) {
      const ai = a[i] as T;
      const bj = b[j] as T;
      row[j] = eq(ai, bj) ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: Array<DiffOp<T>> = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const ai = a[i] as T;
    const bj = b[j] as T;
    if (eq(ai, bj)) {
      out.push({ op: 'same', a: ai, b: bj });
      i++;
      j++;
    } else if ((best[i + 1]?.[j] ?? 0) >= (best[i]?.[j + 1] ?? 0)) {
      out.push({ op: 'removed', a: ai });
      i++;
    } else {
      out.push({ op: 'added', b: bj });
      j++;
    }
  }
  for (; i < n; i++) out.push({ op: 'removed', a: a[i] as T });
  for (; j < m; j++) out.push({ op: 'added', b: b[j] as T });
  return out;
}
