// Boot and domain lifecycle: ffa_probe_fw (xen-ffa-revisions §2.0 probe list, §3 versions),
// ffa_rxtx_spmc_init/destroy (§2.1, §2.2), ffa_partinfo_init (§2.5), framework messages (§2.5).
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { callFrame, errorFrame, frameLabel, x } from '../../src/ffa/frame';
import { RET } from '../../src/ffa/errors';
import { smcEvents, printkLines } from '../../src/mediator/trace';
import { standardFirmware } from '../../src/mediator/fw-script';
import { build, call as runGuestCall, REVS } from './_sys';
import { shareDescriptor } from '../../src/mediator/scenarios';

const featuresProbed = (sys: ReturnType<typeof build>['sys']): number[] =>
  smcEvents(sys.trace)
    .filter((e) => Number(x(e.frameIn, 0)) === FID.FFA_FEATURES)
    .map((e) => Number(x(e.frameIn, 1)));

describe('FFA_VERSION and the FFA_FEATURES probe', () => {
  // §3: 0x10001 before f42bacb20e, 0x10002 from it (RELEASE-4.22.0).
  it.each(REVS.map((r) => [r, r === '4.22.0' ? 0x10002 : 0x10001] as const))('%s offers version 0x%s', (rev, v) => {
    const { sys } = build(rev);
    const first = smcEvents(sys.trace)[0]!;
    expect([Number(x(first.frameIn, 0)), Number(x(first.frameIn, 1))]).toEqual([FID.FFA_VERSION, v]);
  });
  const S0_LIST = [0x84000063, 0x84000064, 0x8400007d, 0x8400007e, 0x84000068, 0xc4000083, 0x84000082, 0x84000065,
    0xc4000066, 0x84000067, 0x84000073, 0xc4000073, 0x84000077, 0x8400006f, 0xc400006f, 0x84000086];
  it('S0 probes the 16 ABIs of §2.0, without FFA_RX_ACQUIRE', () => {
    expect(featuresProbed(build('S0').sys)).toEqual(S0_LIST);
  });
  it.each(['v0', 'v1', 'v2'] as const)('%s adds MSG_SEND_DIRECT_REQ2 and RUN (a9eb6c6269), still no RX_ACQUIRE', (rev) => {
    expect(featuresProbed(build(rev).sys)).toEqual([...S0_LIST, 0xc400008d, 0x8400006d]);
  });
  it('4.22.0 probes RX_ACQUIRE after NOTIFICATION_GET and drops MEM_SHARE_32 (4992308e97)', () => {
    expect(featuresProbed(build('4.22.0').sys)).toEqual([
      0x84000063, 0x84000064, 0x8400007d, 0x8400007e, 0x84000068, 0xc4000083, 0x84000082, 0x84000084, 0x84000065,
      0xc4000066, 0x84000067, 0xc4000073, 0x84000077, 0x8400006f, 0xc400006f, 0x84000086, 0xc400008d, 0x8400006d]);
  });
  it('a firmware answering NOT_SUPPORTED to FFA_VERSION leaves no firmware (no further SMC)', () => {
    for (const rev of REVS) {
      const { sys, booted } = build(rev, { create: false, script: { version: 0xffffffff } });
      // S0..v2 compare a0 with (register_t)-1: 0xffffffff reads as version 32767.65535, refused as incompatible.
      expect(booted).toBe(false);
      expect(smcEvents(sys.trace)).toHaveLength(1);
      expect(printkLines(sys.trace).at(-1)).toBe('(XEN) WARNING: ARM FF-A No firmware support');
    }
  });
  it('an SPMC at FF-A 1.0 is incompatible (FFA_MIN_SPMC_VERSION 1.1)', () => {
    const { booted, sys } = build('v2', { create: false, script: { version: 0x10000 } });
    expect(booted).toBe(false);
    expect(printkLines(sys.trace)).toContain('(XEN) ERR: ffa: Incompatible firmware version 1.0');
  });
});

describe('SPMC RX/TX init and partition list at boot', () => {
  it.each(REVS)('%s maps two xenheap pages with FFA_RXTX_MAP_64(tx, rx, 1), then GET(nil) and RX_RELEASE(0)', (rev) => {
    const { sys, booted } = build(rev, { create: false });
    expect(booted).toBe(true);
    const tail = smcEvents(sys.trace).filter((e) => Number(x(e.frameIn, 0)) !== FID.FFA_FEATURES).slice(1);
    const [map, get, rel] = tail;
    expect(Number(x(map!.frameIn, 0))).toBe(FID.FFA_RXTX_MAP_64);
    // RX is allocated first, then TX (§2.1); w1 = TX, w2 = RX, w3 = 1.
    const tx = Number(x(map!.frameIn, 1));
    const rx = Number(x(map!.frameIn, 2));
    expect([x(map!.frameIn, 3), sys.mem.kindOf(tx), sys.mem.kindOf(rx), rx < tx]).toEqual([1n, 'xenheap', 'xenheap', true]);
    expect([frameLabel(get!.frameIn), frameLabel(rel!.frameIn)]).toEqual(['FFA_PARTITION_INFO_GET()', 'FFA_RX_RELEASE()']);
  });
  it('v0+ take ffa_spmc_rx_lock then ffa_spmc_tx_lock around init; S0 takes no lock', () => {
    const locks = (rev: 'S0' | 'v2') =>
      build(rev, { create: false }).sys.trace.filter((e) => e.kind === 'lock').slice(0, 4).map((e) => (e.kind === 'lock' ? `${e.op} ${e.lock}` : ''));
    expect(locks('v2')).toEqual(['spin_lock ffa_spmc_rx_lock', 'spin_lock ffa_spmc_tx_lock', 'spin_unlock ffa_spmc_tx_lock', 'spin_unlock ffa_spmc_rx_lock']);
    expect(locks('S0')).toEqual([]);
  });
  it('RXTX_MAP refused at boot: pages freed, then FFA_RXTX_UNMAP(0) all the same (B4)', () => {
    for (const rev of REVS) {
      let kinds: (string | undefined)[] = [];
      const { sys, booted } = build(rev, {
        create: false,
        fw: (mem) => {
          const f = standardFirmware({ mem });
          f.on('FFA_RXTX_MAP_64', () => errorFrame(RET.DENIED));
          f.on('FFA_RXTX_UNMAP', () => {
            kinds = [0x8000_0000, 0x8000_1000].map((pa) => mem.kindOf(pa));
            return errorFrame(RET.INVALID_PARAMETERS);
          });
          return f;
        },
      });
      expect(booted).toBe(false);
      expect(frameLabel(smcEvents(sys.trace).at(-1)!.frameIn)).toBe('FFA_RXTX_UNMAP()');
      expect(kinds).toEqual(['free', 'free']);
    }
  });
});

describe('domain creation and teardown', () => {
  it.each(REVS)('%s sends VM_CREATED and VM_DESTROYED to the subscriber 0x8002 with the VM id in w5 (§2.5)', (rev) => {
    const { sys } = build(rev);
    const created = smcEvents(sys.trace).at(-1)!;
    expect(frameLabel(created.frameIn)).toBe('FFA_MSG_SEND_DIRECT_REQ_32(w1=0x8002, w2=0x80000004, w5=0x2)');
    const from = sys.trace.length;
    expect(sys.run(sys.destroyDomain(1))).toBe(true);
    expect(smcEvents(sys.trace.slice(from)).map((e) => frameLabel(e.frameIn))).toEqual([
      'FFA_MSG_SEND_DIRECT_REQ_32(w1=0x8002, w2=0x80000006, w5=0x2)',
    ]);
  });
  it('a wrong framework reply fails creation with -EIO and the SP is not told of the destruction', () => {
    const { sys } = build('v2', {
      create: false,
      fw: (mem) => {
        const f = standardFirmware({ mem });
        f.on('FFA_MSG_SEND_DIRECT_REQ_32', () => callFrame(FID.FFA_SUCCESS_32));
        return f;
      },
    });
    const from = sys.trace.length;
    expect(sys.run(sys.createDomain(1))).toBe(-5);
    expect(smcEvents(sys.trace.slice(from))).toHaveLength(1);
  });
  it('with notifications, creation adds NOTIFICATION_BITMAP_CREATE(vm id, vcpus)', () => {
    const { sys } = build('4.22.0', { script: { notifications: true } });
    expect(frameLabel(smcEvents(sys.trace).at(-1)!.frameIn)).toBe('FFA_NOTIFICATION_BITMAP_CREATE(w1=0x2, w2=0x2)');
  });
  it('teardown: a DENIED reclaim keeps the share for the retry timer; the next try reclaims it', () => {
    let deny = true;
    const { sys } = build('v2', {
      fw: (mem) => {
        const f = standardFirmware({ mem });
        const reclaim = f.handler('FFA_MEM_RECLAIM')!;
        f.on('FFA_MEM_RECLAIM', (fr, c) => (deny ? errorFrame(RET.DENIED) : reclaim(fr, c)));
        return f;
      },
    });
    runGuestCall(sys, FID.FFA_VERSION, 0x10001);
    runGuestCall(sys, FID.FFA_RXTX_MAP_64, 0x4000_0000, 0x4000_1000, 1);
    sys.guestWrite(1, 0x4000_0000, shareDescriptor(2, 0x8001, [[0x4000_3000, 1]]));
    expect(frameLabel(runGuestCall(sys, FID.FFA_MEM_SHARE_64, 96, 96)).startsWith('FFA_SUCCESS_32')).toBe(true);
    expect(sys.run(sys.destroyDomain(1))).toBe(false); // DENIED: "Remaining cleanup, retrying"
    expect(sys.xen.teardownList).toHaveLength(1);
    deny = false;
    expect(sys.run(sys.teardownTimer())).toBe(true);
    expect([sys.xen.teardownList.length, sys.xen.refs.held()]).toEqual([0, []]);
  });
});
