// Test fixtures for the SPMC model: a small machine (Xen heap, guest RAM, secure memory), frame
// builders, the endpoint RX/TX descriptor written byte by byte from spmc-implementations.md §3.2
// (not with our encoder, so the SPMC's reading of it is checked independently), and the refusal
// helper that checks the "a refused call changes no SPMC state" invariant.
import { expect } from 'vitest';
import { FID, RET, callFrame, w, type Frame, type RegValue } from '../../src/ffa/index';
import { PhysMem } from '../../src/sim/memory';
import { DEFAULT_PARTITIONS, Spmc, type PersonalityName, type SpConfig, type SpmcEvent } from '../../src/spmc/index';

export const HYP_TX = 0x40000000;
export const HYP_RX = 0x40001000;
export const HEAP = 0x40000000; // 16 pages of Xen heap
export const GUEST = 0x80000000; // 32 pages of guest RAM (more on request)
export const SECURE = 0xf0000000; // 16 pages of secure memory
export const VM1 = 2; // domid 1 -> FF-A id 2
export const VM2 = 3;
export const VM1_RX = GUEST;
export const VM1_TX = GUEST + 0x1000;
export const VM2_RX = GUEST + 0x2000;
export const VM2_TX = GUEST + 0x3000;

export const ALL: readonly PersonalityName[] = ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'tfa-el3-spmc', 'optee'];
export const HAFNIUMS: readonly PersonalityName[] = ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head'];

export interface World {
  readonly mem: PhysMem;
  readonly spmc: Spmc;
}

export function world(personality: PersonalityName, partitions: readonly SpConfig[] = DEFAULT_PARTITIONS, guestPages = 32): World {
  const mem = new PhysMem();
  mem.addRegion(HEAP, 16, 'xenheap', 'xen');
  mem.addRegion(GUEST, guestPages, 'guest-ram', 'd1');
  mem.addRegion(SECURE, 16, 'secure', 'sp');
  return { mem, spmc: new Spmc({ mem, personality, partitions }) };
}

export function call(s: Spmc, caller: number, fid: number, ...args: RegValue[]): Frame {
  return s.smc(caller, callFrame(fid, ...args));
}

/** Xen's boot: FFA_VERSION then FFA_RXTX_MAP_64 with the hypervisor's own pair (xen-ffa-revisions §2.1). */
export function boot(s: Spmc, version = 0x10002): void {
  call(s, 0, FID.FFA_VERSION, version);
  expect(w(call(s, 0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1), 0)).toBe(FID.FFA_SUCCESS_32);
}

export function isOk(f: Frame): boolean {
  return w(f, 0) === FID.FFA_SUCCESS_32;
}

export function errCode(f: Frame): number | undefined {
  return w(f, 0) === FID.FFA_ERROR ? w(f, 2) | 0 : undefined;
}

export function lastRefusal(s: Spmc): Extract<SpmcEvent, { kind: 'refusal' }> | undefined {
  for (let i = s.trace.length - 1; i >= 0; i--) {
    const e = s.trace[i]!;
    if (e.kind === 'refusal') return e;
    if (e.kind === 'call') return undefined;
  }
  return undefined;
}

/**
 * The call must be refused with `code`, name a reason in the trace, and leave stateKey() as it
 * was, unless the refusal itself says which state the real firmware changes (`mutates`).
 */
export function expectRefused(s: Spmc, caller: number, frame: Frame, code: number, opts: { mutates?: boolean } = {}): string {
  const before = s.stateKey();
  const reply = s.smc(caller, frame);
  expect(errCode(reply), `reply ${reply.map((r) => r.toString(16)).join(',')}`).toBe(code);
  const r = lastRefusal(s);
  expect(r, 'refusal event').toBeDefined();
  expect(r!.code).toBe(code);
  expect(r!.reason.length).toBeGreaterThan(5);
  if (opts.mutates) expect(r!.mutates, 'refusal says what it changes').toBeTypeOf('string');
  else {
    expect(r!.mutates).toBeUndefined();
    expect(s.stateKey()).toBe(before);
  }
  return r!.reason;
}

export const codes = RET;

/** Endpoint RX/TX descriptor (spmc-implementations §3.2) at HYP_TX, one range per composite. */
export function writeRxtxDescriptor(
  mem: PhysMem,
  d: { vm: number; rx: number | bigint; tx: number | bigint; pages?: number; rxOff?: number; txOff?: number; rxRanges?: number },
): void {
  const buf = new Uint8Array(4096);
  const v = new DataView(buf.buffer);
  const n = d.pages ?? 1;
  const rxOff = d.rxOff ?? 16;
  const txOff = d.txOff ?? 48;
  v.setUint16(0, d.vm, true);
  v.setUint32(4, rxOff, true);
  v.setUint32(8, txOff, true);
  const composite = (off: number, addr: number | bigint, ranges: number): void => {
    if (off + 32 > buf.length) return;
    v.setUint32(off, n, true); // total page count
    v.setUint32(off + 4, ranges, true); // address range count
    v.setBigUint64(off + 16, BigInt(addr), true);
    v.setUint32(off + 24, n, true);
  };
  composite(rxOff, d.rx, d.rxRanges ?? 1);
  composite(txOff, d.tx, 1);
  mem.write(HYP_TX, buf, 'xen');
}

export function u16(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint16(off, true);
}

export function u32(b: Uint8Array, off: number): number {
  return new DataView(b.buffer, b.byteOffset).getUint32(off, true);
}

/**
 * An FFA_MEM_RETRIEVE_REQ from an SP, written out from the spec (DEN0077 memory transaction
 * descriptor v1.1, 48-byte header): sender VM1, attributes 0x2f (normal memory, write-back, inner
 * shareable), the handle, one 16-byte EMAD at offset 48 naming `receiver` with RW access.
 */
export function retrieveRequest(handle: bigint, receiver: number): Uint8Array {
  const b = new Uint8Array(64);
  const v = new DataView(b.buffer);
  v.setUint16(0, VM1, true);
  v.setUint16(2, 0x2f, true);
  v.setBigUint64(8, handle, true);
  v.setUint32(24, 16, true); // mem_access_size
  v.setUint32(28, 1, true); // mem_access_count
  v.setUint32(32, 48, true); // mem_access_offs
  v.setUint16(48, receiver, true);
  v.setUint8(50, 0x02); // data access RW
  return b;
}

/** An FFA_MEM_RELINQUISH descriptor (DEN0077): the handle, flags 0, one endpoint id: `endpoint`. */
export function relinquishRequest(handle: bigint, endpoint: number): Uint8Array {
  const b = new Uint8Array(18);
  const v = new DataView(b.buffer);
  v.setBigUint64(0, handle, true);
  v.setUint32(12, 1, true); // endpoint count
  v.setUint16(16, endpoint, true);
  return b;
}
