// Guest FFA_MEM_SHARE / FFA_MEM_RECLAIM (xen-ffa-revisions §2.7 validation order and descriptor
// table, §3 limits FFA_MAX_SHM_PAGE_COUNT 256 / FFA_MAX_SHM_COUNT 32, §1.7 edf036fac2, a90376c6ad).
import { describe, expect, it } from 'vitest';
import { FID } from '../../src/ffa/ids';
import { callFrame } from '../../src/ffa/frame';
import { encodeMemTransaction } from '../../src/descriptors/index';
import { shareDescriptor } from '../../src/mediator/scenarios';
import { standardFirmware } from '../../src/mediator/fw-script';
import { createSystem, type DomainOptions, type System } from '../../src/mediator/system';
import { snapshotBytes } from '../../src/mediator/trace';
import type { RevisionName } from '../../src/mediator/revisions/index';
import { call, callTraced, hex, ipa, lastSmc, maddr, REVS, table } from './_sys';

const SHARE = FID.FFA_MEM_SHARE_64;

function ready(rev: RevisionName, o: { pages?: number; script?: Parameters<typeof standardFirmware>[0]; version?: number; extra?: DomainOptions['extra'] } = {}): System {
  const sys = createSystem({ revision: rev, firmware: (mem) => standardFirmware({ mem, ...(o.script ?? {}) }) });
  sys.run(sys.boot());
  sys.run(sys.createDomain(1, { ramPages: o.pages ?? 16, ...(o.extra ? { extra: o.extra } : {}) }));
  call(sys, FID.FFA_VERSION, o.version ?? 0x10001);
  call(sys, FID.FFA_RXTX_MAP_64, ipa(0), ipa(1), 1);
  return sys;
}

/** Write a descriptor into the guest TX and share it with tot_len = frag_len = its length. */
function share(sys: System, desc: Uint8Array, len = desc.length): ReturnType<typeof callTraced> {
  sys.guestWrite(1, ipa(0), desc);
  return callTraced(sys, SHARE, len, len);
}

function patched(desc: Uint8Array, edits: readonly (readonly [number, 1 | 2 | 4, number])[]): Uint8Array {
  const d = desc.slice();
  const dv = new DataView(d.buffer);
  for (const [off, size, v] of edits) size === 4 ? dv.setUint32(off, v, true) : size === 2 ? dv.setUint16(off, v, true) : dv.setUint8(off, v);
  return d;
}

const base = (): Uint8Array => shareDescriptor(2, 0x8001, [[ipa(2), 2], [ipa(5), 1]]);
const NS = 'FFA_ERROR(NOT_SUPPORTED)';
const INV = 'FFA_ERROR(INVALID_PARAMETERS)';

describe('MEM_SHARE validation, in the order of ffa_handle_mem_share', () => {
  for (const rev of REVS) {
    const cases: readonly [string, () => { sys: System; r: ReturnType<typeof callTraced> }, string][] = [
      ['a buffer address in w3', () => { const sys = ready(rev); sys.guestWrite(1, ipa(0), base()); return { sys, r: callTraced(sys, SHARE, 112, 112, ipa(8), 1) }; }, NS],
      ['frag_len > tot_len', () => { const sys = ready(rev); return { sys, r: callTraced(sys, SHARE, 100, 112) }; }, INV],
      ['frag_len < tot_len (fragments)', () => { const sys = ready(rev); return { sys, r: callTraced(sys, SHARE, 112, 100) }; }, NS],
      ['a 32-byte descriptor for a v1.1 guest', () => { const sys = ready(rev); return { sys, r: share(sys, base(), 32) }; }, INV],
      ['attributes 0x2E', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[2, 2, 0x2e]])) }; }, NS],
      ['the NS bit (0x6F)', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[2, 2, 0x6f]])) }; }, rev === '4.22.0' ? INV : NS],
      ['two EMADs', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[28, 4, 2]])) }; }, NS],
      ['a sender other than the caller', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[0, 2, 3]])) }; }, INV],
      ['a VM receiver', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[48, 2, 0x0003]])) }; }, NS],
      ['read-only access', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[50, 1, 1]])) }; }, NS],
      ['a composite offset past the fragment', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[52, 4, 100]])) }; }, NS],
      ['total page count 0', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[64, 4, 0]])) }; }, INV],
      ['ranges past the fragment', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[68, 4, 5]])) }; }, INV],
      ['ranges adding up to fewer pages', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[64, 4, 4]])) }; }, INV],
      ['a page outside guest RAM', () => { const sys = ready(rev); return { sys, r: share(sys, shareDescriptor(2, 0x8001, [[ipa(200), 1]])) }; }, 'FFA_ERROR(DENIED)'],
      ['256 pages', () => { const sys = ready(rev); return { sys, r: share(sys, patched(base(), [[64, 4, 256]])) }; }, rev === '4.22.0' ? INV : 'FFA_ERROR(NO_MEMORY)'],
    ];
    for (const [what, run, want] of cases)
      it(`${rev}: ${what} -> ${want}, nothing shared, no SMC, no page reference left`, () => {
        const { sys, r } = run();
        expect([r.reply, r.smcs]).toEqual([want, []]);
        expect([sys.xen.domains.get(1)!.ctx!.shmCount, sys.xen.refs.held()]).toEqual([0, [maddr(0), maddr(1)]]);
      });
    it(`${rev}: no TX mapped is DENIED; a held tx_lock is BUSY`, () => {
      const sys = ready(rev);
      sys.xen.domains.get(1)!.ctx!.txLock.holder = 7;
      expect(share(sys, base()).reply).toBe('FFA_ERROR(BUSY)');
      sys.xen.domains.get(1)!.ctx!.txLock.holder = null;
      call(sys, FID.FFA_RXTX_UNMAP);
      expect(callTraced(sys, SHARE, 112, 112).reply).toBe('FFA_ERROR(DENIED)');
    });
    it(`${rev}: the 33rd share is NO_MEMORY (FFA_MAX_SHM_COUNT 32)`, () => {
      const sys = ready(rev);
      const d = shareDescriptor(2, 0x8001, [[ipa(3), 1]]);
      for (let i = 0; i < 32; i++) expect(share(sys, d).reply.startsWith('FFA_SUCCESS_32')).toBe(true);
      expect(share(sys, d)).toMatchObject({ reply: 'FFA_ERROR(NO_MEMORY)', smcs: [] });
    });
    it(`${rev}: one guest range over 252 scattered machine pages: tot_len 4112 > 4096, NOT_SUPPORTED without an SMC`, () => {
      // IPA pages 10..261 backed by every other machine page: Xen finds 252 runs, not 1.
      const extra = Array.from({ length: 252 }, (_, i) => ({ ipa: ipa(10 + i), entry: { pa: maddr(10 + 2 * i), type: 'ram_rw' as const } }));
      const sys = ready(rev, { pages: 520, extra });
      expect(share(sys, shareDescriptor(2, 0x8001, [[ipa(10), 252]]))).toMatchObject({ reply: NS, smcs: [] });
      expect([sys.xen.domains.get(1)!.ctx!.shmCount, sys.xen.refs.held()]).toEqual([0, [maddr(0), maddr(1)]]);
    });
    it(`${rev}: an SPMC FFA_MEM_FRAG_RX(w3 = 64) reaches the guest as FFA_ERROR w2 = 64 (B16)`, () => {
      const sys = ready(rev);
      (sys.firmware as ReturnType<typeof standardFirmware>).on('FFA_MEM_SHARE_64', () => callFrame(FID.FFA_MEM_FRAG_RX, 5, 0, 64));
      const r = share(sys, base());
      expect(r.frame.slice(0, 3)).toEqual([BigInt(FID.FFA_ERROR), 0n, 64n]);
      expect(sys.xen.domains.get(1)!.ctx!.shmCount).toBe(0);
    });
    it(`${rev}: MEM_RECLAIM of a known handle goes to the SPMC, an unknown one is INVALID without SMC`, () => {
      const sys = ready(rev);
      const h = share(sys, base()).frame;
      expect(callTraced(sys, FID.FFA_MEM_RECLAIM, 0x1234, 0)).toMatchObject({ reply: INV, smcs: [] });
      const r = callTraced(sys, FID.FFA_MEM_RECLAIM, h[2]!, h[3]!, 0);
      expect(r).toMatchObject({ reply: 'FFA_SUCCESS_32()', smcs: [`FFA_MEM_RECLAIM(w1=0x${h[2]!.toString(16)})`] });
      expect(sys.xen.refs.held()).toEqual([maddr(0), maddr(1)]);
    });
  }
});

describe('EMAD size follows the firmware version in 4.22.0 (a90376c6ad)', () => {
  it('a v1.2 guest descriptor with 32-byte EMAD and IMPDEF to a 1.2 SPMC: IMPDEF forwarded at 56..71', () => {
    const sys = ready('4.22.0', { script: { version: 0x10002 }, version: 0x10002 });
    const impdef = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const enc = encodeMemTransaction(
      { senderId: 2, attributes: 0x2f, flags: 0, handle: 0n, tag: 0n, receivers: [{ access: { endpointId: 0x8001, perm: 2, flags: 0 }, impdef }],
        region: { totalPageCount: 1, ranges: [{ address: BigInt(ipa(4)), pageCount: 1 }] } },
      { version: 0x10002 },
    );
    if (!enc.ok) throw new RangeError(enc.error.message);
    expect(share(sys, enc.bytes).smcs).toEqual(['FFA_MEM_SHARE_64(x1=0x70, x2=0x70)']);
    const want = table(112, [[0, 2, 2], [2, 2, 0x2f], [24, 4, 32], [28, 4, 1], [32, 4, 48], [48, 2, 0x8001], [50, 1, 2], [52, 4, 80],
      ...Array.from(impdef, (b, i) => [56 + i, 1, b] as const), [80, 4, 1], [84, 4, 1], [96, 8, maddr(4)], [104, 4, 1]]);
    expect(hex(snapshotBytes(lastSmc(sys)!.tx, 0, 112))).toBe(hex(want));
  });
});
