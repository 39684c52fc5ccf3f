// Direct requests to SPs (spmc.md "Direct messages and framework messages": VM created 4 / VM
// destroyed 6, answered with 0x80000000 | (msg + 1) and a status in w3; xen-ffa-revisions §2.5),
// Hafnium's refusals (spmc-implementations §2.3, direct_messaging.c), and fault injection.
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame, regs, w, x } from '../../src/ffa/index';
import { ALL, HYP_RX, boot, call, errCode, expectRefused, isOk, world } from './_world';

const VM = 2;

describe.each(ALL)('direct requests: %s', (p) => {
  const ready = (): ReturnType<typeof world> => {
    const wld = world(p);
    boot(wld.spmc);
    return wld;
  };

  it('a partition message to 0x8001 comes back from it with the payload', () => {
    const { spmc } = ready();
    const f = call(spmc, 0, FID.FFA_MSG_SEND_DIRECT_REQ_32, (VM << 16) | 0x8001, 0, 0x11, 0x22, 0x33, 0x44, 0x55);
    expect(w(f, 0)).toBe(FID.FFA_MSG_SEND_DIRECT_RESP_32);
    expect(w(f, 1)).toBe(((0x8001 << 16) | VM) >>> 0);
    expect([3, 4, 5, 6, 7].map((i) => w(f, i))).toEqual([0x11, 0x22, 0x33, 0x44, 0x55]);
  });

  it('the 64-bit form keeps whole registers', () => {
    const { spmc } = ready();
    const f = call(spmc, 0, FID.FFA_MSG_SEND_DIRECT_REQ_64, 0x8001, 0, 0x1122334455667788n);
    expect([w(f, 0), x(f, 3)]).toEqual([FID.FFA_MSG_SEND_DIRECT_RESP_64, 0x1122334455667788n]);
  });

  it('VM created / destroyed to the subscribed SP 0x8002', () => {
    const { spmc } = ready();
    const c = call(spmc, 0, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8002, 0x80000004, 0, 0, VM);
    expect([w(c, 0), w(c, 1), w(c, 2), w(c, 3)]).toEqual([FID.FFA_MSG_SEND_DIRECT_RESP_32, 0x80020000, 0x80000005, 0]);
    const d = call(spmc, 0, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8002, 0x80000006, 0, 0, VM);
    expect([w(d, 2), w(d, 3)]).toEqual([0x80000007, 0]);
  });

  it('refusals: unsubscribed SP, no direct-request receive, unknown SP, w2 != 0, SP sender from the NWd', () => {
    const { spmc } = ready();
    expectRefused(spmc, 0, callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8001, 0x80000004, 0, 0, VM), RET.INVALID_PARAMETERS);
    expectRefused(spmc, 0, callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8003, 0), RET.DENIED);
    expectRefused(spmc, 0, callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8009, 0), RET.INVALID_PARAMETERS);
    expectRefused(spmc, 0, callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8001, 1), RET.INVALID_PARAMETERS);
    expectRefused(spmc, 0, callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, (0x8002 << 16) | 0x8001, 0), RET.INVALID_PARAMETERS);
    expectRefused(spmc, 0, callFrame(FID.FFA_MSG_SEND_DIRECT_REQ_32, VM, 0), RET.INVALID_PARAMETERS);
  });

  it('SP to SP needs direct-request-send at the sender', () => {
    const { spmc } = ready();
    call(spmc, 0x8001, FID.FFA_VERSION, 0x10002);
    call(spmc, 0x8003, FID.FFA_VERSION, 0x10002);
    expect(w(call(spmc, 0x8001, FID.FFA_MSG_SEND_DIRECT_REQ_32, (0x8001 << 16) | 0x8002, 0), 0)).toBe(FID.FFA_MSG_SEND_DIRECT_RESP_32);
    expect(errCode(call(spmc, 0x8003, FID.FFA_MSG_SEND_DIRECT_REQ_32, (0x8003 << 16) | 0x8001, 0))).toBe(RET.DENIED);
  });
});

describe('fault injection', () => {
  it('once: the next matching call answers the error and changes nothing, then the model answers', () => {
    const { spmc } = world('hafnium-head');
    boot(spmc);
    spmc.inject({ fid: FID.FFA_PARTITION_INFO_GET, reply: { error: 'BUSY' } });
    const before = spmc.stateKey();
    expect(errCode(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(RET.BUSY);
    expect(spmc.stateKey()).toBe(before);
    expect(spmc.trace.some((e) => e.kind === 'injected')).toBe(true);
    expect(isOk(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(true);
  });

  it('always, with caller and register filters', () => {
    const { spmc } = world('optee');
    boot(spmc);
    spmc.inject({ fid: FID.FFA_RX_RELEASE, caller: 0, args: { 1: 0 }, reply: { error: RET.ABORTED }, times: 'always' });
    for (let i = 0; i < 3; i++) expect(errCode(call(spmc, 0, FID.FFA_RX_RELEASE, 0))).toBe(RET.ABORTED);
    expect(errCode(call(spmc, 0, FID.FFA_RX_RELEASE, 1))).toBe(RET.DENIED); // w1 differs: the model answers
    spmc.clearInjections();
    expect(errCode(call(spmc, 0, FID.FFA_RX_RELEASE, 0))).toBe(RET.DENIED);
  });

  it('a chosen reply frame twice: an SP answering VM created with RETRY (Xen retries, §2.5)', () => {
    const { spmc } = world('hafnium-head');
    boot(spmc);
    const retry = regs({ 0: FID.FFA_MSG_SEND_DIRECT_RESP_32, 1: 0x80020000, 2: 0x80000005, 3: RET.RETRY });
    spmc.inject({ fid: FID.FFA_MSG_SEND_DIRECT_REQ_32, args: { 1: 0x8002 }, reply: { frame: retry }, times: 2 });
    const ask = (): number => w(call(spmc, 0, FID.FFA_MSG_SEND_DIRECT_REQ_32, 0x8002, 0x80000004, 0, 0, VM), 3) | 0;
    expect([ask(), ask(), ask()]).toEqual([RET.RETRY, RET.RETRY, 0]);
  });

  it("'after': the call runs (the RX is filled) but its reply is lost", () => {
    const { spmc, mem } = world('hafnium-v2.14');
    boot(spmc);
    spmc.inject({ fid: FID.FFA_PARTITION_INFO_GET, reply: { error: 'ABORTED' }, mode: 'after' });
    expect(errCode(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(RET.ABORTED);
    expect(spmc.rxState(0)?.ownership).toBe('full');
    expect(new DataView(mem.peek(HYP_RX, 2).buffer).getUint16(0, true)).toBe(0x8001);
  });
});
