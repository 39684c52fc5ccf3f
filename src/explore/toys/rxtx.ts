// A toy of one domain's RX buffer bookkeeping in Xen's mediator (xen-ffa-revisions.md §2.6, §2.8,
// §2.9): RXTX_MAP, RXTX_UNMAP and a PARTITION_INFO_GET that marks RX owned under rx_lock, drops
// the lock, then copies into the page. Switches stand for the revisions' differences.
import { RET, errorFrame, getRetCode, isError, success32, type Frame } from '../../ffa/index';
import { isFrame } from '../../sim/_label';
import { access, runSequential, SpinLock, spinLock, spinUnlock, type EffectHost, type Proc } from '../../sim/effects';
import { Mapping, PhysMem } from '../../sim/memory';
import type { ExploreWorld, WorldFactory } from '../types';

export interface RxtxToyOptions {
  /** v1+: map and unmap run under ctx rx_lock (B8 fixed). */
  readonly ctxLocks: boolean;
  /** 4.22.0: unmap answers DENIED while RX is owned (B7 fixed). */
  readonly unmapChecksOwner: boolean;
  /** Map the buffers before the concurrent part. */
  readonly premapped: boolean;
  /** Calls per vCPU, by name. */
  readonly vcpus: readonly (readonly ('map' | 'unmap' | 'partinfo')[])[];
}

const RX_PA = 0x40000;
const LABEL = Object.freeze({ map: 'RXTX_MAP', unmap: 'RXTX_UNMAP', partinfo: 'PARTITION_INFO_GET' });

export function rxtxToy(o: RxtxToyOptions): WorldFactory {
  return (): ExploreWorld => {
    const mem = new PhysMem();
    mem.addRegion(RX_PA, 1, 'guest-ram', 'd1');
    const rxLock = new SpinLock('d1.rx_lock');
    const ctx: { rx: Mapping | null; pageCount: number; rxIsFree: boolean } = { rx: null, pageCount: 0, rxIsFree: false };
    const host: EffectHost = { smc: () => success32() };
    function* lock(): Proc<void> {
      if (o.ctxLocks) yield* spinLock(rxLock);
    }
    function* unlock(): Proc<void> {
      if (o.ctxLocks) yield* spinUnlock(rxLock);
    }
    function* map(): Proc<Frame> {
      yield* lock();
      yield* access('read', 'd1.ctx.page_count');
      if (ctx.pageCount !== 0) {
        yield* unlock();
        return errorFrame(RET.DENIED);
      }
      yield* access('write', 'd1.ctx.rx');
      ctx.rx = new Mapping(mem, RX_PA, 'd1 RX');
      yield* access('write', 'd1.ctx.page_count');
      ctx.pageCount = 1;
      yield* access('write', 'd1.ctx.rx_is_free');
      ctx.rxIsFree = true;
      yield* unlock();
      return success32();
    }
    function* unmap(): Proc<Frame> {
      yield* lock();
      yield* access('read', 'd1.ctx.page_count');
      if (ctx.pageCount === 0) {
        yield* unlock();
        return errorFrame(RET.INVALID_PARAMETERS);
      }
      if (o.unmapChecksOwner) {
        yield* access('read', 'd1.ctx.rx_is_free');
        if (!ctx.rxIsFree) {
          yield* unlock();
          return errorFrame(RET.DENIED);
        }
      }
      yield* access('write', 'd1.ctx.rx');
      ctx.rx?.unmap();
      ctx.rx = null;
      yield* access('write', 'd1.ctx.page_count');
      ctx.pageCount = 0;
      yield* access('write', 'd1.ctx.rx_is_free');
      ctx.rxIsFree = false;
      yield* unlock();
      return success32();
    }
    function* partinfo(): Proc<Frame> {
      yield* spinLock(rxLock);
      yield* access('read', 'd1.ctx.page_count');
      yield* access('read', 'd1.ctx.rx_is_free');
      if (ctx.pageCount === 0 || !ctx.rxIsFree) {
        yield* spinUnlock(rxLock);
        return errorFrame(ctx.pageCount === 0 ? RET.DENIED : RET.BUSY);
      }
      yield* access('write', 'd1.ctx.rx_is_free');
      ctx.rxIsFree = false;
      const m = ctx.rx!;
      yield* spinUnlock(rxLock);
      yield* access('write', 'd1.rx', 'partition info copy');
      m.write(0, new Uint8Array(24).fill(0xaa), 'xen');
      return success32(1, 24);
    }
    const procs = { map, unmap, partinfo };
    if (o.premapped) runSequential(map(), host);
    return {
      host,
      mem,
      tasks: o.vcpus.map((calls, i) => ({
        label: `d1v${i}`,
        calls: calls.map((c) => ({ label: LABEL[c], start: procs[c] })),
      })),
      isRetryable: (v) => isFrame(v) && isError(v) && getRetCode(v) === RET.BUSY,
      guestView: () => `mapped=${ctx.pageCount}`,
    };
  };
}
