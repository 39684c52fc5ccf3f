// The RX ownership state machine, exhaustively: every buffer ABI in every ownership state, for
// each SPMC family. Expected answers and next states are written out from
// spmc-implementations.md §1.1-§1.6 (Hafnium mailbox states, api_release_mailbox(),
// api_ffa_rx_acquire(); TF-A rx_release_handler(); OP-TEE tx_is_mine), not read from the model.
import { describe, expect, it } from 'vitest';
import { FID, RET, callFrame, w } from '../../src/ffa/index';
import { rxLabel, type PersonalityName, type Spmc } from '../../src/spmc/index';
import {
  HYP_RX, HYP_TX, VM1, VM1_RX, VM1_TX, VM2, boot, call, errCode, expectRefused, isOk, world, writeRxtxDescriptor,
} from './_world';

type State = 'unmapped' | 'free' | 'full' | 'unmapped(full)' | 'acquired' | 'unmapped(acquired)';
type Abi = 'MAP' | 'UNMAP' | 'RELEASE' | 'ACQUIRE' | 'PARTINFO' | 'PARTINFO_COUNT';
type Answer = 'OK' | 'DENIED' | 'INVALID' | 'BUSY' | 'NOT_SUPPORTED';
type Cell = readonly [Answer, State];

const CODE: Record<Exclude<Answer, 'OK'>, number> = {
  DENIED: RET.DENIED, INVALID: RET.INVALID_PARAMETERS, BUSY: RET.BUSY, NOT_SUPPORTED: RET.NOT_SUPPORTED,
};

/** The hypervisor's own RX (caller 0), Hafnium: FFA_RX_ACQUIRE(0) finds the NWd VM itself (obs.). */
const HAFNIUM: Partial<Record<State, Record<Abi, Cell>>> = {
  unmapped: { MAP: ['OK', 'free'], UNMAP: ['INVALID', 'unmapped'], RELEASE: ['DENIED', 'unmapped'], ACQUIRE: ['INVALID', 'unmapped'], PARTINFO: ['BUSY', 'unmapped'], PARTINFO_COUNT: ['OK', 'unmapped'] },
  free: { MAP: ['DENIED', 'free'], UNMAP: ['OK', 'unmapped'], RELEASE: ['DENIED', 'free'], ACQUIRE: ['OK', 'acquired'], PARTINFO: ['OK', 'full'], PARTINFO_COUNT: ['OK', 'free'] },
  full: { MAP: ['DENIED', 'full'], UNMAP: ['OK', 'unmapped(full)'], RELEASE: ['OK', 'free'], ACQUIRE: ['DENIED', 'full'], PARTINFO: ['BUSY', 'full'], PARTINFO_COUNT: ['OK', 'full'] },
  // Unmap does not reset mailbox.state; api_release_mailbox() only looks at the state.
  'unmapped(full)': { MAP: ['OK', 'full'], UNMAP: ['INVALID', 'unmapped(full)'], RELEASE: ['OK', 'unmapped'], ACQUIRE: ['INVALID', 'unmapped(full)'], PARTINFO: ['BUSY', 'unmapped(full)'], PARTINFO_COUNT: ['OK', 'unmapped(full)'] },
  acquired: { MAP: ['DENIED', 'acquired'], UNMAP: ['OK', 'unmapped(acquired)'], RELEASE: ['OK', 'free'], ACQUIRE: ['DENIED', 'acquired'], PARTINFO: ['BUSY', 'acquired'], PARTINFO_COUNT: ['OK', 'acquired'] },
};

/** TF-A: no RX_ACQUIRE; rx_release_handler() checks only state == FULL. */
const TFA: Partial<Record<State, Record<Abi, Cell>>> = {
  unmapped: { MAP: ['OK', 'free'], UNMAP: ['INVALID', 'unmapped'], RELEASE: ['DENIED', 'unmapped'], ACQUIRE: ['NOT_SUPPORTED', 'unmapped'], PARTINFO: ['BUSY', 'unmapped'], PARTINFO_COUNT: ['OK', 'unmapped'] },
  free: { MAP: ['DENIED', 'free'], UNMAP: ['OK', 'unmapped'], RELEASE: ['DENIED', 'free'], ACQUIRE: ['NOT_SUPPORTED', 'free'], PARTINFO: ['OK', 'full'], PARTINFO_COUNT: ['OK', 'free'] },
  full: { MAP: ['DENIED', 'full'], UNMAP: ['OK', 'unmapped(full)'], RELEASE: ['OK', 'free'], ACQUIRE: ['NOT_SUPPORTED', 'full'], PARTINFO: ['BUSY', 'full'], PARTINFO_COUNT: ['OK', 'full'] },
  'unmapped(full)': { MAP: ['OK', 'full'], UNMAP: ['INVALID', 'unmapped(full)'], RELEASE: ['OK', 'unmapped'], ACQUIRE: ['NOT_SUPPORTED', 'unmapped(full)'], PARTINFO: ['BUSY', 'unmapped(full)'], PARTINFO_COUNT: ['OK', 'unmapped(full)'] },
};

/** OP-TEE: release needs a mapping; every map sets tx_is_mine. */
const OPTEE: Partial<Record<State, Record<Abi, Cell>>> = {
  unmapped: { MAP: ['OK', 'free'], UNMAP: ['INVALID', 'unmapped'], RELEASE: ['DENIED', 'unmapped'], ACQUIRE: ['NOT_SUPPORTED', 'unmapped'], PARTINFO: ['BUSY', 'unmapped'], PARTINFO_COUNT: ['OK', 'unmapped'] },
  free: { MAP: ['DENIED', 'free'], UNMAP: ['OK', 'unmapped'], RELEASE: ['DENIED', 'free'], ACQUIRE: ['NOT_SUPPORTED', 'free'], PARTINFO: ['OK', 'full'], PARTINFO_COUNT: ['OK', 'free'] },
  full: { MAP: ['DENIED', 'full'], UNMAP: ['OK', 'unmapped(full)'], RELEASE: ['OK', 'free'], ACQUIRE: ['NOT_SUPPORTED', 'full'], PARTINFO: ['BUSY', 'full'], PARTINFO_COUNT: ['OK', 'full'] },
  'unmapped(full)': { MAP: ['OK', 'free'], UNMAP: ['INVALID', 'unmapped(full)'], RELEASE: ['DENIED', 'unmapped(full)'], ACQUIRE: ['NOT_SUPPORTED', 'unmapped(full)'], PARTINFO: ['BUSY', 'unmapped(full)'], PARTINFO_COUNT: ['OK', 'unmapped(full)'] },
};

const TABLES: Record<PersonalityName, Partial<Record<State, Record<Abi, Cell>>>> = {
  'hafnium-v2.14': HAFNIUM, 'hafnium-v2.15': HAFNIUM, 'hafnium-head': HAFNIUM, 'tfa-el3-spmc': TFA, optee: OPTEE,
};

function reach(s: Spmc, st: State): void {
  // Xen's probe: VERSION, then FEATURES, which also closes version negotiation (Hafnium, TF-A),
  // so that the refusals below are the first thing to change nothing at all.
  call(s, 0, FID.FFA_VERSION, 0x10002);
  call(s, 0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_64);
  if (st === 'unmapped') return;
  expect(isOk(call(s, 0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1))).toBe(true);
  if (st === 'acquired') expect(isOk(call(s, 0, FID.FFA_RX_ACQUIRE, 0))).toBe(true);
  if (st === 'full' || st === 'unmapped(full)') expect(isOk(call(s, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(true);
  if (st === 'unmapped(full)') expect(isOk(call(s, 0, FID.FFA_RXTX_UNMAP, 0))).toBe(true);
  expect(rxLabel(s.rxState(0)!)).toBe(st);
}

const FRAMES: Record<Abi, readonly [number, ...number[]]> = {
  MAP: [FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1],
  UNMAP: [FID.FFA_RXTX_UNMAP, 0],
  RELEASE: [FID.FFA_RX_RELEASE, 0],
  ACQUIRE: [FID.FFA_RX_ACQUIRE, 0],
  PARTINFO: [FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0],
  PARTINFO_COUNT: [FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1],
};

const cases: [PersonalityName, State, Abi, Cell][] = [];
for (const [p, table] of Object.entries(TABLES) as [PersonalityName, Partial<Record<State, Record<Abi, Cell>>>][])
  for (const [st, row] of Object.entries(table) as [State, Record<Abi, Cell>][])
    for (const [abi, cell] of Object.entries(row) as [Abi, Cell][]) cases.push([p, st, abi, cell]);

describe('hypervisor RX: every ABI in every ownership state', () => {
  it.each(cases)('%s: %s --%s--> %j', (p, st, abi, [answer, next]) => {
    const { spmc } = world(p);
    reach(spmc, st);
    const [fid, ...args] = FRAMES[abi];
    if (answer === 'OK') expect(isOk(call(spmc, 0, fid, ...args))).toBe(true);
    else expectRefused(spmc, 0, callFrame(fid, ...args), CODE[answer]);
    expect(rxLabel(spmc.rxState(0)!)).toBe(next);
  });
});

/** A forwarded VM's RX at a Hafnium SPMC (§1.3, §1.4): 'none' = no nwd_vms slot holds the VM. */
type VmState = 'none' | 'free' | 'acquired';
type VmAbi = 'FWD_MAP' | 'UNMAP' | 'RELEASE' | 'ACQUIRE';
const VM_TABLE: Record<VmState, Record<VmAbi, readonly [Answer | 'PANIC', VmState]>> = {
  none: { FWD_MAP: ['OK', 'free'], UNMAP: ['INVALID', 'none'], RELEASE: ['INVALID', 'none'], ACQUIRE: ['INVALID', 'none'] },
  free: { FWD_MAP: ['DENIED', 'free'], UNMAP: ['OK', 'none'], RELEASE: ['DENIED', 'free'], ACQUIRE: ['OK', 'acquired'] },
  acquired: { FWD_MAP: ['DENIED', 'acquired'], UNMAP: ['OK', 'none'], RELEASE: ['OK', 'free'], ACQUIRE: ['DENIED', 'acquired'] },
};

function vmState(s: Spmc): VmState {
  const st = s.rxState(VM1);
  return st === undefined ? 'none' : st.ownership === 'acquired' ? 'acquired' : 'free';
}

function reachVm(wld: ReturnType<typeof world>, st: VmState): void {
  boot(wld.spmc);
  if (st === 'none') return;
  writeRxtxDescriptor(wld.mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
  expect(isOk(call(wld.spmc, 0, FID.FFA_RXTX_MAP_64, 0, 0, 0))).toBe(true);
  if (st === 'acquired') expect(isOk(call(wld.spmc, 0, FID.FFA_RX_ACQUIRE, VM1))).toBe(true);
}

describe.each(['hafnium-v2.15', 'hafnium-head'] as const)('forwarded VM RX at %s: every ABI in every state', (p) => {
  const vmCases = Object.entries(VM_TABLE).flatMap(([st, row]) => Object.entries(row).map(([abi, cell]) => [st, abi, cell] as const));
  it.each(vmCases)('%s --%s--> %j', (st, abi, [answer, next]) => {
    const wld = world(p);
    reachVm(wld, st as VmState);
    const s = wld.spmc;
    // v2.15 still crashes on RX_ACQUIRE of an unknown VM (67686054 is after the tag).
    const expected = p === 'hafnium-v2.15' && st === 'none' && abi === 'ACQUIRE' ? 'PANIC' : answer;
    const frame =
      abi === 'FWD_MAP' ? callFrame(FID.FFA_RXTX_MAP_64, 0, 0, 0)
      : abi === 'UNMAP' ? callFrame(FID.FFA_RXTX_UNMAP, VM1 << 16)
      : abi === 'RELEASE' ? callFrame(FID.FFA_RX_RELEASE, VM1)
      : callFrame(FID.FFA_RX_ACQUIRE, VM1);
    if (abi === 'FWD_MAP') writeRxtxDescriptor(wld.mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
    if (expected === 'PANIC') {
      expect(() => s.smc(0, frame)).toThrow(/vm_unlock/);
      expect(s.panicked).toMatch(/67686054/);
      return;
    }
    if (expected === 'OK') expect(isOk(s.smc(0, frame))).toBe(true);
    else expectRefused(s, 0, frame, CODE[expected]);
    expect(vmState(s)).toBe(next);
  });
});

describe('Hafnium keeps a freed nwd_vms slot\'s RX state for the next VM (obs., §1.3)', () => {
  it('VM2 inherits OTHER_WORLD_OWNED from VM1, so RX_ACQUIRE(VM2) is DENIED at once', () => {
    const wld = world('hafnium-head');
    reachVm(wld, 'acquired');
    expect(isOk(call(wld.spmc, 0, FID.FFA_RXTX_UNMAP, VM1 << 16))).toBe(true);
    writeRxtxDescriptor(wld.mem, { vm: VM2, rx: VM1_RX, tx: VM1_TX });
    expect(isOk(call(wld.spmc, 0, FID.FFA_RXTX_MAP_64, 0, 0, 0))).toBe(true);
    expect(wld.spmc.rxState(VM2)).toEqual({ mapped: true, ownership: 'acquired' });
    expect(errCode(call(wld.spmc, 0, FID.FFA_RX_ACQUIRE, VM2))).toBe(RET.DENIED);
    expect(w(call(wld.spmc, 0, FID.FFA_RX_RELEASE, VM2), 0)).toBe(FID.FFA_SUCCESS_32);
  });
});
