// The SPMC vectors cover every ABI the model answers and every refusal it can make (issue 6,
// "spmc" suite): each refusal site in src/spmc with a literal reason must be reached by some
// case on some personality, except the sites listed below with the reason they cannot be.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fidLabel } from '../../src/ffa/ids';
import { MODELLED_FIDS } from '../../src/spmc/index';
import { allSpmcCases, runAllSpmcCases } from '../../src/vectors/suites/spmc';

const SPMC_DIR = join(import.meta.dirname, '..', '..', 'src', 'spmc');

/** Sites no published personality can reach, by a fragment of their reason text. */
const UNREACHABLE: readonly { readonly fragment: string; readonly why: string }[] = [
  { fragment: '(model)', why: 'a path the model does not implement: not a fact about any SPMC, never published' },
  { fragment: '(not modelled)', why: 'OP-TEE\'s SRI answer depends on notification state the model does not keep' },
  { fragment: 'endpoint RX/TX descriptor: ${', why: 'strict descriptor reading: only a spec-strict test personality forwards with it' },
  { fragment: 'a composite without address ranges', why: 'strict descriptor reading, as above' },
  { fragment: 'no receivers', why: 'the descriptor codec refuses a count of 0 first' },
  { fragment: '(cannot happen)', why: 'an SP never reaches OTHER_WORLD_OWNED' },
  { fragment: 'has no RX buffer mapped', why: 'a VM slot exists only while its buffers are mapped (notification bitmaps are not modelled)' },
];

interface Site {
  readonly where: string;
  readonly text: string;
  readonly pattern: RegExp;
}

/** Every refuse(...) / notSupported(...) / panic(...) call whose reason is a string literal. */
function sites(): Site[] {
  const call = /(?:refuse\w*|notSupported|panic)\((?:[^,()]*,\s*)?(`(?:[^`\\]|\\.)*`|'(?:[^'\\]|\\.)*')/g;
  const out: Site[] = [];
  for (const f of readdirSync(SPMC_DIR).filter((n) => n.endsWith('.ts')).sort()) {
    readFileSync(join(SPMC_DIR, f), 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(call)) {
        const text = (m[1] ?? '').slice(1, -1).replace(/\\'/g, "'");
        const parts = text.split(/\$\{(?:[^{}]|\{[^{}]*\})*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        out.push({ where: `${f}:${i + 1}`, text, pattern: new RegExp(`^${parts.join('[\\s\\S]*')}$`) });
      }
    });
  }
  return out;
}

let reasons: string[] = [];
let calledFids = new Set<number>();

beforeAll(() => {
  const runs = runAllSpmcCases();
  const all = new Set<string>();
  for (const byP of runs.values()) {
    for (const r of byP.values()) {
      for (const x of r.refusals) all.add(x.reason);
      if (r.panic !== undefined) all.add(r.panic);
    }
  }
  reasons = [...all];
  calledFids = new Set(allSpmcCases().flatMap((c) => c.steps.flatMap((s) => (s.kind === 'smc' ? [Number((s.frame[0] ?? 0n) & 0xffffffffn)] : []))));
});

describe('SPMC vector coverage', () => {
  it('finds the refusal sites of src/spmc', () => {
    expect(sites().length).toBeGreaterThan(60);
  });
  it('reaches every refusal site but the unreachable ones', () => {
    const missed = sites().filter((s) => !UNREACHABLE.some((u) => s.text.includes(u.fragment)) && !reasons.some((r) => s.pattern.test(r)));
    expect(missed.map((s) => `${s.where}: ${s.text}`)).toEqual([]);
  });
  it('calls every function id the model answers', () => {
    const missing = MODELLED_FIDS.filter((f) => !calledFids.has(f)).map(fidLabel);
    expect(missing).toEqual([]);
  });
});
