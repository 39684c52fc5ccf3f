// ffa_handle_call() dispatch: FFA_VERSION negotiation (xen-ffa-revisions §3 "Guest"), FFA_ID_GET
// (VM id = domid + 1), FFA_FEATURES (ffa.c handle_features at 5a733e438f / RELEASE-4.22.0;
// SGI ids from public/arch-arm.h), direct requests (ffa_msg.c), routing (vsmc.c is_ffa_fid).
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { callFrame, frameLabel } from '../../src/ffa/frame';
import { createSystem, runGuest, type System } from '../../src/mediator/system';
import { standardFirmware } from '../../src/mediator/fw-script';
import type { RevisionName } from '../../src/mediator/revisions/index';
import { call, callTraced, REVS } from './_sys';

function fresh(rev: RevisionName, script: Parameters<typeof standardFirmware>[0] = {}): System {
  const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem, ...script }) });
  sys.run(sys.boot());
  sys.run(sys.createDomain(1));
  return sys;
}
const my = (rev: RevisionName): number => (rev === '4.22.0' ? 0x10002 : 0x10001);

describe('FFA_VERSION and the first other call', () => {
  for (const rev of REVS) {
    it(`${rev}: the reply is always FFA_MY_VERSION in w0, other registers of x1..x7 zero`, () => {
      const sys = fresh(rev);
      for (const asked of [0x10000, 0x10001, 0x10005, 0x20000]) {
        const r = runGuest(sys, 1, callFrame(FID.FFA_VERSION, asked, 5, 6));
        expect(r.slice(0, 8)).toEqual([BigInt(my(rev)), 0n, 0n, 0n, 0n, 0n, 0n, 0n]);
      }
    });
    it(`${rev}: the last FFA_VERSION before another call decides the structures (v1.0 -> 8-byte entries)`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      call(sys, FID.FFA_VERSION, 0x10000);
      call(sys, FID.FFA_RXTX_MAP_64, 0x4000_0000, 0x4000_1000, 1);
      expect(frameLabel(call(sys, FID.FFA_PARTITION_INFO_GET))).toBe(`FFA_SUCCESS_32(w2=0x2${rev === '4.22.0' ? '' : ', w3=0x8'})`);
    });
    it(`${rev}: another major ${rev === 'S0' ? 'is not stored' : 'is recorded as FFA_MY_VERSION (questionable, §3)'}`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x20000);
      call(sys, FID.FFA_ID_GET);
      expect(sys.xen.domains.get(1)!.ctx!.guestVers).toBe(rev === 'S0' ? 0 : my(rev));
    });
    it(`${rev}: FFA_ID_GET answers the VM id domid + 1 in w2`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      expect(frameLabel(call(sys, FID.FFA_ID_GET))).toBe('FFA_SUCCESS_32(w2=0x2)');
    });
  }
  it('4.22.0: replies to a 64-bit v1.2 guest zero x8..x17; earlier profiles leave them as the guest set them', () => {
    for (const rev of ['v2', '4.22.0'] as const) {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10002);
      const f = callFrame(FID.FFA_ID_GET, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x99);
      expect(runGuest(sys, 1, f).slice(8, 10)).toEqual(rev === '4.22.0' ? [0n, 0n] : [0x88n, 0x99n]);
    }
  });
  it('S0 routes FF-A function numbers up to 0x86 only: REQ2 (0x8D) is an unknown SMCCC function', () => {
    const sys = fresh('S0');
    call(sys, FID.FFA_VERSION, 0x10001);
    expect(call(sys, FID.FFA_MSG_SEND_DIRECT_REQ2)[0]).toBe(0xffffffffffffffffn);
  });
});

describe('FFA_FEATURES', () => {
  for (const rev of REVS) {
    const legacy = rev !== '4.22.0';
    const ask = (sys: System, fid: number, w2 = 0): string => frameLabel(call(sys, FID.FFA_FEATURES, fid, w2));
    it(`${rev}: RXTX_MAP 4K granule, MEM_SHARE without dynamic buffers, notification SGIs 8 and 9`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      expect([ask(sys, FID.FFA_RXTX_MAP_64), ask(sys, FID.FFA_MEM_SHARE_64), ask(sys, 1), ask(sys, 2)]).toEqual([
        'FFA_SUCCESS_32()', 'FFA_SUCCESS_32()', 'FFA_SUCCESS_32(w2=0x8)', 'FFA_SUCCESS_32(w2=0x9)',
      ]);
    });
    it(`${rev}: non-zero w2 is ${legacy ? 'NOT_SUPPORTED' : 'ignored'}; RX_ACQUIRE is never offered to guests`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      expect(ask(sys, FID.FFA_ID_GET, 1)).toBe(legacy ? 'FFA_ERROR(NOT_SUPPORTED)' : 'FFA_SUCCESS_32()');
      expect(ask(sys, FID.FFA_RX_ACQUIRE)).toBe('FFA_ERROR(NOT_SUPPORTED)');
    });
  }
  it('4.22.0: a v1.2 guest is told the RXTX_MAP page limit (1 << 16) and that GET_REGS exists', () => {
    const sys = fresh('4.22.0');
    call(sys, FID.FFA_VERSION, 0x10002);
    expect(frameLabel(call(sys, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64))).toBe('FFA_SUCCESS_32(w2=0x10000)');
    expect(frameLabel(call(sys, FID.FFA_FEATURES, FID.FFA_PARTITION_INFO_GET_REGS))).toBe('FFA_SUCCESS_32()');
  });
  it('4.22.0: SEND2 is offered only with firmware SEND2 and RX_ACQUIRE (e70117a53f)', () => {
    const sys = fresh('4.22.0');
    call(sys, FID.FFA_VERSION, 0x10001);
    expect(frameLabel(call(sys, FID.FFA_FEATURES, FID.FFA_MSG_SEND2))).toBe('FFA_ERROR(NOT_SUPPORTED)');
  });
});

describe('MSG_SEND_DIRECT_REQ from a VM to an SP', () => {
  for (const rev of REVS) {
    const run = rev === '4.22.0';
    it(`${rev}: forwarded with the same registers; the SP reply comes back masked to 32 bits`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      const r = callTraced(sys, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x0002_8001, 0, 0x1_0000_0011n, 0x22);
      expect(r.smcs).toEqual(['FFA_MSG_SEND_DIRECT_REQ_32(w1=0x28001, w3=0x11, w4=0x22)']);
      expect(r.reply).toBe('FFA_MSG_SEND_DIRECT_RESP_32(w1=0x80010002, w3=0x11, w4=0x22)');
    });
    it(`${rev}: a wrong sender is INVALID_PARAMETERS, a VM receiver NOT_SUPPORTED, no SMC`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      expect(callTraced(sys, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x0003_8001)).toMatchObject({ reply: 'FFA_ERROR(INVALID_PARAMETERS)', smcs: [] });
      expect(callTraced(sys, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x0002_0003)).toMatchObject({ reply: 'FFA_ERROR(NOT_SUPPORTED)', smcs: [] });
    });
    it(`${rev}: 64-bit request errors carry w2 ${run ? 'as a 32-bit value' : 'sign-extended to 64 bits (register_t in ffa_msg.c)'}`, () => {
      const sys = fresh(rev);
      call(sys, FID.FFA_VERSION, 0x10001);
      expect(call(sys, FID.FFA_MSG_SEND_DIRECT_REQ_64, 0x0003_8001)[2]).toBe(run ? 0xfffffffen : 0xfffffffffffffffen);
    });
    it(`${rev}: an unexpected SP reply becomes ABORTED${run ? '' : ' with src/dst in w1'}`, () => {
      const sys = fresh(rev);
      (sys.firmware as ReturnType<typeof standardFirmware>).on('FFA_MSG_SEND_DIRECT_REQ_32', () => callFrame(FID.FFA_MEM_FRAG_RX));
      call(sys, FID.FFA_VERSION, 0x10001);
      expect(call(sys, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x0002_8001).slice(0, 3)).toEqual([BigInt(FID.FFA_ERROR), run ? 0n : 0x28001n, 0xfffffff8n]);
    });
  }
});
