// Guest FFA_PARTITION_INFO_GET (xen-ffa-revisions §2.10, §2.4, §2.5; §1.7 a97fe0a4c7, cca899b380,
// 5c85600270; §3 descriptor layouts and VM properties).
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { errorFrame, frameLabel, success32 } from '../../src/ffa/frame';
import { RET } from '../../src/ffa/errors';
import { standardFirmware, SCRIPT_PARTITIONS } from '../../src/mediator/fw-script';
import type { RevisionName } from '../../src/mediator/revisions/index';
import type { PhysMem } from '../../src/sim/memory';
import type { Firmware } from '../../src/mediator/system';
import { build, call, callTraced, hex, ipa, REVS, table } from './_sys';

const PIG = FID.FFA_PARTITION_INFO_GET;
const runtime = (rev: RevisionName): boolean => rev !== '4.22.0';

function mapped(rev: RevisionName, version = 0x10001, fw?: (mem: PhysMem) => Firmware) {
  const { sys } = build(rev, fw ? { fw } : {});
  call(sys, FID.FFA_VERSION, version);
  call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1);
  return sys;
}

/** A firmware that answers the guest-time GET with `reply` (the boot-time GET succeeds). */
function failingGet(reply: ReturnType<typeof errorFrame>) {
  return (mem: PhysMem) => {
    const f = standardFirmware({ mem });
    const boot = f.handler('FFA_PARTITION_INFO_GET')!;
    let n = 0;
    f.on('FFA_PARTITION_INFO_GET', (fr, c) => (n++ === 0 ? boot(fr, c) : reply));
    return f;
  };
}

describe('count-only requests (w5 = 1)', () => {
  for (const rev of REVS) {
    it(`${rev}: ${runtime(rev) ? 'GET(uuid, 1) to the SPMC, w3 = entry size' : 'served from the cache, w3 = 0'}; no RX use`, () => {
      const sys = mapped(rev);
      const r = callTraced(sys, PIG, 0, 0, 0, 0, 1);
      expect(r.smcs).toEqual(runtime(rev) ? ['FFA_PARTITION_INFO_GET(w5=0x1)'] : []);
      expect(r.reply).toBe(`FFA_SUCCESS_32(w2=0x2${runtime(rev) ? ', w3=0x18' : ''})`);
      expect(sys.xen.domains.get(1)!.ctx!.rxIsFree).toBe(true);
    });
    it(`${rev}: flags other than the count flag, or a v1.0 guest, are INVALID_PARAMETERS`, () => {
      expect(frameLabel(call(mapped(rev), PIG, 0, 0, 0, 0, 2))).toBe('FFA_ERROR(INVALID_PARAMETERS)');
      expect(frameLabel(call(mapped(rev, 0x10000), PIG, 0, 0, 0, 0, 1))).toBe('FFA_ERROR(INVALID_PARAMETERS)');
    });
  }
});

describe('full requests', () => {
  for (const rev of REVS) {
    it(`${rev}: 24-byte v1.1 entries written into the guest RX, and the guest owns it until RX_RELEASE`, () => {
      const sys = mapped(rev);
      expect(frameLabel(call(sys, PIG))).toBe('FFA_SUCCESS_32(w2=0x2, w3=0x18)');
      const want = table(48, SCRIPT_PARTITIONS.flatMap((p, i) => [
        [i * 24, 2, p.id], [i * 24 + 2, 2, p.execCount], [i * 24 + 4, 4, p.properties],
        ...p.uuid.map((w, k) => [i * 24 + 8 + 4 * k, 4, w] as const),
      ] as const));
      expect(hex(sys.guestRx(1, 48))).toBe(hex(want));
      expect(frameLabel(call(sys, PIG))).toBe('FFA_ERROR(BUSY)'); // RX still owned (§4)
    });
    it(`${rev}: a v1.0 guest gets 8-byte entries and w3 = ${runtime(rev) ? '8' : '0 (5c85600270)'}`, () => {
      const sys = mapped(rev, 0x10000);
      expect(frameLabel(call(sys, PIG))).toBe(`FFA_SUCCESS_32(w2=0x2${runtime(rev) ? ', w3=0x8' : ''})`);
      const p = SCRIPT_PARTITIONS;
      expect(hex(sys.guestRx(1, 24))).toBe(hex(table(24, [[0, 2, p[0]!.id], [2, 2, 4], [4, 4, p[0]!.properties], [8, 2, p[1]!.id], [10, 2, 4], [12, 4, p[1]!.properties]])));
    });
    it(`${rev}: without RX/TX mapped the answer is DENIED (ffa_rx_acquire)`, () => {
      const { sys } = build(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      expect(callTraced(sys, PIG)).toMatchObject({ reply: 'FFA_ERROR(DENIED)', smcs: [] });
    });
    if (runtime(rev))
      it(`${rev}: an SPMC error on GET ${rev === 'S0' ? 'is returned without RX_RELEASE' : 'is followed by a spurious RX_RELEASE(0) (B3)'}; the guest RX is free again`, () => {
        const sys = mapped(rev, 0x10001, failingGet(errorFrame(RET.BUSY)));
        const r = callTraced(sys, PIG);
        expect(r.reply).toBe('FFA_ERROR(BUSY)');
        expect(r.smcs).toEqual(rev === 'S0' ? ['FFA_PARTITION_INFO_GET()'] : ['FFA_PARTITION_INFO_GET()', 'FFA_RX_RELEASE()']);
        expect(sys.xen.domains.get(1)!.ctx!.rxIsFree).toBe(true);
      });
    if (runtime(rev))
      it(`${rev}: a descriptor size below 8 is NOT_SUPPORTED, after releasing Xen's RX`, () => {
        const sys = mapped(rev, 0x10001, failingGet(success32(1, 4)));
        expect(callTraced(sys, PIG)).toMatchObject({ reply: 'FFA_ERROR(NOT_SUPPORTED)', smcs: ['FFA_PARTITION_INFO_GET()', 'FFA_RX_RELEASE()'] });
      });
  }
  it('4.22.0: a v1.2 guest also gets its own entry (props 0xE | AArch64) after the SPs', () => {
    const sys = mapped('4.22.0', 0x10002);
    expect(frameLabel(call(sys, PIG))).toBe('FFA_SUCCESS_32(w2=0x3, w3=0x18)');
    expect(hex(sys.guestRx(1, 72).subarray(48))).toBe(hex(table(24, [[0, 2, 2], [2, 2, 2], [4, 4, 0x10e]])));
  });
  it('4.22.0: a specific UUID matches one cached entry, its UUID field cleared; an unknown UUID is INVALID', () => {
    const sys = mapped('4.22.0');
    const u = SCRIPT_PARTITIONS[1]!.uuid;
    expect(callTraced(sys, PIG, ...u)).toMatchObject({ reply: 'FFA_SUCCESS_32(w2=0x1, w3=0x18)', smcs: [] });
    expect(hex(sys.guestRx(1, 24))).toBe(hex(table(24, [[0, 2, 0x8002], [2, 2, 4], [4, 4, SCRIPT_PARTITIONS[1]!.properties]])));
    call(sys, FID.FFA_RX_RELEASE);
    expect(frameLabel(call(sys, PIG, 1, 2, 3, 4))).toBe('FFA_ERROR(INVALID_PARAMETERS)');
  });
});
