// Revision profiles as data (xen-ffa-revisions §1.6 table, §6 suggested parameters) and the
// comparison and trace machinery built on them.
import { describe, expect, it } from 'vitest';
import { REVISIONS, REVISION_NAMES, type SwitchName } from '../../src/mediator/revisions/index';
import { compareProfiles, renderComparison } from '../../src/mediator/compare';
import { acceptanceScenario } from '../../src/mediator/scenarios';
import { standardFirmware } from '../../src/mediator/fw-script';
import { createSystem } from '../../src/mediator/system';
import { printkLines } from '../../src/mediator/trace';

describe('profiles', () => {
  it('five profiles, every switch with a documented source', () => {
    expect(REVISION_NAMES).toEqual(['S0', 'v0', 'v1', 'v2', '4.22.0']);
    for (const r of Object.values(REVISIONS)) {
      const names = Object.keys(r.switches).sort();
      expect(Object.keys(r.sources).sort()).toEqual(names);
      for (const n of names) expect(r.sources[n as SwitchName].length).toBeGreaterThan(8);
    }
  });
  // §1.6 table rows and §6 parameters, per profile.
  const want: Record<string, readonly unknown[]> = {
    spmcAcquireAssertUnlocked: [false, true, true, false, false],
    spmcAcquireNullUnlocks: [true, true, false, false, false],
    mapTakesCtxLocks: [false, false, true, true, true],
    rxtxDescHeader: [12, 12, 12, 12, 16],
    unmapChecksOwnership: [false, false, false, false, true],
    mapFailNoMemory: [false, false, false, false, true],
    myVersion: [0x10001, 0x10001, 0x10001, 0x10001, 0x10002],
    partinfo: ['runtime', 'runtime', 'runtime', 'runtime', 'cached'],
  };
  for (const [name, values] of Object.entries(want))
    it(`${name} across S0, v0, v1, v2, 4.22.0`, () => {
      expect(REVISION_NAMES.map((n) => REVISIONS[n].switches[name as SwitchName])).toEqual(values);
    });
  it('only 4.22.0 probes FFA_RX_ACQUIRE (4992308e97)', () => {
    expect(REVISION_NAMES.map((n) => REVISIONS[n].switches.probeList.includes('FFA_RX_ACQUIRE'))).toEqual([false, false, false, false, true]);
  });
});

describe('compareProfiles', () => {
  it('lines the acceptance scenario up: version, partinfo SMCs and the tot_len 5000 share differ, RX_RELEASE #2 does not', () => {
    const c = compareProfiles(acceptanceScenario(), { firmware: (mem) => standardFirmware({ mem }) });
    const by = (label: string) => c.rows.find((r) => r.label === label)!;
    expect(by('FFA_VERSION(1.1)').sameResult).toBe(false);
    expect(by('FFA_PARTITION_INFO_GET(nil)')).toMatchObject({ sameResult: true, sameSmcs: false });
    expect(by('FFA_MEM_SHARE_64 (tot_len 5000)').sameResult).toBe(false);
    expect(by('FFA_RX_RELEASE #2')).toMatchObject({ sameResult: true, sameSmcs: true, sameTx: true });
    expect(renderComparison(c)).toContain('!! #9 FFA_MEM_SHARE_64 (tot_len 5000)');
  });
});

describe('trace', () => {
  it('records guest calls, replies, SMCs with Xen buffer bytes, lock operations and printk', () => {
    const sys = createSystem({ revision: 'v2', firmware: (mem) => standardFirmware({ mem }) });
    sys.run(sys.boot());
    const kinds = new Set(sys.trace.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['lock', 'phase', 'printk', 'smc']);
    expect(printkLines(sys.trace)).toContain('(XEN) INFO: ARM FF-A Firmware version 1.1');
    const get = sys.trace.find((e) => e.kind === 'smc' && e.frameIn[0] === 0x84000068n);
    // The SPMC wrote two 24-byte entries into Xen's RX: the snapshot after the SMC holds them.
    expect(get?.kind === 'smc' && get.rx !== null && get.rx.length > 24).toBe(true);
  });
  it('records nothing with trace off, and the run is otherwise the same', () => {
    const on = createSystem({ revision: 'v2', firmware: (mem) => standardFirmware({ mem }) });
    const off = createSystem({ revision: 'v2', firmware: (mem) => standardFirmware({ mem }), trace: false });
    expect([on.run(on.boot()), off.run(off.boot())]).toEqual([true, true]);
    expect(off.trace).toEqual([]);
    expect(off.stateView()).toBe(on.stateView());
  });
});
