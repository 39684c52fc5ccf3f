// Acceptance scenario of issue 4 on all five profiles, both RX_ACQUIRE settings, against the
// scripted firmware and the SPMC model. Expected values come from xen-ffa-revisions §2.6 (map and
// its descriptor table), §2.7 (MEM_SHARE table, B9), §2.9 (RX release), §2.10 (partition info),
// §2.8 (unmap), §1.7 (cca899b380: no runtime PARTITION_INFO_GET), §3 (ids and constants).
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { frameLabel, x } from '../../src/ffa/frame';
import { acceptanceScenario } from '../../src/mediator/scenarios';
import { runScenario, type ScenarioResult } from '../../src/mediator/scenario';
import { createSystem } from '../../src/mediator/system';
import { standardFirmware } from '../../src/mediator/fw-script';
import { smcEvents } from '../../src/mediator/trace';
import { DEFAULT_PARTITIONS, Spmc } from '../../src/spmc/index';
import type { RevisionName } from '../../src/mediator/revisions/index';
import type { PhysMem } from '../../src/sim/memory';
import { hex, maddr, REVS, table } from './_sys';

/** Step indexes of acceptanceScenario(). */
const S = { map: 3, pig: 4, rel1: 5, rel2: 6, share3: 8, share5000: 9, unmap1: 10, unmap2: 11 } as const;

function smcs(r: ScenarioResult, i: number): string[] {
  return smcEvents(r.steps[i]!.events).map((e) => frameLabel(e.frameIn));
}
function reply(r: ScenarioResult, i: number): string {
  const v = r.steps[i]!.value;
  return Array.isArray(v) ? frameLabel(v as never) : String(v);
}

/** §2.6 table: the forwarded endpoint RX/TX descriptor for VM id 2 (RX = guest page 1, TX = page 0). */
function rxtxDescriptor(fixed: boolean): Uint8Array {
  const [rx, tx] = fixed ? [16, 48] : [12, 44];
  return table(fixed ? 80 : 76, [
    [0, 2, 2], [2, 2, 0], [4, 4, rx], [8, 4, tx],
    [rx, 4, 1], [rx + 4, 4, 1], [rx + 8, 8, 0], [rx + 16, 8, maddr(1)], [rx + 24, 4, 1], [rx + 28, 4, 0],
    [tx, 4, 1], [tx + 4, 4, 1], [tx + 8, 8, 0], [tx + 16, 8, maddr(0)], [tx + 24, 4, 1], [tx + 28, 4, 0],
  ]);
}

/** §2.7 table: 3 pages (guest pages 2, 3 contiguous and 5) shared with SP 0x8001 by VM id 2. */
function shareDescriptor(emad: 16 | 32): Uint8Array {
  const region = 48 + emad;
  return table(region + 48, [
    [0, 2, 2], [2, 2, 0x2f], [4, 4, 0], [8, 8, 0], [16, 8, 0], [24, 4, emad], [28, 4, 1], [32, 4, 48],
    [48, 2, 0x8001], [50, 1, 2], [51, 1, 0], [52, 4, region],
    [region, 4, 3], [region + 4, 4, 2], [region + 8, 8, 0],
    [region + 16, 8, maddr(2)], [region + 24, 4, 2], [region + 28, 4, 0],
    [region + 32, 8, maddr(5)], [region + 40, 4, 1], [region + 44, 4, 0],
  ]);
}

function txAt(r: ScenarioResult, step: number, fid: number, len: number): string {
  const e = smcEvents(r.steps[step]!.events).find((ev) => Number(x(ev.frameIn, 0)) === fid);
  const out = new Uint8Array(len);
  if (e?.tx) out.set(e.tx.subarray(0, Math.min(len, e.tx.length)));
  return hex(out);
}

interface Expect {
  readonly fwRxAcquire: boolean;
  readonly spCount: number;
  /** Firmware version Xen settles on: decides the EMAD size in 4.22.0 (a90376c6ad). */
  readonly fw12: boolean;
}

function check(rev: RevisionName, r: ScenarioResult, e: Expect): void {
  const fwd = e.fwRxAcquire;
  const cached = rev === '4.22.0'; // cca899b380 is in RELEASE-4.22.0
  expect(r.panic).toBeNull();
  // RXTX_MAP: forwarded only with RX_ACQUIRE, as FFA_RXTX_MAP_64 with w1 = w2 = w3 = 0 (§2.6 step 7).
  expect(reply(r, S.map)).toBe('FFA_SUCCESS_32()');
  expect(smcs(r, S.map)).toEqual(fwd ? ['FFA_RXTX_MAP_64()'] : []);
  if (fwd) expect(txAt(r, S.map, FID.FFA_RXTX_MAP_64, 80)).toBe(hex(rxtxDescriptorPadded(rev === '4.22.0')));
  // Full PARTITION_INFO_GET (§2.10): RX_ACQUIRE(vm) first, then GET(nil, 0) and RX_RELEASE(0) unless cached.
  expect(smcs(r, S.pig)).toEqual([
    ...(fwd ? ['FFA_RX_ACQUIRE(w1=0x2)'] : []),
    ...(cached ? [] : ['FFA_PARTITION_INFO_GET()', 'FFA_RX_RELEASE()']),
  ]);
  expect(reply(r, S.pig)).toBe(`FFA_SUCCESS_32(w2=0x${e.spCount.toString(16)}, w3=0x18)`);
  // RX_RELEASE (§2.9): forwarded as FFA_RX_RELEASE(vm id) with RX_ACQUIRE; the second is DENIED with no SMC.
  expect([reply(r, S.rel1), smcs(r, S.rel1)]).toEqual(['FFA_SUCCESS_32()', fwd ? ['FFA_RX_RELEASE(w1=0x2)'] : []]);
  expect([reply(r, S.rel2), smcs(r, S.rel2)]).toEqual(['FFA_ERROR(DENIED)', []]);
  // MEM_SHARE of 3 pages: two address ranges, tot_len = frag_len = 80 + 16 * 2 (96 + 32 with 32-byte EMADs).
  const emad = rev === '4.22.0' && e.fw12 ? 32 : 16;
  const tot = 48 + emad + 16 + 32;
  expect(smcs(r, S.share3)).toEqual([`FFA_MEM_SHARE_64(x1=0x${tot.toString(16)}, x2=0x${tot.toString(16)})`]);
  expect(txAt(r, S.share3, FID.FFA_MEM_SHARE_64, tot)).toBe(hex(shareDescriptor(emad)));
  const shareSmc = smcEvents(r.steps[S.share3]!.events)[0]!;
  const got = r.steps[S.share3]!.value as readonly bigint[];
  // §2.7 step 11: the guest gets the handle the SPMC returned, w2 = low, w3 = high.
  expect(frameLabel(shareSmc.frameOut).startsWith('FFA_SUCCESS_32')).toBe(true);
  expect([x(got, 0), x(got, 2), x(got, 3)]).toEqual([BigInt(FID.FFA_SUCCESS_32), x(shareSmc.frameOut, 2), x(shareSmc.frameOut, 3)]);
  // tot_len 5000 > TX size (§2.7 step 6, B9): DENIED before 3528248b8c, success with handle 0 after; no SMC.
  expect(smcs(r, S.share5000)).toEqual([]);
  expect(reply(r, S.share5000)).toBe(rev === 'S0' || rev === 'v0' ? 'FFA_ERROR(DENIED)' : 'FFA_SUCCESS_32()');
  // RXTX_UNMAP (§2.8): FFA_RXTX_UNMAP(vm id << 16) with RX_ACQUIRE; the second finds page_count 0.
  expect([reply(r, S.unmap1), smcs(r, S.unmap1)]).toEqual(['FFA_SUCCESS_32()', fwd ? ['FFA_RXTX_UNMAP(w1=0x20000)'] : []]);
  expect([reply(r, S.unmap2), smcs(r, S.unmap2)]).toEqual(['FFA_ERROR(INVALID_PARAMETERS)', []]);
}

/** The 80 bytes the SPMC sees: 76 descriptor bytes (12/44) then zeros, or the 16/48 layout. */
function rxtxDescriptorPadded(fixed: boolean): Uint8Array {
  const out = new Uint8Array(80);
  out.set(rxtxDescriptor(fixed));
  return out;
}

describe('acceptance scenario, scripted firmware (Hafnium-like answers, 2 SPs, FF-A 1.1)', () => {
  for (const rev of REVS)
    for (const setting of ['probe', true, false] as const) {
      it(`${rev}, RX_ACQUIRE ${String(setting)}`, () => {
        const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem }), fwRxAcquire: setting });
        const r = runScenario(sys, acceptanceScenario());
        // The script reports neither RX_ACQUIRE nor SEND2, so probing never sets the bit (§2.0).
        check(rev, r, { fwRxAcquire: setting === true, spCount: 2, fw12: false });
      });
    }
  it('4.22.0 probes RX_ACQUIRE and forwards when the firmware reports it (4992308e97)', () => {
    const sys = createSystem({ revision: '4.22.0', firmware: (mem) => standardFirmware({ mem, featuresRxAcquire: true }) });
    check('4.22.0', runScenario(sys, acceptanceScenario()), { fwRxAcquire: true, spCount: 2, fw12: false });
  });
});

describe('acceptance scenario, SPMC model (hafnium-v2.15, FF-A 1.2, default partitions)', () => {
  const fw = (mem: PhysMem) => new Spmc({ mem, personality: 'hafnium-v2.15', partitions: DEFAULT_PARTITIONS });
  for (const rev of REVS) {
    it(`${rev}, RX_ACQUIRE as probed`, () => {
      const sys = createSystem({ revision: rev, firmware: (mem) => fw(mem) });
      // Hafnium v2.15 lists RX_ACQUIRE (7ae7d281): only 4.22.0 asks (B10).
      check(rev, runScenario(sys, acceptanceScenario()), { fwRxAcquire: rev === '4.22.0', spCount: 3, fw12: true });
    });
    it(`${rev}, RX_ACQUIRE forced on`, () => {
      const sys = createSystem({ revision: rev, firmware: (mem) => fw(mem), fwRxAcquire: true });
      const r = runScenario(sys, acceptanceScenario());
      if (rev === '4.22.0') return check(rev, r, { fwRxAcquire: true, spCount: 3, fw12: true });
      // 12/44 offsets are refused by Hafnium >= v2.15 (b9c1912c, spmc-implementations §1.3): the
      // SPMC's error comes back to the guest (§2.6 step 7) and nothing stays mapped.
      expect(txAt(r, S.map, FID.FFA_RXTX_MAP_64, 80)).toBe(hex(rxtxDescriptorPadded(false)));
      expect(reply(r, S.map)).toBe('FFA_ERROR(INVALID_PARAMETERS)');
      expect(sys.xen.refs.held()).toEqual([]);
      expect(reply(r, S.pig)).toBe('FFA_ERROR(DENIED)'); // ffa_rx_acquire: no RX/TX mapped
    });
  }
});

describe('acceptance scenario, SPMC model (hafnium-v2.14)', () => {
  it('forced RX_ACQUIRE: the 12/44 descriptor makes Hafnium v2.14 fault (b9c1912c), the run reports the SPMC panic', () => {
    const sys = createSystem({
      revision: 'v2',
      firmware: (mem) => new Spmc({ mem, personality: 'hafnium-v2.14', partitions: DEFAULT_PARTITIONS }),
      fwRxAcquire: true,
    });
    const r = runScenario(sys, acceptanceScenario());
    expect(r.steps.length).toBe(S.map + 1);
    expect(r.panic?.name).toBe('SpmcPanic');
  });
});
