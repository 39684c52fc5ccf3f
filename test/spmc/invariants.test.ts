// Property tests over random call sequences, for every personality: (1) a refused call changes no
// SPMC state (stateKey() equal before and after, RX bytes included) unless its refusal event says
// what the real firmware changes; (2) every refusal, and only a refusal, names its reason in the
// trace; (3) every RX ownership change is in the trace. The invariant is the rule; the
// vocabulary covers every modelled buffer ABI, from the hypervisor and from an SP.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FID, callFrame, w, type Frame } from '../../src/ffa/index';
import { SpmcPanic, type RxState, type Spmc } from '../../src/spmc/index';
import type { PhysMem } from '../../src/sim/memory';
import { ALL, GUEST, HYP_RX, HYP_TX, SECURE, VM1, VM1_RX, VM1_TX, VM2, VM2_RX, VM2_TX, boot, call, relinquishRequest, retrieveRequest, world, writeRxtxDescriptor } from './_world';

type Op = { readonly caller: number; readonly frame: Frame; readonly before?: (mem: PhysMem) => void };

const SP = 0x8001;
const ids = fc.constantFrom(0, VM1, VM2, SP, 0x7fff);
const addr = fc.constantFrom(HYP_TX, HYP_RX, VM1_RX, VM1_TX, GUEST + 0x10000, GUEST + 0x10800, SECURE, 0);
const uuid = fc.constantFrom<number[]>([0, 0, 0, 0], [0x5c9f0d1a, 0x4b2e11ef, 0x8c3a0242, 0xac120002], [1, 2, 3, 4]);

function shareDesc(sender: number, receiver: number, pa: number): Uint8Array {
  const b = new Uint8Array(96);
  const v = new DataView(b.buffer);
  v.setUint16(0, sender, true);
  v.setUint16(2, 0x2f, true);
  v.setUint32(24, 16, true);
  v.setUint32(28, 1, true);
  v.setUint32(32, 48, true);
  v.setUint16(48, receiver, true);
  v.setUint8(50, 2);
  v.setUint32(52, 64, true);
  v.setUint32(64, 1, true);
  v.setUint32(68, 1, true);
  v.setBigUint64(80, BigInt(pa), true);
  v.setUint32(88, 1, true);
  return b;
}

const handles = fc.constantFrom(0n, 1n, 0xffffffc0n, 1n << 44n);

const memOps: fc.Arbitrary<Op> = fc.oneof(
  handles.map((h) => ({ caller: 0, frame: callFrame(FID.FFA_MEM_FRAG_TX, Number(h & 0xffffffffn), Number(h >> 32n), 16, 0) })),
  handles.map((h) => ({
    caller: SP,
    frame: callFrame(FID.FFA_MEM_RETRIEVE_REQ_64, 64, 64, 0, 0),
    before: (mem: PhysMem) => void mem.write(SECURE, retrieveRequest(h, SP), 'sp', { secure: true }),
  })),
  handles.map((h) => ({
    caller: SP,
    frame: callFrame(FID.FFA_MEM_RELINQUISH),
    before: (mem: PhysMem) => void mem.write(SECURE, relinquishRequest(h, SP), 'sp', { secure: true }),
  })),
  fc.constant({ caller: 0, frame: callFrame(FID.FFA_MEM_SHARE_64, 112, 96, 0, 0), before: (mem: PhysMem) => void mem.write(HYP_TX, shareDesc(VM1, 0x8001, GUEST + 0x12000), 'xen') }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  memOps,
  fc.record({ caller: fc.constantFrom(0, SP), v: fc.constantFrom(0x10000, 0x10001, 0x10002, 0x10004) }).map(({ caller, v }) => ({ caller, frame: callFrame(FID.FFA_VERSION, v) })),
  fc.constantFrom(FID.FFA_RX_ACQUIRE, FID.FFA_RXTX_MAP_32, FID.FFA_MSG_SEND2, 2).map((f) => ({ caller: 0, frame: callFrame(FID.FFA_FEATURES, f) })),
  fc.record({ tx: addr, rx: addr, n: fc.integer({ min: 0, max: 2 }), is32: fc.boolean() }).map(({ tx, rx, n, is32 }) => ({
    caller: 0,
    frame: callFrame(is32 ? FID.FFA_RXTX_MAP_32 : FID.FFA_RXTX_MAP_64, tx, rx, n),
  })),
  fc.constant({ caller: SP, frame: callFrame(FID.FFA_RXTX_MAP_64, SECURE, SECURE + 0x1000, 1) }),
  fc.record({ vm: fc.constantFrom(VM1, VM2, 0), off: fc.constantFrom([16, 48], [12, 44], [16, 16]), second: fc.boolean() }).map(({ vm, off, second }) => ({
    caller: 0,
    frame: callFrame(FID.FFA_RXTX_MAP_64, 0, 0, 0),
    before: (mem: PhysMem) => writeRxtxDescriptor(mem, { vm, rx: second ? VM2_RX : VM1_RX, tx: second ? VM2_TX : VM1_TX, rxOff: off[0], txOff: off[1] }),
  })),
  fc.record({ caller: fc.constantFrom(0, SP), id: ids }).map(({ caller, id }) => ({ caller, frame: callFrame(FID.FFA_RXTX_UNMAP, id << 16) })),
  fc.record({ caller: fc.constantFrom(0, SP), id: ids }).map(({ caller, id }) => ({ caller, frame: callFrame(FID.FFA_RX_RELEASE, id) })),
  fc.record({ caller: fc.constantFrom(0, 0, SP), id: fc.constantFrom(0, VM1, VM2, SP) }).map(({ caller, id }) => ({ caller, frame: callFrame(FID.FFA_RX_ACQUIRE, id) })),
  fc.record({ caller: fc.constantFrom(0, 0, SP), u: uuid, flags: fc.constantFrom(0, 0, 1, 2) }).map(({ caller, u, flags }) => ({
    caller,
    frame: callFrame(FID.FFA_PARTITION_INFO_GET, ...u, flags),
  })),
  fc.record({ sender: fc.constantFrom(VM1, 0x8002), receiver: fc.constantFrom(0x8001, VM2), pa: fc.constantFrom(GUEST + 0x10000, HYP_RX, SECURE) }).map(
    ({ sender, receiver, pa }) => ({
      caller: 0,
      frame: callFrame(FID.FFA_MEM_SHARE_64, 96, 96, 0, 0),
      before: (mem: PhysMem) => void mem.write(HYP_TX, shareDesc(sender, receiver, pa), 'xen'),
    }),
  ),
  fc.constantFrom(0n, 1n, 0xffffffc0n, 1n << 44n).map((h) => ({ caller: 0, frame: callFrame(FID.FFA_MEM_RECLAIM, Number(h & 0xffffffffn), Number(h >> 32n), 0) })),
  fc.record({ to: fc.constantFrom(0x8001, 0x8002, 0x8003, VM1), msg: fc.constantFrom(0, 0x80000004, 0x80000006, 1) }).map(({ to, msg }) => ({
    caller: 0,
    frame: callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, to, msg, 0, 0, VM1),
  })),
);

function rxStates(s: Spmc): (RxState | undefined)[] {
  return [0, VM1, VM2, SP].map((id) => s.rxState(id));
}

function isRefusalReply(f: Frame): boolean {
  return w(f, 0) === FID.FFA_ERROR || w(f, 0) === 0xffffffff;
}

describe.each(ALL)('random call sequences at %s', (p) => {
  it('refusals change nothing (or say what they change), name a reason, and RX changes are traced', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 24 }), (ops) => {
        const { spmc, mem } = world(p);
        boot(spmc);
        call(spmc, 0, FID.FFA_FEATURES, FID.FFA_VERSION);
        for (const o of ops) {
          o.before?.(mem);
          const key = spmc.stateKey();
          const rx = rxStates(spmc);
          const mark = spmc.trace.length;
          let reply: Frame;
          try {
            reply = spmc.smc(o.caller, o.frame);
          } catch (e) {
            if (e instanceof SpmcPanic) return; // the firmware died: nothing more to check
            throw e;
          }
          const events = spmc.trace.slice(mark);
          const refusals = events.filter((e) => e.kind === 'refusal');
          expect(refusals.length).toBe(isRefusalReply(reply) ? 1 : 0);
          const r = refusals[0];
          if (r && r.kind === 'refusal') {
            expect(r.reason.length).toBeGreaterThan(5);
            if (r.mutates === undefined) expect(spmc.stateKey()).toBe(key);
          }
          if (JSON.stringify(rxStates(spmc)) !== JSON.stringify(rx) && r === undefined)
            expect(events.some((e) => e.kind === 'rx')).toBe(true);
        }
      }),
      { numRuns: 120, seed: 0x5eed },
    );
  });
});
