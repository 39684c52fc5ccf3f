// The vocabulary of the SPMC vectors (Arm DEN0077 register ABI, as spmc.md and
// spmc-implementations.md §1-2 describe it): steps a normal-world or SP caller performs, the memory
// map and partitions every case shares, and the prefixes most cases start with.
import { encodeEndpointRxtx, writeEndpointRxtx, type EndpointRxtxDescriptor, type RxtxLayout } from '../../descriptors/index';
import { callFrame, type Frame, type RegValue } from '../../ffa/frame';
import { FID } from '../../ffa/ids';
import { V1_2 } from '../../ffa/version';
import { DEFAULT_PARTITIONS, type SpConfig } from '../../spmc/index';
import type { PersonalityName } from '../../spmc/index';
import { VectorGenerationError } from '../errors';

/** A register whose value is taken from an earlier reply (a memory handle): step numbers are 1-based. */
export interface RegRef {
  readonly fromStep: number;
  readonly fromReg: number;
}

export type StepSpec =
  | { readonly kind: 'smc'; readonly caller: number; readonly frame: Frame; readonly refs?: Readonly<Record<number, RegRef>> }
  /** `by`: 0 for the normal world, an SP id for an SP writing its own (secure) memory. */
  | { readonly kind: 'write'; readonly by: number; readonly pa: number; readonly bytes: Uint8Array; readonly refs?: readonly MemRef[] };

/** Bytes of a write that carry an earlier reply's register (little endian, its low `size` bytes): a handle in a descriptor. */
export interface MemRef {
  readonly offset: number;
  readonly size: 4 | 8;
  readonly fromStep: number;
  readonly fromReg: number;
}

export interface SpmcCase {
  readonly id: string;
  readonly comment: string;
  /** Flags of the case in every personality's file, or per personality. */
  readonly flags?: readonly string[] | ((p: PersonalityName) => readonly string[]);
  /** The partition set (default: three SPs). */
  readonly setup?: SetupName;
  readonly steps: readonly StepSpec[];
}

export type SetupName = 'default' | 'many' | 'none';

export const PERSONALITIES: readonly PersonalityName[] = Object.freeze(['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'tfa-el3-spmc', 'optee'] as const);

/** Memory map of every case: the hypervisor's heap, guest RAM, secure memory (spmc-implementations §1.3). */
export const HEAP = 0x40000000;
export const HEAP_PAGES = 16;
export const GUEST = 0x80000000;
export const GUEST_PAGES = 256;
export const SECURE = 0xf0000000;
export const SECURE_PAGES = 16;
/** Normal-world RAM already given back to the hypervisor's heap: an SPMC that writes there hits a freed page. */
export const FREED = 0x50000000;
export const FREED_PAGES = 4;

export const HYP_TX = HEAP;
export const HYP_RX = HEAP + 0x1000;
export const VM1 = 2; // Xen: domid 1 -> FF-A id 2
export const VM2 = 3;
export const VM1_RX = GUEST;
export const VM1_TX = GUEST + 0x1000;
export const VM2_RX = GUEST + 0x2000;
export const VM2_TX = GUEST + 0x3000;
export const SP1 = 0x8001;
export const SP2 = 0x8002;
export const SP3 = 0x8003;
export const SP1_TX = SECURE;
export const SP1_RX = SECURE + 0x1000;

export function partitionsOf(setup: SetupName): readonly SpConfig[] {
  if (setup === 'default') return DEFAULT_PARTITIONS;
  if (setup === 'none') return [];
  // 171 SPs: more than a 4 KiB RX holds as 24-byte descriptors (170), and more than every staging array.
  return Array.from({ length: 171 }, (_, i) => ({
    id: 0x8001 + i,
    uuid: [0x10000000 + i, 0x2222aaaa, 0x3333bbbb, 0x4444cccc] as const,
    execCount: 1,
    properties: 0x101, // direct request receive, AArch64
  }));
}

export function smc(caller: number, fid: number, ...args: RegValue[]): StepSpec {
  return { kind: 'smc', caller, frame: callFrame(fid, ...args) };
}

/**
 * An SMC some of whose registers carry values from earlier replies (`refs`: register -> source);
 * the frame's own value in those registers is a placeholder the runner replaces.
 */
export function smcWith(caller: number, fid: number, refs: Readonly<Record<number, RegRef>>, ...args: RegValue[]): StepSpec {
  return { kind: 'smc', caller, frame: callFrame(fid, ...args), refs };
}

export function write(pa: number, bytes: Uint8Array, by = 0, refs?: readonly MemRef[]): StepSpec {
  return refs === undefined ? { kind: 'write', by, pa, bytes } : { kind: 'write', by, pa, bytes, refs };
}

export function hello(version = V1_2, caller = 0): StepSpec {
  return smc(caller, FID.FFA_VERSION, version);
}

/** The hypervisor negotiates a version and maps its own RX/TX pair (Xen's boot, xen-ffa-revisions §2.1). */
export function boot(version = V1_2): StepSpec[] {
  return [hello(version), smc(0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1)];
}

export function rxtxOf(vm: number, rx: number | bigint, tx: number | bigint, pages = 1): EndpointRxtxDescriptor {
  return {
    senderId: vm,
    rx: { totalPageCount: pages, ranges: [{ address: BigInt(rx), pageCount: pages }] },
    tx: { totalPageCount: pages, ranges: [{ address: BigInt(tx), pageCount: pages }] },
  };
}

/** The hypervisor writes an endpoint RX/TX descriptor at its TX and forwards FFA_RXTX_MAP_64(0, 0, 0). */
export function forward(d: EndpointRxtxDescriptor, layout: RxtxLayout = 'aligned-16-48'): StepSpec[] {
  const e = encodeEndpointRxtx(d, { layout });
  if (!e.ok) throw new VectorGenerationError(`forward ${d.senderId}`, e.error.message);
  return [write(HYP_TX, e.bytes), smc(0, FID.FFA_RXTX_MAP_64, 0, 0, 0)];
}

/** Xen's way (d1b958a92c on): descriptor written over a TX page holding older bytes, pad untouched (B20). */
export function forwardOverStale(d: EndpointRxtxDescriptor): StepSpec[] {
  const page = new Uint8Array(80).fill(0xa5);
  const e = writeEndpointRxtx(page, d, { layout: 'aligned-16-48' });
  if (!e.ok) throw new VectorGenerationError(`forward ${d.senderId}`, e.error.message);
  return [write(HYP_TX, page), smc(0, FID.FFA_RXTX_MAP_64, 0, 0, 0)];
}

export function forwardVm1(): StepSpec[] {
  return [...boot(), ...forward(rxtxOf(VM1, VM1_RX, VM1_TX))];
}

/** UUID words of the default partitions, for FFA_PARTITION_INFO_GET w1..w4. */
export function uuidOf(id: number): readonly [number, number, number, number] {
  const sp = DEFAULT_PARTITIONS.find((p) => p.id === id);
  if (sp === undefined) throw new VectorGenerationError(`uuid ${id}`, 'no such default partition');
  return sp.uuid;
}

export function partinfo(caller: number, uuid: readonly number[], flags = 0): StepSpec {
  return smc(caller, FID.FFA_PARTITION_INFO_GET, uuid[0] ?? 0, uuid[1] ?? 0, uuid[2] ?? 0, uuid[3] ?? 0, flags);
}

export const NIL: readonly number[] = Object.freeze([0, 0, 0, 0]);
