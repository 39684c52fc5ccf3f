// FF-A function identifiers (Arm DEN0077, SMCCC fast calls owned by the standard secure service).
// 32-bit ids are 0x84000000 | n, 64-bit ids are 0xC4000000 | n; values as Xen's ffa.h defines them.

/** The SMCCC 64-bit calling-convention bit of a function id. */
export const SMC64_BIT = 0x40000000;

const FIDS = {
  FFA_ERROR: 0x84000060,
  FFA_SUCCESS_32: 0x84000061,
  FFA_SUCCESS_64: 0xc4000061,
  FFA_INTERRUPT: 0x84000062,
  FFA_VERSION: 0x84000063,
  FFA_FEATURES: 0x84000064,
  FFA_RX_RELEASE: 0x84000065,
  FFA_RXTX_MAP_32: 0x84000066,
  FFA_RXTX_MAP_64: 0xc4000066,
  FFA_RXTX_UNMAP: 0x84000067,
  FFA_PARTITION_INFO_GET: 0x84000068,
  FFA_ID_GET: 0x84000069,
  FFA_MSG_POLL: 0x8400006a,
  FFA_MSG_WAIT: 0x8400006b,
  FFA_MSG_YIELD: 0x8400006c,
  FFA_RUN: 0x8400006d,
  FFA_MSG_SEND: 0x8400006e,
  FFA_MSG_SEND_DIRECT_REQ_32: 0x8400006f,
  FFA_MSG_SEND_DIRECT_REQ_64: 0xc400006f,
  FFA_MSG_SEND_DIRECT_RESP_32: 0x84000070,
  FFA_MSG_SEND_DIRECT_RESP_64: 0xc4000070,
  FFA_MEM_DONATE_32: 0x84000071,
  FFA_MEM_DONATE_64: 0xc4000071,
  FFA_MEM_LEND_32: 0x84000072,
  FFA_MEM_LEND_64: 0xc4000072,
  FFA_MEM_SHARE_32: 0x84000073,
  FFA_MEM_SHARE_64: 0xc4000073,
  FFA_MEM_RETRIEVE_REQ_32: 0x84000074,
  FFA_MEM_RETRIEVE_REQ_64: 0xc4000074,
  FFA_MEM_RETRIEVE_RESP: 0x84000075,
  FFA_MEM_RELINQUISH: 0x84000076,
  FFA_MEM_RECLAIM: 0x84000077,
  FFA_MEM_FRAG_RX: 0x8400007a,
  FFA_MEM_FRAG_TX: 0x8400007b,
  FFA_NOTIFICATION_BITMAP_CREATE: 0x8400007d,
  FFA_NOTIFICATION_BITMAP_DESTROY: 0x8400007e,
  FFA_NOTIFICATION_BIND: 0x8400007f,
  FFA_NOTIFICATION_UNBIND: 0x84000080,
  FFA_NOTIFICATION_SET: 0x84000081,
  FFA_NOTIFICATION_GET: 0x84000082,
  FFA_NOTIFICATION_INFO_GET_32: 0x84000083,
  FFA_NOTIFICATION_INFO_GET_64: 0xc4000083,
  FFA_RX_ACQUIRE: 0x84000084,
  FFA_SPM_ID_GET: 0x84000085,
  FFA_MSG_SEND2: 0x84000086,
  FFA_CONSOLE_LOG_32: 0x8400008a,
  FFA_CONSOLE_LOG_64: 0xc400008a,
  FFA_PARTITION_INFO_GET_REGS: 0xc400008b,
  FFA_MSG_SEND_DIRECT_REQ2: 0xc400008d,
  FFA_MSG_SEND_DIRECT_RESP2: 0xc400008e,
} as const;

export type FidName = keyof typeof FIDS;

/** Every function id by name. Frozen: a table of facts, not state. */
export const FID: Readonly<Record<FidName, number>> = Object.freeze({ ...FIDS });

const BY_ID: ReadonlyMap<number, FidName> = new Map(
  (Object.keys(FIDS) as FidName[]).map((name) => [FIDS[name], name] as const),
);

/** Name of a function id, or undefined when it is not an FF-A id we know. */
export function fidName(fid: number): FidName | undefined {
  return BY_ID.get(fid >>> 0);
}

/** Function id of a name; the type system makes an unknown name a compile error. */
export function fidOf(name: FidName): number {
  return FIDS[name];
}

/** Display form used by traces and errors: the name, or the hex id when unknown. */
export function fidLabel(fid: number): string {
  return fidName(fid) ?? `0x${(fid >>> 0).toString(16).padStart(8, '0')}`;
}

/** True for ids using the SMC64 convention (full x-registers). */
export function isSmc64(fid: number): boolean {
  return ((fid >>> 0) & SMC64_BIT) !== 0;
}

/** The function number n (bits 15:0 of the id), as Xen's probe bitmap indexes it. */
export function fidNumber(fid: number): number {
  return (fid >>> 0) & 0xffff;
}

/** Every (name, id) pair, in table order. */
export function allFids(): ReadonlyArray<readonly [FidName, number]> {
  return (Object.keys(FIDS) as FidName[]).map((n) => [n, FIDS[n]] as const);
}
