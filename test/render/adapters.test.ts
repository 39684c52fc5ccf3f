import { describe, expect, it } from 'vitest';
import { FID, callFrame, errorFrame, RET, success32, type Frame } from '../../src/ffa/index';
import { SpinLock, XenPanic } from '../../src/sim/effects';
import { effectLabel } from '../../src/sim/_label';
import type { TraceEvent } from '../../src/mediator/trace';
import type { ReplayResult } from '../../src/explore/replay';
import { encodeEndpointRxtx, encodePartInfo, mustEncode } from '../../src/descriptors/index';
import { sequenceFromTrace } from '../../src/render/from-trace';
import { findingRows, interleavingFromReplay } from '../../src/render/from-replay';
import { layoutSequence } from '../../src/render/sequence-layout';
import { layoutInterleaving } from '../../src/render/interleave-layout';
import { smcDumps } from '../../src/render/smc-dumps';

const GET = callFrame(FID.FFA_PARTITION_INFO_GET);
const RELEASE = callFrame(FID.FFA_RX_RELEASE);

function smc(seq: number, frameIn: Frame, frameOut: Frame, tx: Uint8Array | null = null, rx: Uint8Array | null = null): TraceEvent {
  return { seq, kind: 'smc', vcpu: 0, frameIn, frameOut, tx, rx };
}

// v0's get_sp_partinfo after a failed GET: the spurious FFA_RX_RELEASE answered DENIED (B3).
const b3: TraceEvent[] = [
  { seq: 0, kind: 'guest-call', vcpu: 0, domid: 1, frame: GET },
  { seq: 1, kind: 'lock', vcpu: 0, op: 'spin_lock', lock: 'ffa_spmc_rx_lock' },
  smc(2, GET, errorFrame(RET.INVALID_PARAMETERS)),
  smc(3, RELEASE, errorFrame(RET.DENIED)),
  { seq: 4, kind: 'printk', vcpu: 0, level: 'DEBUG', text: 'Error releasing SPMC RX buffer: -6' },
  { seq: 5, kind: 'lock', vcpu: 0, op: 'spin_unlock', lock: 'ffa_spmc_rx_lock' },
  { seq: 6, kind: 'lock', vcpu: 0, op: 'spin_trylock', lock: 'd1.tx_lock', result: false },
  { seq: 7, kind: 'guest-reply', vcpu: 0, domid: 1, frame: errorFrame(RET.INVALID_PARAMETERS) },
];

describe('mediator trace -> sequence diagram', () => {
  it('has the guest, Xen and the SPMC, and one arrow per call, reply and SMC leg', () => {
    const s = sequenceFromTrace(b3, { title: 'B3' });
    expect(s.actors.map((a) => a.id)).toEqual(['d1', 'xen', 'spmc']);
    const msgs = s.events.filter((e) => e.kind === 'message');
    expect(msgs.map((m) => (m.kind === 'message' ? `${m.from}>${m.to}:${m.style ?? 'call'}` : ''))).toEqual([
      'd1>xen:call', 'xen>spmc:call', 'spmc>xen:error', 'xen>spmc:call', 'spmc>xen:error', 'xen>d1:error',
    ]);
    expect(msgs[3]).toMatchObject({ label: 'FFA_RX_RELEASE()', tag: '#2' });
    expect(msgs[4]).toMatchObject({ label: 'FFA_ERROR(DENIED)' });
  });

  it('puts both SMCs inside the SPMC RX lock bar and reports the failed trylock', () => {
    const s = sequenceFromTrace(b3, { title: 'B3' });
    const l = layoutSequence(s);
    expect(l.bars).toHaveLength(1);
    const smcRows = l.rows.filter((r) => r.event.kind === 'message' && r.event.to === 'spmc');
    expect(smcRows.every((r) => r.y > l.bars[0]!.y0 && r.y < l.bars[0]!.y1)).toBe(true);
    expect(s.events).toContainEqual({ kind: 'note', actor: 'xen', text: 'spin_trylock(d1.tx_lock) failed on vCPU0', tone: 'warn' });
  });

  it('labels a VERSION reply as a version, and names vCPUs only when several appear', () => {
    const one: TraceEvent[] = [
      { seq: 0, kind: 'guest-call', vcpu: 0, domid: 1, frame: callFrame(FID.FFA_VERSION, 0x10001) },
      { seq: 1, kind: 'guest-reply', vcpu: 0, domid: 1, frame: callFrame(0x10001) },
    ];
    const s = sequenceFromTrace(one, { title: 'v' });
    expect(s.events.map((e) => (e.kind === 'message' ? e.label : ''))).toEqual(['FFA_VERSION(w1=0x10001)', 'version 1.1']);
    expect(s.events.every((e) => e.kind !== 'message' || e.detail === undefined)).toBe(true);
    const two = sequenceFromTrace([...one, { seq: 2, kind: 'guest-call', vcpu: 1, domid: 2, frame: GET }], { title: 'v' });
    expect(two.events.filter((e) => e.kind === 'message' && e.detail !== undefined).map((e) => (e.kind === 'message' ? e.detail : ''))).toEqual(['vCPU0', 'vCPU1']);
  });

  it('shows spin_is_locked answers only when asked', () => {
    const q: TraceEvent[] = [{ seq: 0, kind: 'lock', vcpu: 1, op: 'spin_is_locked', lock: 'ffa_spmc_rx_lock', result: true }];
    expect(sequenceFromTrace(q, { title: 'q' }).events).toEqual([]);
    expect(sequenceFromTrace(q, { title: 'q', queries: true }).events).toEqual([{ kind: 'note', actor: 'xen', text: 'spin_is_locked(ffa_spmc_rx_lock) = true on vCPU1' }]);
  });

  it('filters locks and printk on request', () => {
    const s = sequenceFromTrace(b3, { title: 'B3', locks: (n) => n.startsWith('d'), printk: false });
    expect(s.events.some((e) => e.kind === 'lock')).toBe(false);
    expect(s.events.some((e) => e.kind === 'note' && e.text.startsWith('(XEN)'))).toBe(false);
  });
});

describe('SMC buffer dumps', () => {
  it('annotates the forwarded RXTX_MAP descriptor Xen wrote with 12/44 offsets', () => {
    const desc = { senderId: 2, rx: { totalPageCount: 1, ranges: [{ address: 0x100000n, pageCount: 1 }] }, tx: { totalPageCount: 1, ranges: [{ address: 0x101000n, pageCount: 1 }] } };
    const tx = mustEncode(encodeEndpointRxtx(desc, { layout: 'xen-12-44' }));
    const [d] = smcDumps([smc(0, callFrame(FID.FFA_RXTX_MAP_64, 0, 0, 0), success32(), tx)]);
    expect(d).toBeDefined();
    expect(d!.bytes.length).toBe(76); // the old layout ends at 76 (xen-ffa-revisions.md 2.6)
    expect(d!.fields).toContainEqual(expect.objectContaining({ name: 'rx_region_offs', offset: 4, value: 12 }));
    expect(d!.fields).toContainEqual(expect.objectContaining({ name: 'tx_region_offs', offset: 8, value: 44 }));
  });

  it('annotates partition info entries in Xen RX after a successful GET, and nothing for a count-only GET', () => {
    const entries = [{ id: 0x8001, execCount: 4, properties: 3, uuid: new Uint8Array(16).fill(0xab) }, { id: 0x8002, execCount: 1, properties: 1, uuid: new Uint8Array(16) }];
    const rx = mustEncode(encodePartInfo(entries, 24));
    const dumps = smcDumps([
      smc(0, GET, success32(2, 24), null, rx),
      smc(1, callFrame(FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1), success32(2, 0), null, rx),
    ]);
    expect(dumps).toHaveLength(1);
    expect(dumps[0]!.bytes.length).toBe(48);
    expect(dumps[0]!.fields.filter((f) => f.name.endsWith('.id') || f.name === 'id').map((f) => f.value)).toEqual([0x8001, 0x8002]);
  });
});

describe('explorer replay -> interleaving diagram', () => {
  const rx = new SpinLock('ffa_spmc_rx_lock');
  const label = (op: 'spin_lock' | 'spin_unlock' | 'spin_is_locked', result?: unknown): string => effectLabel({ op, lock: rx }, result);
  // The v0 ASSERT race as the explorer replays it: vCPU1 checks the lock while vCPU0 holds it.
  const rep: ReplayResult = {
    outcome: { kind: 'panic', panic: new XenPanic('assert', "Assertion '!spin_is_locked(&ffa_spmc_rx_lock)' failed", 1), vcpu: 1 },
    findings: [],
    steps: [
      { step: 0, vcpu: 0, kind: 'call', label: 'd1 PARTITION_INFO_GET' },
      { step: 0, vcpu: 1, kind: 'call', label: 'd2 PARTITION_INFO_GET' },
      { step: 0, vcpu: 0, kind: 'effect', label: label('spin_is_locked', false) },
      { step: 1, vcpu: 0, kind: 'effect', label: label('spin_lock') },
      { step: 2, vcpu: 0, kind: 'effect', label: effectLabel({ op: 'smc', frame: GET }, success32(2, 24)) },
      { step: 3, vcpu: 1, kind: 'effect', label: label('spin_is_locked', true) },
    ],
    trace: [],
    lanes: ['d1 PARTITION_INFO_GET', 'd2 PARTITION_INFO_GET'],
    schedule: '0,0,0,1',
    diverged: -1,
  };

  it('keeps the lock, the SMC and the spin_is_locked answers, and ends with the panic', () => {
    const il = interleavingFromReplay(rep, { title: 'v0 ASSERT race' });
    expect(il.steps.map((s) => `${s.lane}:${s.kind}`)).toEqual(['0:call', '1:call', '0:note', '0:lock', '0:smc', '1:note', '1:panic']);
    expect(il.steps[3]).toMatchObject({ lock: 'ffa_spmc_rx_lock' });
    expect(il.steps[5]!.label).toBe('spin_is_locked(ffa_spmc_rx_lock) = true');
    expect(il.schedule).toBe('0,0,0,1');
    const l = layoutInterleaving(il);
    expect(l.bars).toEqual([expect.objectContaining({ lane: '0', lock: 'ffa_spmc_rx_lock', openEnd: true })]);
  });

  it('drops shared-access marks unless asked', () => {
    const withAccess: ReplayResult = { ...rep, steps: [...rep.steps, { step: 4, vcpu: 0, kind: 'effect', label: effectLabel({ op: 'access', kind: 'write', obj: 'd1.rx', note: 'partinfo copy' }, undefined) }] };
    expect(interleavingFromReplay(withAccess, { title: 't' }).steps.some((s) => s.kind === 'access')).toBe(false);
    const shown = interleavingFromReplay(withAccess, { title: 't', hideAccesses: false }).steps.filter((s) => s.kind === 'access');
    expect(shown.map((s) => s.label)).toEqual(['write d1.rx (partinfo copy)']);
  });
});

describe('SPMC trace -> sequence diagram', async () => {
  const { PhysMem } = await import('../../src/sim/memory');
  const { Spmc, DEFAULT_PARTITIONS } = await import('../../src/spmc/index');
  const { sequenceFromSpmc, ownerWords } = await import('../../src/render/from-spmc');

  it('narrates RX ownership: GET fills Xen RX, a second GET is refused BUSY, one release frees it (spmc.md)', () => {
    const mem = new PhysMem();
    mem.addRegion(0x40000000, 2, 'xenheap', 'xen');
    const spmc = new Spmc({ mem, personality: 'hafnium-v2.14', partitions: DEFAULT_PARTITIONS });
    for (const f of [callFrame(FID.FFA_VERSION, 0x10002), callFrame(FID.FFA_RXTX_MAP_64, 0x40000000, 0x40001000, 1), GET, GET, RELEASE, RELEASE]) spmc.smc(0, f);
    const s = sequenceFromSpmc(spmc.trace, { title: 'boot' });
    expect(s.actors.map((a) => a.label)).toEqual(['Xen', 'SPMC']);
    const replies = s.events.flatMap((e) => (e.kind === 'message' && e.from === 'spmc' ? [e.label] : []));
    expect(replies[0]).toMatch(/^version 1\.\d+$/);
    expect(replies.slice(3)).toEqual(['FFA_ERROR(BUSY)', 'FFA_SUCCESS_32()', 'FFA_ERROR(DENIED)']);
    const rx = s.events.flatMap((e) => (e.kind === 'note' && e.text.startsWith('RX of') ? [e.text] : []));
    expect(rx).toEqual(['RX of 0x0000: free: SPMC may fill', 'RX of 0x0000: full: 0x0000 owns', 'RX of 0x0000: free: SPMC may fill']);
    expect(ownerWords(spmc.rxState(0), 'Xen')).toBe('free: SPMC may fill');
  });
});

describe('findings placed in the interleaving', () => {
  it('puts a finding that does not end the run right after the step that made it', () => {
    const rep: ReplayResult = {
      outcome: { kind: 'complete' },
      findings: [{ kind: 'use-after-unmap', where: 'write d1.rx', detail: 'd1.rx used after unmap', vcpu: 0, calls: ['GET', '-'], step: 3, schedule: 'a2b' }],
      steps: [
        { step: 0, vcpu: 1, kind: 'effect', label: 'smc FFA_RXTX_UNMAP(w1=0x20000) -> FFA_SUCCESS_32()' },
        { step: 1, vcpu: 0, kind: 'effect', label: 'smc FFA_PARTITION_INFO_GET() -> FFA_SUCCESS_32(w2=0x2, w3=0x18)' },
        { step: 2, vcpu: 0, kind: 'effect', label: 'write d1.rx' },
        { step: 3, vcpu: 0, kind: 'effect', label: 'smc FFA_RX_RELEASE() -> FFA_SUCCESS_32()' },
      ],
      trace: [],
      lanes: ['d1v0', 'd1v1'],
      schedule: 'a2b',
      diverged: -1,
    };
    const il = interleavingFromReplay(rep, { title: 't', hideAccesses: false });
    expect(il.steps.map((s) => s.kind)).toEqual(['smc', 'smc', 'access', 'fault', 'smc']);
    expect(il.steps[3]).toMatchObject({ lane: '0', label: 'use-after-unmap: write d1.rx' });
  });
});

describe('finding rows', () => {
  it('names the default order when the schedule string is empty', () => {
    const rows = findingRows([{ kind: 'deadlock', where: 'ffa_spmc_rx_lock', calls: ['GET', 'GET'], schedule: '' }, { kind: 'assert', where: 'x', calls: ['A'], schedule: 'a8b' }]);
    expect(rows).toEqual([
      ['deadlock', 'ffa_spmc_rx_lock', 'vCPU0: GET, vCPU1: GET', '(default order)'],
      ['assert', 'x', 'vCPU0: A', 'a8b'],
    ]);
  });
});
