// The bug ledger against the model: every entry that a sequential run can show is probed on all
// five profiles, and must show exactly where xen-ffa-revisions §2.12 says it is present.
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { callFrame, errorFrame, frameLabel, success32, x } from '../../src/ffa/frame';
import { RET } from '../../src/ffa/errors';
import { XenPanic } from '../../src/sim/effects';
import { LEDGER, type BugId } from '../../src/mediator/ledger';
import { standardFirmware } from '../../src/mediator/fw-script';
import { shareDescriptor } from '../../src/mediator/scenarios';
import { smcEvents, snapshotBytes } from '../../src/mediator/trace';
import type { RevisionName } from '../../src/mediator/revisions/index';
import type { System } from '../../src/mediator/system';
import type { PhysMem } from '../../src/sim/memory';
import { build, call, callTraced, hex, ipa, REVS } from './_sys';

/** §2.12 "States" column mapped onto the five profiles (S0, v0, v1, v2 = merged, 4.22.0 = S-fix). */
const REFERENCE: Readonly<Record<BugId, readonly RevisionName[]>> = {
  B1: ['v0', 'v1'], B2: ['v1', 'v2', '4.22.0'], B3: ['S0', 'v0', 'v1', 'v2'], B4: REVS, B5: ['S0', 'v0', 'v1', 'v2'],
  B6: ['S0', 'v0', 'v1', 'v2'], B7: ['S0', 'v0', 'v1', 'v2'], B8: ['S0', 'v0'], B9: ['v1', 'v2', '4.22.0'],
  B10: ['S0', 'v0', 'v1', 'v2'], B11: ['S0', 'v0', 'v1', 'v2'], B12: REVS, B13: ['S0'], B14: ['S0'], B15: ['S0'],
  B16: REVS, B17: REVS, B18: REVS, B19: REVS, B20: ['4.22.0'],
};

function ready(rev: RevisionName, o: Parameters<typeof build>[1] = {}): System {
  const { sys } = build(rev, o);
  call(sys, FID.FFA_VERSION, 0x10001);
  return sys;
}
const mapped = (rev: RevisionName, o: Parameters<typeof build>[1] = {}): System => {
  const sys = ready(rev, o);
  call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1);
  return sys;
};
const withFw = (edit: (f: ReturnType<typeof standardFirmware>) => void) => (mem: PhysMem) => {
  const f = standardFirmware({ mem });
  edit(f);
  return f;
};

/** Does the mechanism of `id` show on `rev`? Each probe is the "shows" column of the ledger. */
const PROBES: Partial<Record<BugId, (rev: RevisionName) => boolean>> = {
  B1: (rev) => {
    const sys = mapped(rev);
    const from = sys.trace.length;
    sys.guestWrite(1, ipa(0), shareDescriptor(2, 0x8001, [[ipa(3), 1]]));
    call(sys, FID.FFA_MEM_SHARE_64, 96, 96);
    const ops = sys.trace.slice(from).flatMap((e) => (e.kind === 'lock' && e.lock.endsWith('tx_lock') && !e.lock.startsWith('d') ? [e.op] : []));
    return ops[0] === 'spin_is_locked' && ops[1] === 'spin_lock';
  },
  B2: (rev) => {
    const sys = ready(rev, { rxa: true });
    sys.run(sys.spmcDestroy());
    try {
      return frameLabel(call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1)) === 'FFA_ERROR(INVALID_PARAMETERS)' && sys.xen.spmcTxLock.holder !== null;
    } catch (e) {
      if (e instanceof XenPanic) return false; // S0 dereferences the NULL ffa_tx instead
      throw e;
    }
  },
  B3: (rev) => {
    const { sys } = build(rev, { create: false, fw: withFw((f) => f.on('FFA_PARTITION_INFO_GET', () => errorFrame(RET.NOT_SUPPORTED))) });
    const labels = smcEvents(sys.trace).map((e) => frameLabel(e.frameIn));
    return labels[labels.indexOf('FFA_PARTITION_INFO_GET()') + 1] === 'FFA_RX_RELEASE()';
  },
  B4: (rev) => {
    let freed = false;
    build(rev, { create: false, fw: withFw((f) => {
      f.on('FFA_RXTX_MAP_64', () => errorFrame(RET.NO_MEMORY));
      f.on('FFA_RXTX_UNMAP', (_fr, c) => ((freed = c.mem?.kindOf(0x8000_0000) === 'free'), success32()));
    }) });
    return freed;
  },
  B5: (rev) => {
    const sys = mapped(rev, { rxa: true });
    const map = smcEvents(sys.trace).find((e) => frameLabel(e.frameIn) === 'FFA_RXTX_MAP_64()')!;
    return hex(snapshotBytes(map.tx, 4, 8)) === '0c0000002c000000';
  },
  B6: (rev) => {
    const sys = ready(rev);
    sys.xen.failGlobalMaps = 1;
    return frameLabel(call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1)) === 'FFA_ERROR(INVALID_PARAMETERS)';
  },
  B7: (rev) => {
    const sys = mapped(rev);
    call(sys, FID.FFA_PARTITION_INFO_GET);
    return frameLabel(call(sys, FID.FFA_RXTX_UNMAP)) === 'FFA_SUCCESS_32()';
  },
  B8: (rev) => {
    const sys = ready(rev);
    const from = sys.trace.length;
    call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1);
    return !sys.trace.slice(from).some((e) => e.kind === 'lock' && e.lock === 'd1.rx_lock');
  },
  B9: (rev) => frameLabel(call(mapped(rev), FID.FFA_MEM_SHARE_64, 5000, 5000)) === 'FFA_SUCCESS_32()',
  B10: (rev) => {
    const { sys } = build(rev, { create: false, script: { featuresRxAcquire: true } });
    return !smcEvents(sys.trace).some((e) => Number(x(e.frameIn, 0)) === FID.FFA_FEATURES && Number(x(e.frameIn, 1)) === FID.FFA_RX_ACQUIRE);
  },
  B11: (rev) =>
    build(rev, { create: false, fw: withFw((f) => {
      const orig = f.handler('FFA_PARTITION_INFO_GET')!;
      f.on('FFA_PARTITION_INFO_GET', (fr, c) => (orig(fr, c), success32(3, 2048)));
    }) }).booted,
  B12: (rev) => !build(rev, { create: false, fw: withFw((f) => f.on('FFA_PARTITION_INFO_GET', () => success32(64, 24))) }).booted,
  B13: (rev) => frameLabel(call(ready(rev), FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 0)) === 'FFA_SUCCESS_32()',
  B14: (rev) => frameLabel(call(ready(rev), FID.FFA_RXTX_MAP_64, ipa(0) + 8, ipa(1), 1)) === 'FFA_SUCCESS_32()',
  B16: (rev) => {
    const sys = mapped(rev, { fw: withFw((f) => f.on('FFA_MEM_SHARE_64', () => callFrame(FID.FFA_MEM_FRAG_RX, 1, 0, 96))) });
    sys.guestWrite(1, ipa(0), shareDescriptor(2, 0x8001, [[ipa(3), 1]]));
    const r = call(sys, FID.FFA_MEM_SHARE_64, 96, 96);
    return r[0] === BigInt(FID.FFA_ERROR) && r[2] === 96n;
  },
  B17: (rev) => {
    const sys = mapped(rev, { rxa: true, fw: withFw((f) => f.on('FFA_RXTX_UNMAP', () => errorFrame(RET.DENIED))) });
    sys.run(sys.destroyDomain(1));
    return sys.xen.refs.held().length === 2;
  },
  B18: (rev) => {
    const r = callTraced(mapped(rev, { rxa: true }), FID.FFA_RX_RELEASE);
    return r.reply === 'FFA_ERROR(DENIED)' && r.smcs.length === 0;
  },
  B19: (rev) => frameLabel(call(ready(rev), FID.FFA_RXTX_MAP_64, ipa(4), ipa(4), 1)) === 'FFA_SUCCESS_32()',
  B20: (rev) => {
    const sys = ready(rev, { rxa: true });
    sys.mem.write(sys.xen.spmcTx! + 12, Uint8Array.of(0xef, 0xbe, 0xad, 0xde), 'test');
    call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1);
    const map = smcEvents(sys.trace).find((e) => frameLabel(e.frameIn) === 'FFA_RXTX_MAP_64()')!;
    return hex(snapshotBytes(map.tx, 12, 4)) === 'efbeadde';
  },
};

describe('ledger data', () => {
  it('has B1..B20 once each, with the profiles of §2.12 and a source for each', () => {
    expect(LEDGER.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => `B${i + 1}`));
    for (const e of LEDGER) {
      expect([e.id, [...e.present]]).toEqual([e.id, [...REFERENCE[e.id]]]);
      expect(e.source.length).toBeGreaterThan(5);
    }
  });
  it('B15 alone is static; B1, B7, B8 are concurrency entries (see concurrency.test.ts)', () => {
    expect(LEDGER.filter((e) => e.kind === 'static').map((e) => e.id)).toEqual(['B15']);
    expect(LEDGER.filter((e) => e.kind === 'concurrency').map((e) => e.id)).toEqual(['B1', 'B7', 'B8']);
  });
});

describe('each sequentially observable entry shows exactly where the ledger says', () => {
  for (const [id, probe] of Object.entries(PROBES) as [BugId, (rev: RevisionName) => boolean][])
    it.each(REVS)(`${id} on %s`, (rev) => {
      expect(probe(rev)).toBe(REFERENCE[id].includes(rev));
    });
});
