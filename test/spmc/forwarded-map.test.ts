// Forwarded FFA_RXTX_MAP_64 (x1 = x2 = w3 = 0, endpoint RX/TX descriptor in the hypervisor's TX):
// well-formed, misaligned (Xen's 12/44 before d1b958a92c), truncated and overlapping descriptors,
// and the memory/endpoint refusals. Facts: spmc-implementations.md §1.3 (Hafnium
// api_get_rxtx_description() and api_vm_configure_pages()), §3.2, §4.2 (tftf cases).
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame } from '../../src/ffa/index';
import { Spmc, SpmcPanic, personality, type Personality } from '../../src/spmc/index';
import {
  HAFNIUMS, HYP_RX, HYP_TX, SECURE, VM1, VM1_RX, VM1_TX, VM2, VM2_RX, VM2_TX, boot, call, expectRefused, isOk, lastRefusal, world,
  writeRxtxDescriptor,
} from './_world';
import { DEFAULT_PARTITIONS } from '../../src/spmc/index';

const FWD = callFrame(FID.FFA_RXTX_MAP_64, 0, 0, 0);

function strict(): Personality {
  const p = personality('hafnium-head');
  return { ...p, name: 'spec-strict', map: { ...p.map, forwardedDescriptor: 'strict' } };
}

function strictWorld(): ReturnType<typeof world> {
  const w = world('hafnium-head');
  return { mem: w.mem, spmc: new Spmc({ mem: w.mem, personality: strict(), partitions: DEFAULT_PARTITIONS }) };
}

describe.each(HAFNIUMS)('%s', (p) => {
  it('maps a well-formed descriptor (offsets 16/48) for the VM it names', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
    expect(spmc.mailboxes()).toContainEqual({ endpoint: VM1, tx: VM1_TX, rx: VM1_RX, pages: 1, ownership: 'free' });
    expect(spmc.rxState(VM1)).toEqual({ mapped: true, ownership: 'free' });
  });

  it('refuses before the hypervisor mapped its own buffers (b9705e2b): INVALID_PARAMETERS', () => {
    const { spmc } = world(p);
    call(spmc, 0, FID.FFA_VERSION, 0x10002);
    call(spmc, 0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64);
    expectRefused(spmc, 0, FWD, RET.INVALID_PARAMETERS);
  });

  it('Xen 12/44 offsets: v2.14 dies on the unaligned load, v2.15+ refuse (b9c1912c)', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX, rxOff: 12, txOff: 44 });
    if (p === 'hafnium-v2.14') {
      expect(() => spmc.smc(0, FWD)).toThrow(SpmcPanic);
      expect(spmc.panicked).toMatch(/not 8-byte aligned/);
      expect(() => call(spmc, 0, FID.FFA_VERSION, 0x10002)).toThrow(SpmcPanic); // it stays dead
    } else expect(expectRefused(spmc, 0, FWD, RET.INVALID_PARAMETERS)).toMatch(/8-byte/);
  });

  it('truncated: a composite past the end of the TX page is read out of bounds (obs.): panic', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX, rxOff: 4080, txOff: 48 });
    expect(() => spmc.smc(0, FWD)).toThrow(SpmcPanic);
  });

  it('a composite with no address range: Hafnium reads constituent 0 anyway and maps it', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX, rxRanges: 0 });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
    expect(spmc.trace.some((e) => e.kind === 'note' && /not spec-conformant/.test(e.text))).toBe(true);
  });

  it('overlapping descriptors (both composites at 16) give RX == TX: INVALID_PARAMETERS, slot kept (obs.)', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX, rxOff: 16, txOff: 16 });
    expectRefused(spmc, 0, FWD, RET.INVALID_PARAMETERS, { mutates: true });
    // The VM now has a slot but no buffers: releasing its RX finds it (DENIED, not INVALID).
    expect(spmc.rxState(VM1)).toEqual({ mapped: false, ownership: 'free' });
    expectRefused(spmc, 0, callFrame(FID.FFA_RX_RELEASE, VM1), RET.DENIED);
  });

  it('refuses a page count other than 1 from the descriptor', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX, pages: 2 });
    expectRefused(spmc, 0, FWD, RET.INVALID_PARAMETERS, { mutates: true });
  });

  it('second map for the same VM: DENIED; the same pages for another VM: DENIED (tftf)', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
    expectRefused(spmc, 0, FWD, RET.DENIED);
    writeRxtxDescriptor(mem, { vm: VM2, rx: VM1_RX, tx: VM1_TX });
    expectRefused(spmc, 0, FWD, RET.DENIED, { mutates: true });
    writeRxtxDescriptor(mem, { vm: VM2, rx: VM2_RX, tx: VM2_TX });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
  });

  it("refuses the hypervisor's own pages and secure memory: DENIED", () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: HYP_RX, tx: VM1_TX });
    expect(expectRefused(spmc, 0, FWD, RET.DENIED, { mutates: true })).toMatch(/already mapped/);
    writeRxtxDescriptor(mem, { vm: VM2, rx: SECURE, tx: VM2_TX });
    expect(expectRefused(spmc, 0, FWD, RET.DENIED, { mutates: true })).toMatch(/view of normal-world memory/);
    // VM1 already holds a slot from the first refusal: the same refusal now changes nothing.
    writeRxtxDescriptor(mem, { vm: VM1, rx: SECURE, tx: VM1_TX });
    expectRefused(spmc, 0, FWD, RET.DENIED);
  });

  it('a descriptor naming the hypervisor (id 0) finds it already mapped: DENIED', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: 0, rx: VM1_RX, tx: VM1_TX });
    expectRefused(spmc, 0, FWD, RET.DENIED);
  });

  it('unmap with the VM id in w1[31:16], then the VM is unknown again', () => {
    const { spmc, mem } = world(p);
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
    expect(isOk(call(spmc, 0, FID.FFA_RXTX_UNMAP, VM1 << 16))).toBe(true);
    expect(spmc.rxState(VM1)).toBeUndefined();
    expectRefused(spmc, 0, callFrame(FID.FFA_RX_RELEASE, VM1), RET.INVALID_PARAMETERS);
    expect(isOk(spmc.smc(0, FWD))).toBe(true); // the same pages can be forwarded again
  });
});

describe('a spec-strict SPMC (Hafnium HEAD order, descriptor checked by the codec)', () => {
  it('accepts the well-formed descriptor', () => {
    const { spmc, mem } = strictWorld();
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
  });
  it.each([
    ['misaligned 12/44', { rxOff: 12, txOff: 44 }],
    ['truncated (composite past the page)', { rxOff: 4080 }],
    ['overlapping composites', { rxOff: 16, txOff: 16 }],
    ['no address range', { rxRanges: 0 }],
  ])('refuses %s with INVALID_PARAMETERS naming the codec rule', (_name, shape) => {
    const { spmc, mem } = strictWorld();
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX, ...shape });
    expectRefused(spmc, 0, FWD, RET.INVALID_PARAMETERS);
    expect(lastRefusal(spmc)!.reason).toMatch(/endpoint RX\/TX descriptor/);
  });
});

describe('nwd_vms slots run out (MAX_VMS)', () => {
  it('a VM beyond the last slot is DENIED', () => {
    const p: Personality = { ...personality('hafnium-head'), name: 'one-slot', nwdVmSlots: 1 };
    const { mem } = world('hafnium-head');
    const spmc = new Spmc({ mem, personality: p, partitions: DEFAULT_PARTITIONS });
    boot(spmc);
    writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
    expect(isOk(spmc.smc(0, FWD))).toBe(true);
    writeRxtxDescriptor(mem, { vm: VM2, rx: VM2_RX, tx: VM2_TX });
    expect(expectRefused(spmc, 0, FWD, RET.DENIED)).toMatch(/slot/);
  });
});

describe('only the normal world forwards', () => {
  it('an SP passing 0/0/0 is an ordinary map with 0 pages: INVALID_PARAMETERS', () => {
    const { spmc } = world('hafnium-head');
    call(spmc, 0x8001, FID.FFA_VERSION, 0x10002);
    call(spmc, 0x8001, FID.FFA_ID_GET);
    expectRefused(spmc, 0x8001, FWD, RET.INVALID_PARAMETERS);
  });
  it('HYP_TX stays the hypervisor TX the descriptor was read from', () => {
    const { spmc } = world('hafnium-head');
    boot(spmc);
    expect(spmc.mailboxes()[0]).toEqual({ endpoint: 0, tx: HYP_TX, rx: HYP_RX, pages: 1, ownership: 'free' });
  });
});
