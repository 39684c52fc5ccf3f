// Reading the committed mediator vectors (vectors/mediator/<revision>/<area>.json) for fact tests:
// tests by caseId, their steps and SMCs, and the ledger ids their flags name.
import { groupsOf, isJson, loadFile, type Json } from './_load';

export const REVS = ['S0', 'v0', 'v1', 'v2', '4.22.0'] as const;
export type Rev = (typeof REVS)[number];
export const AREAS = ['boot', 'rxtx', 'partinfo', 'mem-share', 'misc'] as const;

/** FF-A function ids (xen-ffa-revisions §3, "Function ids Xen defines"). */
export const FID = {
  ERROR: 0x84000060n, SUCCESS_32: 0x84000061n, VERSION: 0x84000063n, FEATURES: 0x84000064n, RX_RELEASE: 0x84000065n,
  RXTX_MAP_32: 0x84000066n, RXTX_MAP_64: 0xc4000066n, RXTX_UNMAP: 0x84000067n, PARTITION_INFO_GET: 0x84000068n,
  DIRECT_REQ_32: 0x8400006fn, DIRECT_RESP_32: 0x84000070n, MEM_SHARE_32: 0x84000073n, MEM_SHARE_64: 0xc4000073n, RX_ACQUIRE: 0x84000084n,
} as const;

/** FFA_RET_* as the 32-bit w2 on the wire (§3). */
export const RET = { NOT_SUPPORTED: 0xffffffffn, INVALID_PARAMETERS: 0xfffffffen, NO_MEMORY: 0xfffffffdn, BUSY: 0xfffffffcn, DENIED: 0xfffffffan } as const;

export interface Smc {
  readonly call: bigint[];
  readonly reply: bigint[];
  readonly raw: Json;
}

export interface MTest {
  readonly rev: Rev;
  readonly area: string;
  readonly group: Json;
  readonly test: Json;
  readonly caseId: string;
  readonly steps: Json[];
  /** Ledger ids named by the test's KNOWN_BUG flags (from the file's own flag notes). */
  readonly ledgerIds: string[];
}

export const regs = (f: unknown): bigint[] => (Array.isArray(f) ? f.map((r) => BigInt(String(r))) : []);
export const reg = (f: readonly bigint[], i: number): bigint => f[i] ?? 0n;

export function smcsOf(step: Json | undefined): Smc[] {
  const list = step !== undefined && Array.isArray(step.smcs) ? step.smcs.filter(isJson) : [];
  return list.map((raw) => ({ call: regs(raw.call), reply: regs(raw.reply), raw }));
}

const cache = new Map<string, MTest[]>();

export function mediatorTests(rev: Rev): MTest[] {
  const hit = cache.get(rev);
  if (hit) return hit;
  const out: MTest[] = [];
  for (const area of AREAS) {
    const file = loadFile(`mediator/${rev}/${area}.json`);
    const notes = isJson(file.flags) ? file.flags : {};
    for (const group of groupsOf(file)) {
      for (const test of Array.isArray(group.tests) ? group.tests.filter(isJson) : []) {
        const flags = Array.isArray(test.flags) ? test.flags.map(String) : [];
        const ledgerIds = flags.flatMap((f) => {
          const n = notes[f];
          return isJson(n) && n.bugType === 'KNOWN_BUG' && typeof n.ledgerId === 'string' ? [n.ledgerId] : [];
        });
        out.push({ rev, area, group, test, caseId: String(test.caseId), steps: Array.isArray(test.steps) ? test.steps.filter(isJson) : [], ledgerIds });
      }
    }
  }
  cache.set(rev, out);
  return out;
}

export function mcase(rev: Rev, caseId: string): MTest {
  const t = mediatorTests(rev).find((x) => x.caseId === caseId);
  if (!t) throw new RangeError(`no ${caseId} in mediator/${rev}`);
  return t;
}

/** The guest `call` steps with this function id, in order. */
export function guestCalls(t: MTest, fid: bigint): Json[] {
  return t.steps.filter((s) => s.op === 'call' && reg(regs(s.call), 0) === fid);
}

export function allSmcs(t: MTest): Smc[] {
  return t.steps.flatMap((s) => smcsOf(s));
}

export function hex(b: unknown): Uint8Array {
  const s = String(b);
  return Uint8Array.from({ length: s.length / 2 }, (_, i) => parseInt(s.slice(2 * i, 2 * i + 2), 16));
}

export function u32(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(off, true);
}
