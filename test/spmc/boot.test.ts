// Xen's boot sequence against each SPMC, driven from a plain data list (xen-ffa-revisions §2.1,
// §2.5): FFA_VERSION, FFA_FEATURES, FFA_RXTX_MAP_64, FFA_PARTITION_INFO_GET(nil), FFA_RX_RELEASE,
// then the spurious second FFA_RX_RELEASE that must be DENIED (B3; spmc-implementations §1.7
// "RX_RELEASE when already free: DENIED" for every SPMC). Expected frames and RX bytes are
// written out from spmc-implementations §1.3, §1.5, §1.6, §2.3-§2.5 and §3.1.
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame, errorFrame, regs, success32, type Frame } from '../../src/ffa/index';
import { DEFAULT_PARTITIONS, runSteps, runStepsOn, type PersonalityName, type Step } from '../../src/spmc/index';
import { HYP_RX, HYP_TX, u16, u32, world } from './_world';

const steps: Step[] = [
  { caller: 0, frame: callFrame(FID.FFA_VERSION, 0x10002) },
  { caller: 0, frame: callFrame(FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64) },
  { caller: 0, frame: callFrame(FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1) },
  { caller: 0, frame: callFrame(FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0) },
  { caller: 0, frame: callFrame(FID.FFA_RX_RELEASE, 0) },
  { caller: 0, frame: callFrame(FID.FFA_RX_RELEASE, 0) },
];

interface Expected {
  replies: Frame[];
  size: number;
  /** [id, exec count, properties] per descriptor, in partition order. */
  entries: [number, number, number][];
}

// Default partitions (src/spmc/partitions.ts): 0x8001 props 0x103, 0x8002 props 0x1cb, 0x8003 0x10c.
// Hafnium clears direct-request-send (bit 1) for a NWd caller and keeps VM created/destroyed
// (bits 6/7) only for SPs that receive direct requests (§3.1 "as seen by the caller").
const HAFNIUM_ENTRIES: [number, number, number][] = [[0x8001, 4, 0x101], [0x8002, 4, 0x1c9], [0x8003, 1, 0x10c]];
const EXPECTED: Record<PersonalityName, Expected> = {
  'hafnium-v2.14': {
    // FFA_VERSION answers the compiled version 1.3 (§2.5); RXTX_MAP features report the max page
    // count (1) in w2[31:16] to a v1.2 caller (§2.4).
    replies: [callFrame(0x10003), success32(0x10000), success32(), success32(3, 24), success32(), errorFrame(RET.DENIED)],
    size: 24,
    entries: HAFNIUM_ENTRIES,
  },
  'hafnium-v2.15': {
    replies: [callFrame(0x10003), success32(0x10000), success32(), success32(3, 48), success32(), errorFrame(RET.DENIED)],
    size: 48,
    entries: HAFNIUM_ENTRIES,
  },
  'hafnium-head': {
    replies: [callFrame(0x10003), success32(0x10000), success32(), success32(3, 48), success32(), errorFrame(RET.DENIED)],
    size: 48,
    entries: HAFNIUM_ENTRIES,
  },
  'tfa-el3-spmc': {
    // TF-A's SMC_RET1/SMC_RET4 write x0 (x0..x3); the other registers keep what the caller passed.
    replies: [
      regs({ 0: 0x10002, 1: 0x10002 }),
      regs({ 0: FID.FFA_SUCCESS_32, 1: FID.FFA_RXTX_MAP_64 }),
      regs({ 0: FID.FFA_SUCCESS_32, 1: HYP_TX, 2: HYP_RX, 3: 1 }),
      regs({ 0: FID.FFA_SUCCESS_32, 2: 3, 3: 24 }),
      success32(),
      errorFrame(RET.DENIED),
    ],
    size: 24,
    // Execution-context count is the platform core count (4) for every SP; properties unmasked.
    entries: [[0x8001, 4, 0x103], [0x8002, 4, 0x1cb], [0x8003, 4, 0x10c]],
  },
  optee: {
    replies: [callFrame(0x10002), success32(), success32(), success32(3, 24), success32(), errorFrame(RET.DENIED)],
    size: 24,
    entries: [[0x8001, 4, 0x103], [0x8002, 4, 0x1cb], [0x8003, 1, 0x10c]],
  },
};

// UUID words of the default SPs as little-endian bytes (§3.1: w1..w4 stored in order).
const UUID_BYTES: number[][] = [
  [0x48, 0x61, 0x78, 0xe0, 0xe7, 0xf8, 0x11, 0xe3, 0xbc, 0x5e, 0x00, 0x02, 0xa5, 0xd5, 0xc5, 0x1b],
  [0x1a, 0x0d, 0x9f, 0x5c, 0xef, 0x11, 0x2e, 0x4b, 0x42, 0x02, 0x3a, 0x8c, 0x02, 0x00, 0x12, 0xac],
  [0x5d, 0x3c, 0x1b, 0x7a, 0x6f, 0x4e, 0xee, 0x11, 0x42, 0x02, 0x8b, 0x9a, 0x03, 0x00, 0x12, 0xac],
];

describe.each(Object.keys(EXPECTED) as PersonalityName[])('boot from data: %s', (name) => {
  const exp = EXPECTED[name];
  const { mem } = world(name);
  const run = runSteps({ mem, personality: name, partitions: DEFAULT_PARTITIONS }, steps);

  it('answers the documented frames, the second RX_RELEASE DENIED', () => {
    expect(run.panic).toBeUndefined();
    expect(run.replies.map((f) => f.map((r) => r.toString(16)))).toEqual(exp.replies.map((f) => f.map((r) => r.toString(16))));
  });

  it('wrote the partition descriptors into the hypervisor RX', () => {
    const rx = run.buffers.find((b) => b.endpoint === 0 && b.kind === 'rx')!;
    expect(rx.pa).toBe(HYP_RX);
    expect(rx.ownership).toBe('free');
    exp.entries.forEach(([id, ec, props], i) => {
      const at = i * exp.size;
      expect(u16(rx.bytes, at)).toBe(id);
      expect(u16(rx.bytes, at + 2)).toBe(ec);
      expect(u32(rx.bytes, at + 4)).toBe(props);
      expect([...rx.bytes.subarray(at + 8, at + 24)]).toEqual(UUID_BYTES[i]);
      if (exp.size === 48) {
        expect([...rx.bytes.subarray(at + 24, at + 40)]).toEqual(new Array(16).fill(0)); // image UUID: none configured
        expect(u32(rx.bytes, at + 40)).toBe(0x10002); // the SP's own FF-A version
      }
    });
  });

  it('names the reason of the DENIED release in the trace', () => {
    const refusals = run.trace.filter((e) => e.kind === 'refusal');
    expect(refusals.at(-1)).toMatchObject({ kind: 'refusal', abi: 'FFA_RX_RELEASE', code: RET.DENIED });
  });
});

// B3 (xen-ffa-revisions §2.4/§2.5, fixed by a97fe0a4c7): Xen v0..merged releases the SPMC RX even
// when PARTITION_INFO_GET failed. The SPMC never filled the buffer, so the release is refused.
describe('the spurious FFA_RX_RELEASE after a failed PARTITION_INFO_GET (B3)', () => {
  const failing: Step[] = [
    { caller: 0, frame: callFrame(FID.FFA_VERSION, 0x10002) },
    { caller: 0, frame: callFrame(FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1) },
    { caller: 0, frame: callFrame(FID.FFA_PARTITION_INFO_GET, 1, 2, 3, 4, 0) }, // no SP has this UUID
    { caller: 0, frame: callFrame(FID.FFA_RX_RELEASE, 0) },
  ];
  // Unknown UUID: INVALID at Hafnium and TF-A, so the release is DENIED; OP-TEE answers SUCCESS
  // with count 0 and hands the (empty) RX over, so its release succeeds.
  const release: Record<PersonalityName, Frame> = {
    'hafnium-v2.14': errorFrame(RET.DENIED),
    'hafnium-v2.15': errorFrame(RET.DENIED),
    'hafnium-head': errorFrame(RET.DENIED),
    'tfa-el3-spmc': errorFrame(RET.DENIED),
    optee: success32(),
  };
  it.each(Object.keys(release) as PersonalityName[])('%s', (name) => {
    const run = runSteps({ mem: world(name).mem, personality: name, partitions: DEFAULT_PARTITIONS }, failing);
    expect(run.replies[3]).toEqual(release[name]);
  });
  it.each(Object.keys(release) as PersonalityName[])('%s, with the failure injected: always DENIED', (name) => {
    const { spmc, mem } = world(name);
    spmc.inject({ fid: FID.FFA_PARTITION_INFO_GET, reply: { error: 'NOT_SUPPORTED' } });
    const run = runStepsOn(spmc, mem, failing);
    expect(run.replies[2]).toEqual(errorFrame(RET.NOT_SUPPORTED));
    expect(run.replies[3]).toEqual(errorFrame(RET.DENIED));
  });
});
