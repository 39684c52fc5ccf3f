// Arm DEN0077 FF-A SPMC behaviour as Hafnium's src/api.c shows it (spmc-implementations §1.3),
// reduced to scripted responders: enough state (Xen's RX owner, VM RX states, handles) for the
// mediator scenarios, with every answer written out here rather than computed by the SPMC model.
import { FID, fidOf, type FidName } from '../ffa/ids';
import { RET } from '../ffa/errors';
import { callFrame, errorFrame, success32, w, x, type Frame } from '../ffa/frame';
import { ScriptedFirmware, type Responder } from '../spmc/scripted';
import type { PhysMem } from '../sim/memory';

export interface ScriptPartition {
  readonly id: number;
  readonly execCount: number;
  readonly properties: number;
  readonly uuid: readonly [number, number, number, number];
}

/** Two SPs: 0x8001 (direct requests), 0x8002 (also subscribed to VM created/destroyed, bits 6/7). */
export const SCRIPT_PARTITIONS: readonly ScriptPartition[] = Object.freeze([
  { id: 0x8001, execCount: 4, properties: 0x103, uuid: [0xe0786148, 0xe311f8e7, 0x02005ebc, 0x1bc5d5a5] },
  { id: 0x8002, execCount: 4, properties: 0x1cb, uuid: [0x5c9f0d1a, 0x4b2e11ef, 0x8c3a0242, 0xac120002] },
] as const);

export interface StandardScriptOptions {
  readonly mem?: PhysMem;
  /** FFA_VERSION answer (default 1.1). */
  readonly version?: number;
  readonly partitions?: readonly ScriptPartition[];
  /** FFA_FEATURES reports RX_ACQUIRE (Hafnium >= v2.15) (default false, as Hafnium v2.14). */
  readonly featuresRxAcquire?: boolean;
  /** Notification ABIs reported (default false: no notification SMCs in the sequences). */
  readonly notifications?: boolean;
  /** Partition descriptor size written for PARTITION_INFO_GET (default 24). */
  readonly partinfoSize?: number;
  /** First handle handed out by MEM_SHARE (default 0x1000). */
  readonly firstHandle?: bigint;
}

const BASE_FEATURES: readonly FidName[] = [
  'FFA_VERSION', 'FFA_FEATURES', 'FFA_PARTITION_INFO_GET', 'FFA_RX_RELEASE', 'FFA_RXTX_MAP_64', 'FFA_RXTX_UNMAP',
  'FFA_MEM_SHARE_32', 'FFA_MEM_SHARE_64', 'FFA_MEM_RECLAIM', 'FFA_MSG_SEND_DIRECT_REQ_32',
  'FFA_MSG_SEND_DIRECT_REQ_64', 'FFA_MSG_SEND_DIRECT_REQ2', 'FFA_RUN',
];
const NOTIF_FEATURES: readonly FidName[] = [
  'FFA_NOTIFICATION_BITMAP_CREATE', 'FFA_NOTIFICATION_BITMAP_DESTROY', 'FFA_NOTIFICATION_GET', 'FFA_NOTIFICATION_INFO_GET_64',
];

type VmRx = 'free' | 'acquired' | 'full';

/** The state a standard script keeps between calls. */
interface State {
  hypTx: number | null;
  hypRx: number | null;
  hypRxFull: boolean;
  readonly vms: Map<number, VmRx>;
  readonly handles: Set<bigint>;
  nextHandle: bigint;
}

function partinfoBytes(parts: readonly ScriptPartition[], size: number): Uint8Array {
  const b = new Uint8Array(parts.length * size);
  const dv = new DataView(b.buffer);
  parts.forEach((p, i) => {
    dv.setUint16(i * size, p.id, true);
    dv.setUint16(i * size + 2, p.execCount, true);
    dv.setUint32(i * size + 4, p.properties, true);
    if (size >= 24) p.uuid.forEach((word, k) => dv.setUint32(i * size + 8 + 4 * k, word, true));
  });
  return b;
}

/** A ScriptedFirmware whose responders follow Hafnium's rules for the calls Xen makes. */
export function standardFirmware(opts: StandardScriptOptions = {}): ScriptedFirmware {
  const parts = opts.partitions ?? SCRIPT_PARTITIONS;
  const size = opts.partinfoSize ?? 24;
  const features = new Set<number>([...BASE_FEATURES, ...(opts.notifications ? NOTIF_FEATURES : []), ...(opts.featuresRxAcquire ? (['FFA_RX_ACQUIRE'] as const) : [])].map(fidOf));
  const s: State = { hypTx: null, hypRx: null, hypRxFull: false, vms: new Map(), handles: new Set(), nextHandle: opts.firstHandle ?? 0x1000n };
  const err = errorFrame;
  const h: Partial<Record<FidName, Responder>> = {
    FFA_VERSION: () => callFrame(opts.version ?? 0x10001),
    FFA_FEATURES: (f) => (features.has(w(f, 1)) ? success32(0) : w(f, 1) === 2 && opts.notifications ? success32(8) : err(RET.NOT_SUPPORTED)),
    FFA_RXTX_MAP_64: (f, c) => {
      if (x(f, 1) || x(f, 2) || x(f, 3)) {
        s.hypTx = Number(x(f, 1));
        s.hypRx = Number(x(f, 2));
        return success32();
      }
      if (s.hypTx === null || !c.mem) return err(RET.INVALID_PARAMETERS);
      const d = new DataView(c.mem.peek(s.hypTx, 12).buffer);
      // Hafnium >= v2.15 (b9c1912c) refuses offsets that are not 8-byte aligned; v2.14 reads them.
      s.vms.set(d.getUint16(0, true), 'free');
      return success32();
    },
    FFA_RXTX_UNMAP: (f) => {
      const id = (w(f, 1) >>> 16) & 0xffff;
      if (id === 0) return s.hypTx === null ? err(RET.INVALID_PARAMETERS) : ((s.hypTx = s.hypRx = null), success32());
      return s.vms.delete(id) ? success32() : err(RET.INVALID_PARAMETERS);
    },
    FFA_PARTITION_INFO_GET: (f, c) => {
      if (w(f, 5) & ~1) return err(RET.INVALID_PARAMETERS);
      if (w(f, 5) & 1) return success32(parts.length, 0);
      if (s.hypRx === null || s.hypRxFull) return err(RET.BUSY);
      c.mem?.write(s.hypRx, partinfoBytes(parts, size), 'spmc');
      s.hypRxFull = true;
      return success32(parts.length, size);
    },
    FFA_RX_RELEASE: (f) => {
      const id = w(f, 1) & 0xffff;
      if (id === 0) return s.hypRxFull ? ((s.hypRxFull = false), success32()) : err(RET.DENIED);
      const st = s.vms.get(id);
      if (st === undefined) return err(RET.INVALID_PARAMETERS);
      return st === 'free' ? err(RET.DENIED) : (s.vms.set(id, 'free'), success32());
    },
    FFA_RX_ACQUIRE: (f) => {
      const st = s.vms.get(w(f, 1) & 0xffff);
      if (st === undefined) return err(RET.INVALID_PARAMETERS);
      return st !== 'free' ? err(RET.DENIED) : (s.vms.set(w(f, 1) & 0xffff, 'acquired'), success32());
    },
    FFA_MEM_SHARE_64: (f) => {
      if (w(f, 1) > 4096 || w(f, 2) !== w(f, 1)) return err(RET.INVALID_PARAMETERS);
      const handle = s.nextHandle++;
      s.handles.add(handle);
      return success32(Number(handle & 0xffffffffn), Number(handle >> 32n));
    },
    FFA_MEM_RECLAIM: (f) => (s.handles.delete((x(f, 2) << 32n) | x(f, 1)) ? success32() : err(RET.INVALID_PARAMETERS)),
    FFA_MSG_SEND_DIRECT_REQ_32: (f) => directResp(f, FID.FFA_MSG_SEND_DIRECT_RESP_32),
    FFA_MSG_SEND_DIRECT_REQ_64: (f) => directResp(f, FID.FFA_MSG_SEND_DIRECT_RESP_64),
    FFA_NOTIFICATION_BITMAP_CREATE: () => success32(),
    FFA_NOTIFICATION_BITMAP_DESTROY: () => success32(),
  };
  return new ScriptedFirmware({ handlers: h, ...(opts.mem ? { mem: opts.mem } : {}) });
}

/** The SP answers: ids swapped; framework messages get msg+1 and status 0; others echo w3..w7. */
function directResp(f: Frame, respFid: number): Frame {
  const ids = ((w(f, 1) & 0xffff) << 16) | (w(f, 1) >>> 16);
  if (w(f, 2) & 0x80000000) return callFrame(respFid, ids >>> 0, (w(f, 2) + 1) >>> 0, 0);
  return callFrame(respFid, ids >>> 0, 0, x(f, 3), x(f, 4), x(f, 5), x(f, 6), x(f, 7));
}
