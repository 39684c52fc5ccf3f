// The committed mediator vectors against facts written out from xen-ffa-revisions.md: Xen's boot
// probe (§2.0, §2.1, §2.5, §3 versions), the SMC order of a guest PARTITION_INFO_GET (§2.10), the
// forwarded RXTX_MAP descriptor (§2.6) and the MEM_SHARE descriptor (§2.7), per revision.
import { describe, expect, it } from 'vitest';
import { isJson } from './_load';
import { FID, guestCalls, hex, mcase, reg, regs, REVS, smcsOf, u32, type Rev } from './_mediator';

const BEFORE_FIX: readonly Rev[] = ['S0', 'v0', 'v1', 'v2'];
/** FFA_MY_VERSION: 1.1 up to patch 11 of the series, 1.2 from f42bacb20e (in 4.22.0), §3. */
const MY_VERSION: Readonly<Record<Rev, bigint>> = { S0: 0x10001n, v0: 0x10001n, v1: 0x10001n, v2: 0x10001n, '4.22.0': 0x10002n };
/** ffa_fw_abi_needed[] in S0, in its order (§2.0). */
const S0_ABI = [0x84000063n, 0x84000064n, 0x8400007dn, 0x8400007en, 0x84000068n, 0xc4000083n, 0x84000082n, 0x84000065n,
  0xc4000066n, 0x84000067n, 0x84000073n, 0xc4000073n, 0x84000077n, 0x8400006fn, 0xc400006fn, 0x84000086n];
const PAGE = 0x1000n;

function bootSmcs(rev: Rev, caseId = 'boot/standard') {
  const t = mcase(rev, caseId);
  expect(t.steps[0]?.op).toBe('boot');
  return smcsOf(t.steps[0]);
}

describe('boot: ffa_probe (§2.0, §2.1, §2.5)', () => {
  it.each(REVS)('%s: FFA_VERSION first, with w1 = FFA_MY_VERSION', (rev) => {
    const first = bootSmcs(rev)[0];
    expect(first?.call).toEqual([FID.VERSION, MY_VERSION[rev]]);
  });
  it.each(REVS)('%s: FFA_FEATURES probes the needed ABIs; FFA_RX_ACQUIRE only from 4992308e97 (B10)', (rev) => {
    const probed = bootSmcs(rev).filter((s) => reg(s.call, 0) === FID.FEATURES).map((s) => reg(s.call, 1));
    // 4992308e97 drops the MEM_SHARE_32 probe; the series adds MSG_SEND_DIRECT_REQ2 and RUN.
    const needed = rev === '4.22.0' ? S0_ABI.filter((f) => f !== FID.MEM_SHARE_32) : S0_ABI;
    expect(probed.filter((f) => needed.includes(f))).toEqual(needed);
    expect(probed.includes(FID.RX_ACQUIRE)).toBe(rev === '4.22.0');
    if (rev === 'S0') expect(probed).toEqual(S0_ABI);
    else expect(probed).toEqual(expect.arrayContaining([0xc400008dn, 0x8400006dn]));
  });
  it.each(REVS)('%s: then RXTX_MAP_64 of two distinct xenheap pages, page count 1; the nil-UUID partition list; RX_RELEASE(0)', (rev) => {
    const t = mcase(rev, 'boot/standard');
    const smcs = bootSmcs(rev);
    const tail = smcs.slice(-3);
    const [map, get, rel] = tail;
    expect(reg(map?.call ?? [], 0)).toBe(FID.RXTX_MAP_64);
    const heap = BigInt(String((t.group.layout as Record<string, unknown>).xenHeap));
    const [tx, rx, count] = [reg(map?.call ?? [], 1), reg(map?.call ?? [], 2), reg(map?.call ?? [], 3)];
    expect(count).toBe(1n); // FFA_RXTX_PAGE_COUNT
    expect(tx).not.toBe(rx);
    for (const a of [tx, rx]) {
      expect(a % PAGE).toBe(0n);
      expect(a >= heap && a < heap + 16n * PAGE).toBe(true);
    }
    expect(map?.raw.xenBuffers).toBe('mapped');
    expect(get?.call).toEqual([FID.PARTITION_INFO_GET]); // w1..w4 nil UUID, w5 = 0: all zero
    expect(reg(get?.reply ?? [], 0)).toBe(FID.SUCCESS_32);
    const xenRx = get?.raw.xenRx;
    expect(isJson(xenRx) && String(xenRx.bytes).length / 2).toBe(Number(reg(get?.reply ?? [], 2) * reg(get?.reply ?? [], 3)));
    expect(rel?.call).toEqual([FID.RX_RELEASE]); // w1 = 0: Xen's own buffer
    expect(t.steps[0]?.ok).toBe(true);
    // Every FEATURES probe precedes the map: the ABI probe runs first.
    expect(smcs.slice(1, -3).every((s) => reg(s.call, 0) === FID.FEATURES)).toBe(true);
  });
  it.each(REVS)('%s: a v1.0 firmware is refused (FFA_MIN_SPMC_VERSION 1.1): only FFA_VERSION, boot not ok', (rev) => {
    const t = mcase(rev, 'boot/firmware-v1.0');
    expect(smcsOf(t.steps[0]).map((s) => reg(s.call, 0))).toEqual([FID.VERSION]);
    expect(t.steps[0]?.ok).toBe(false);
  });
  it.each(REVS)('%s: domain create/destroy send VM_CREATED (4) / VM_DESTROYED (6) to the subscribed SP, w5 = VM id (§2.5)', (rev) => {
    const t = mcase(rev, 'domain/create-destroy');
    const msg = (op: string) => smcsOf(t.steps.find((s) => s.op === op)).map((s) => s.call);
    expect(msg('create')).toEqual([[FID.DIRECT_REQ_32, 0x8002n, 0x80000004n, 0n, 0n, 2n]]);
    expect(msg('destroy')).toEqual([[FID.DIRECT_REQ_32, 0x8002n, 0x80000006n, 0n, 0n, 2n]]);
  });
});

describe('guest FFA_VERSION (§3: S0 always 1.1; from ad2d3a7daf always FFA_MY_VERSION)', () => {
  it.each(REVS)('%s', (rev) => {
    for (const c of ['version/v1.0', 'version/v1.1', 'version/v1.2']) {
      const call = guestCalls(mcase(rev, c), FID.VERSION)[0];
      expect(regs(call?.reply), `${c}`).toEqual([MY_VERSION[rev]]);
    }
  });
});

describe('guest FFA_PARTITION_INFO_GET: SMC order (§2.10, §2.4, cca899b380)', () => {
  const order = (rev: Rev, caseId: string, fid: bigint) => smcsOf(guestCalls(mcase(rev, caseId), fid)[0]).map((s) => s.call);
  it.each(BEFORE_FIX)('%s without RX_ACQUIRE: PARTITION_INFO_GET(nil, 0), RX_RELEASE(0); the guest release makes no SMC', (rev) => {
    expect(order(rev, 'partinfo/full-and-release', FID.PARTITION_INFO_GET)).toEqual([[FID.PARTITION_INFO_GET], [FID.RX_RELEASE]]);
    expect(order(rev, 'partinfo/full-and-release', FID.RX_RELEASE)).toEqual([]);
  });
  it.each(BEFORE_FIX)('%s with RX_ACQUIRE: RX_ACQUIRE(vm), PARTITION_INFO_GET, RX_RELEASE(0), then RX_RELEASE(vm)', (rev) => {
    const id = 'partinfo/full-and-release.rx-acquire';
    expect(order(rev, id, FID.PARTITION_INFO_GET)).toEqual([[FID.RX_ACQUIRE, 2n], [FID.PARTITION_INFO_GET], [FID.RX_RELEASE]]);
    expect(order(rev, id, FID.RX_RELEASE)).toEqual([[FID.RX_RELEASE, 2n]]);
  });
  it('4.22.0 serves the list from its boot cache (cca899b380): only the RX ownership SMCs remain', () => {
    expect(order('4.22.0', 'partinfo/full-and-release', FID.PARTITION_INFO_GET)).toEqual([]);
    expect(order('4.22.0', 'partinfo/full-and-release.rx-acquire', FID.PARTITION_INFO_GET)).toEqual([[FID.RX_ACQUIRE, 2n]]);
    expect(order('4.22.0', 'partinfo/full-and-release.rx-acquire', FID.RX_RELEASE)).toEqual([[FID.RX_RELEASE, 2n]]);
  });
  it.each(REVS)('%s: the guest gets SUCCESS_32, w2 = 2 SPs (no VM besides the caller), w3 = 24; count-only makes no RX SMC', (rev) => {
    const reply = regs(guestCalls(mcase(rev, 'partinfo/full-and-release'), FID.PARTITION_INFO_GET)[0]?.reply);
    expect([0, 1, 2, 3].map((i) => reg(reply, i))).toEqual([FID.SUCCESS_32, 0n, 2n, 24n]);
    const count = order(rev, 'partinfo/count-only', FID.PARTITION_INFO_GET);
    expect(count.every((c) => reg(c, 0) === FID.PARTITION_INFO_GET && reg(c, 5) === 1n)).toBe(true);
  });
});

describe('forwarded RXTX_MAP: the endpoint RX/TX descriptor in Xen\'s TX (§2.6)', () => {
  it.each(REVS)('%s', (rev) => {
    const t = mcase(rev, 'rxtx/forwarded-map.rx-acquire');
    const map = guestCalls(t, FID.RXTX_MAP_64)[0];
    const fwd = smcsOf(map).find((s) => reg(s.call, 0) === FID.RXTX_MAP_64);
    expect(fwd?.call).toEqual([FID.RXTX_MAP_64]); // w1 = w2 = w3 = 0: "read the descriptor from my TX"
    const b = hex(isJson(fwd?.raw.xenTx) ? fwd?.raw.xenTx.bytes : '');
    const fixed = rev === '4.22.0'; // d1b958a92c
    const [rxOff, txOff] = fixed ? [16, 48] : [12, 44];
    expect(b.length).toBe(fixed ? 80 : 76);
    expect(b[0]! | (b[1]! << 8)).toBe(2); // sender = VM id = domid + 1
    expect([u32(b, 4), u32(b, 8)]).toEqual([rxOff, txOff]);
    const layout = t.group.layout as Record<string, unknown>;
    const ram = BigInt(String(layout.guestRamBase));
    const ipa = BigInt(String(layout.guestIpaBase));
    // RX and TX composites: total pages 1, one range, the machine address of the guest page, 1 page.
    for (const [off, gpa] of [[rxOff, reg(regs(map?.call), 2)], [txOff, reg(regs(map?.call), 1)]] as const) {
      expect([u32(b, off), u32(b, off + 4)]).toEqual([1, 1]);
      const addr = BigInt(u32(b, off + 16)) | (BigInt(u32(b, off + 20)) << 32n);
      expect(addr).toBe(ram + (gpa - ipa));
      expect(u32(b, off + 24)).toBe(1);
    }
  });
});

describe('MEM_SHARE: Xen\'s memory transaction descriptor (§2.7)', () => {
  it.each(REVS)('%s: 3 pages in 2 runs to SP 0x8001: tot_len = frag_len = 80 + 16 * 2', (rev) => {
    const t = mcase(rev, 'mem-share/three-pages');
    const share = guestCalls(t, FID.MEM_SHARE_64)[0];
    const smc = smcsOf(share).find((s) => reg(s.call, 0) === FID.MEM_SHARE_64);
    expect(smc?.call.slice(0, 3)).toEqual([FID.MEM_SHARE_64, 112n, 112n]);
    const b = hex(isJson(smc?.raw.xenTx) ? smc?.raw.xenTx.bytes : '');
    const dv = new DataView(b.buffer);
    expect(b.length).toBe(112);
    expect([dv.getUint16(0, true), dv.getUint16(2, true), dv.getUint32(4, true), dv.getBigUint64(8, true), dv.getBigUint64(16, true)]).toEqual([2, 0x2f, 0, 0n, 0n]);
    expect([dv.getUint32(24, true), dv.getUint32(28, true), dv.getUint32(32, true)]).toEqual([16, 1, 48]);
    expect([dv.getUint16(48, true), b[50], b[51], dv.getUint32(52, true)]).toEqual([0x8001, 2, 0, 64]);
    expect([dv.getUint32(64, true), dv.getUint32(68, true)]).toEqual([3, 2]);
    expect([dv.getUint32(88, true), dv.getUint32(104, true)]).toEqual([2, 1]); // run lengths
    // The guest gets the SPMC's handle: FFA_SUCCESS_32, w2 = handle lo, w3 = handle hi.
    const reply = regs(share?.reply);
    expect([0, 1, 2, 3].map((i) => reg(reply, i))).toEqual([FID.SUCCESS_32, 0n, reg(smc?.reply ?? [], 2), reg(smc?.reply ?? [], 3)]);
  });
});
