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

/** SMCCC: bit 30 of the function id set = SMC64 convention; clear = SMC32. FF-A ids are 0x84.../0xC4.... */
function isSmc32FfaId(x0: bigint): boolean {
  return x0 >> 32n === 0n && (x0 & 0xff000000n) === 0x84000000n;
}

const regs = (f: unknown): bigint[] => (Array.isArray(f) ? f.map((r) => BigInt(String(r))) : []);
const upperNonZero = (f: bigint[]): number[] => f.slice(1, 8).flatMap((r, i) => (r >> 32n !== 0n ? [i + 1] : []));

const PERSONALITIES = ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'tfa-el3-spmc', 'optee'];
/**
 * Only TF-A's EL3 SPMC returns through SMC_RET1..SMC_RET3, which write x0..x2 and leave the rest of
 * the caller's saved context in place (TF-A include/lib/smccc_helpers.h; Hafnium and OP-TEE build
 * the whole reply, and DEN0077 makes unused result registers MBZ).
 */
const ECHOES = new Set(['tfa-el3-spmc']);

describe('gap: SMC32 replies that carry the caller\'s 64-bit registers (spmc/tfa-el3-spmc.json tcId 110)', () => {
  it.each(PERSONALITIES)('%s: every group says whether replies echo the caller\'s registers, true only for TF-A', (p) => {
    for (const g of groupsOf(loadFile(`spmc/${p}.json`))) expect(g.repliesEchoCallerRegs).toBe(ECHOES.has(p));
  });
  it.each(PERSONALITIES)('%s: SMC32 calls have zero upper halves; an SMC32 reply\'s nonzero upper half is an echo of the caller, allowed only where the group says so', (p) => {
    let echoes = 0;
    for (const g of groupsOf(loadFile(`spmc/${p}.json`))) {
      for (const t of testsIn(g)) {
        for (const s of Array.isArray(t.steps) ? t.steps.filter(isJson) : []) {
          if (s.kind !== 'smc') continue;
          const call = regs(s.call);
          if (isSmc32FfaId(call[0] ?? 0n)) expect(upperNonZero(call), `${String(t.caseId)} step ${String(s.step)} call`).toEqual([]);
          const reply = regs(s.reply);
          if (!isSmc32FfaId(reply[0] ?? 0n)) continue;
          for (const i of upperNonZero(reply)) {
            expect(g.repliesEchoCallerRegs, `${String(t.caseId)} step ${String(s.step)} x${i}`).toBe(true);
            expect(reply[i], `${String(t.caseId)} step ${String(s.step)} x${i} is the caller's`).toBe(call[i] ?? 0n);
            echoes++;
          }
        }
      }
    }
    // TF-A's RXTX_MAP_64 reply is SMC_RET1(FFA_SUCCESS_32): the 64-bit buffer addresses come back.
    if (p === 'tfa-el3-spmc') expect(echoes).toBeGreaterThan(0);
  });
  it('tcId 110 of TF-A: FFA_SUCCESS_32 whose x1/x2 are the caller\'s TX/RX addresses', () => {
    const t = groupsOf(loadFile('spmc/tfa-el3-spmc.json')).flatMap(testsIn).find((x) => x.tcId === 110);
    const steps = t !== undefined && Array.isArray(t.steps) ? t.steps.filter(isJson) : [];
    const map = steps.find((s) => regs(s.call)[0] === 0xc4000066n);
    expect(map).toBeDefined();
    const call = regs(map?.call);
    const reply = regs(map?.reply);
    expect(reply[0]).toBe(0x84000061n);
    expect(reply.slice(1, 3)).toEqual(call.slice(1, 3));
  });
});

describe('Encodings: SMC32 frames outside the spmc suite (vectors/README.md)', () => {
  /** Every frame under `key` in a JSON tree, with its path. */
  function frames(node: unknown, key: string, path: string, out: [string, bigint[]][]): [string, bigint[]][] {
    if (Array.isArray(node)) node.forEach((n, i) => frames(n, key, `${path}[${i}]`, out));
    else if (isJson(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === key && Array.isArray(v) && v.every((r) => typeof r === 'string')) out.push([`${path}.${k}`, regs(v)]);
        else frames(v, key, `${path}.${k}`, out);
      }
    }
    return out;
  }
  const files = ['S0', 'v0', 'v1', 'v2', '4.22.0'].flatMap((r) => [...['boot', 'rxtx', 'partinfo', 'mem-share', 'misc'].map((a) => `mediator/${r}/${a}.json`), `concurrency/${r}.json`]);
  it.each(files)('%s: SMC32 replies and the SMCs Xen makes have zero upper halves in x1..x7', (f) => {
    const file = loadFile(f);
    for (const [where, fr] of frames(file.testGroups, 'reply', '', [])) if (isSmc32FfaId(fr[0] ?? 0n)) expect(upperNonZero(fr), where).toEqual([]);
    // Calls Xen makes to the SPMC sit under `smcs` (or a group's `setupSmcs`); guest calls may set upper halves on purpose.
    const xenCalls = frames(file.testGroups, 'call', '', []).filter(([p]) => /(smcs|setupSmcs)\[/i.test(p));
    expect(xenCalls.length).toBeGreaterThan(0);
    for (const [where, fr] of xenCalls) if (isSmc32FfaId(fr[0] ?? 0n)) expect(upperNonZero(fr), where).toEqual([]);
  });
});
