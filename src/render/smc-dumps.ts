// The buffer bytes that matter at each SMC of a mediator trace, with their descriptor fields: the
// endpoint RX/TX descriptor in Xen's TX for a forwarded FFA_RXTX_MAP, the memory transaction
// descriptor for FFA_MEM_SHARE, the partition info entries in Xen's RX after PARTITION_INFO_GET.
import { fieldsOfEndpointRxtx } from '../descriptors/rxtx';
import { fieldsOfMemTransaction } from '../descriptors/memtx';
import { fieldsOfPartInfo } from '../descriptors/partinfo';
import type { FieldSpan } from '../descriptors/types';
import { FID } from '../ffa/ids';
import { V1_1, type FfaVersion } from '../ffa/version';
import { fidOfFrame, frameLabel, isSuccess, w } from '../ffa/frame';
import type { TraceEvent } from '../mediator/trace';
import { hexdumpHtml } from './hexdump';
import { escapeHtml } from './html';
import { smcTags } from './from-trace';

type SmcEvent = Extract<TraceEvent, { kind: 'smc' }>;

export interface SmcDump {
  /** "#3": the tag of the SMC's arrow in the sequence diagram. */
  readonly tag: string;
  /** The SMC's sequence number in the trace. */
  readonly seq: number;
  readonly call: string;
  readonly reply: string;
  readonly buffer: 'Xen TX (before the SMC)' | 'Xen RX (after the SMC)';
  readonly what: string;
  readonly bytes: Uint8Array;
  readonly fields: readonly FieldSpan[];
}

export interface SmcDumpOptions {
  /** FF-A version whose memory transaction layout Xen wrote (v1.1 header; 32-byte EMADs from v1.2). */
  readonly memTxVersion?: FfaVersion;
}

function zeroPadded(snap: Uint8Array | null, len: number): Uint8Array {
  const out = new Uint8Array(len);
  if (snap) out.set(snap.subarray(0, Math.min(len, snap.length)));
  return out;
}

function fieldsEnd(fields: readonly FieldSpan[]): number {
  return fields.reduce((end, f) => Math.max(end, f.offset + f.size), 0);
}

function dumpOf(e: SmcEvent, tag: string, o: SmcDumpOptions): SmcDump | undefined {
  const fid = fidOfFrame(e.frameIn);
  const base = { tag, seq: e.seq, call: frameLabel(e.frameIn), reply: frameLabel(e.frameOut) };
  const forwardedMap = (fid === FID.FFA_RXTX_MAP_64 || fid === FID.FFA_RXTX_MAP_32) && w(e.frameIn, 1) === 0 && w(e.frameIn, 2) === 0 && w(e.frameIn, 3) === 0;
  if (forwardedMap) {
    const page = zeroPadded(e.tx, 128);
    const fields = fieldsOfEndpointRxtx(page, { allowUnalignedOffsets: true });
    const bytes = page.slice(0, Math.max(16, fieldsEnd(fields)));
    return { ...base, buffer: 'Xen TX (before the SMC)', what: 'endpoint RX/TX descriptor', bytes, fields: fieldsOfEndpointRxtx(bytes, { allowUnalignedOffsets: true }) };
  }
  if (fid === FID.FFA_MEM_SHARE_64 || fid === FID.FFA_MEM_SHARE_32) {
    const bytes = zeroPadded(e.tx, Math.min(4096, w(e.frameIn, 1)));
    return { ...base, buffer: 'Xen TX (before the SMC)', what: 'memory transaction descriptor', bytes, fields: fieldsOfMemTransaction(bytes, { version: o.memTxVersion ?? V1_1 }) };
  }
  if (fid === FID.FFA_PARTITION_INFO_GET && isSuccess(e.frameOut) && (w(e.frameIn, 5) & 1) === 0) {
    const count = w(e.frameOut, 2);
    const size = w(e.frameOut, 3);
    if (count === 0 || size === 0 || count * size > 4096) return undefined;
    const bytes = zeroPadded(e.rx, count * size);
    return { ...base, buffer: 'Xen RX (after the SMC)', what: `${count} partition info entries of ${size} bytes`, bytes, fields: fieldsOfPartInfo(bytes, count, size) };
  }
  return undefined;
}

/** Every SMC of the trace that carries a descriptor, in order. */
export function smcDumps(trace: readonly TraceEvent[], o: SmcDumpOptions = {}): SmcDump[] {
  const tags = smcTags(trace);
  const out: SmcDump[] = [];
  for (const e of trace) {
    if (e.kind !== 'smc') continue;
    const d = dumpOf(e, tags.get(e.seq) ?? '', o);
    if (d) out.push(d);
  }
  return out;
}

export function smcDumpsHtml(dumps: readonly SmcDump[]): string {
  return dumps
    .map((d) => `<div style="margin:6px 0"><b>${escapeHtml(d.tag)}</b> <code>${escapeHtml(d.call)}</code> → <code>${escapeHtml(d.reply)}</code><br><span style="color:#57606a;font-size:12px">${escapeHtml(d.buffer)}: ${escapeHtml(d.what)}</span>${hexdumpHtml(d.bytes, { fields: d.fields })}</div>`)
    .join('');
}
