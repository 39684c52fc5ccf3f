// Reading explorer findings: classify them against a table of known signs (kind + location) and
// lay them out as plain-text tables for the CLI and the notebooks.
import type { StepRecord } from '../sim/scheduler';
import type { Finding, FindingKind } from './types';

/** A known bug as the generic oracles show it: which kinds, at which location. */
export interface FindingSign {
  readonly id: string;
  readonly title: string;
  readonly kinds: readonly FindingKind[];
  readonly where: RegExp;
}

/** The id of the first sign a finding matches, or undefined for an unclassified finding. */
export function classify(f: Finding, signs: readonly FindingSign[]): string | undefined {
  return signs.find((s) => s.kinds.includes(f.kind) && s.where.test(f.where))?.id;
}

export interface Classified {
  readonly id: string | undefined;
  readonly finding: Finding;
}

export function classifyAll(findings: readonly Finding[], signs: readonly FindingSign[]): Classified[] {
  return findings.map((finding) => ({ id: classify(finding, signs), finding }));
}

/** Columns padded to their widest cell; the first row is the header. */
export function textTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = rows.map(line);
  if (out.length > 1) out.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return out;
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

/** One row per finding: ledger id, kind, location, the calls in flight, the schedule string. */
export function findingsTable(items: readonly Classified[], width = 60): string[] {
  const rows = items.map(({ id, finding: f }) => [id ?? '-', f.kind, clip(f.where, width), f.calls.join(' | '), f.schedule === '' ? '(default)' : f.schedule]);
  return textTable([['bug', 'kind', 'where', 'calls', 'schedule'], ...rows]);
}

/** The interleaving as one column per vCPU lane, one line per step: a text sequence diagram. */
export function laneDiagram(steps: readonly StepRecord[], lanes: readonly string[], width = 44): string[] {
  const out = [lanes.map((l) => clip(l, width).padEnd(width)).join(' ').trimEnd()];
  for (const s of steps) {
    const text = s.kind === 'call' ? `>> ${s.label}` : s.kind === 'return' ? `<< ${s.label}` : s.label;
    const cells = lanes.map((_, i) => (i === s.vcpu ? clip(text, width) : '').padEnd(width));
    out.push(`${String(s.step).padStart(4)} ${cells.join(' ').trimEnd()}`);
  }
  return out;
}

/** Per id, the first finding that shows it (the simplest schedule comes first from explore()). */
export function firstById(items: readonly Classified[]): Map<string, Finding> {
  const out = new Map<string, Finding>();
  for (const { id, finding } of items) if (id !== undefined && !out.has(id)) out.set(id, finding);
  return out;
}
