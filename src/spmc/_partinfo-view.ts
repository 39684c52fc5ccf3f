// What FFA_PARTITION_INFO_GET reports about each SP, as seen by one caller (Arm DEN0077
// "Partition information descriptor"): which SPs a UUID matches, their properties after each
// implementation's masking, and the UUID fields. Hafnium api_ffa_fill_partitions_info_array() and
// ffa_setup_partition_properties(); TF-A partition_info_get_handler_v1_1(); OP-TEE
// spmc_fill_partition_entry().
import type { PartInfo, PartInfoSize } from '../descriptors/types';
import { wordsToUuid } from '../descriptors/uuid';
import { V1_0, V1_1, V1_2 } from '../ffa/version';
import type { Call } from './_ctx';
import { PROP, PROP_V1_0_MASK } from './partitions';
import type { SpConfig, UuidWords } from './types';

export interface Query {
  readonly uuid: UuidWords;
  readonly nil: boolean;
}

export function queryOf(c: Call): Query {
  const uuid: UuidWords = [c.w(1), c.w(2), c.w(3), c.w(4)];
  return { uuid, nil: uuid.every((w) => w === 0) };
}

export function matches(c: Call, q: Query): SpConfig[] {
  const out: SpConfig[] = [];
  for (const ep of c.m.eps.sps.values()) {
    const sp = ep.sp;
    if (sp && (q.nil || sp.uuid.every((w, i) => (w >>> 0) === q.uuid[i]))) out.push(sp);
  }
  return out;
}

/** OP-TEE masks by the caller's version: bits [2:0] for v1.0, bits [8:0] below v1.2. */
const OPTEE_V1_1_MASK = 0x1ff;

export function propertiesFor(c: Call, sp: SpConfig): number {
  const v = c.ep.version;
  let props = sp.properties >>> 0;
  switch (c.p.family) {
    case 'hafnium': {
      // SPs cannot send direct requests to the NWd; VM availability bits only reach the NWd, and
      // only for SPs that receive direct requests.
      if (c.caller === 0) props &= ~(PROP.DIRECT_REQ_SEND | PROP.DIRECT_REQ2_SEND);
      const vmBits = PROP.VM_CREATED | PROP.VM_DESTROYED;
      if (c.caller !== 0 || (props & PROP.DIRECT_REQ_RECV) === 0) props &= ~vmBits;
      props |= PROP.AARCH64;
      return v === V1_0 ? props & PROP_V1_0_MASK : props;
    }
    case 'tfa':
      props |= PROP.AARCH64; // execution state from the SP descriptor; our SPs are AArch64
      return v === V1_0 ? props & PROP_V1_0_MASK : props;
    case 'optee':
      if (v < V1_1) return props & PROP_V1_0_MASK;
      return v < V1_2 ? props & OPTEE_V1_1_MASK : props;
  }
}

const NIL = new Uint8Array(16);

/** One descriptor's fields for `size` bytes (8, 24 or 48). */
export function entryFor(c: Call, sp: SpConfig, q: Query, size: PartInfoSize): PartInfo {
  const execCount = c.p.family === 'tfa' ? c.m.cpuCount : sp.execCount;
  const base = { id: sp.id, execCount, properties: propertiesFor(c, sp) };
  if (size === 8) return base;
  // Hafnium and TF-A leave the UUID out when the query named it; OP-TEE always writes it.
  const uuid = q.nil || c.p.family === 'optee' ? wordsToUuid(...sp.uuid) : NIL;
  if (size === 24) return { ...base, uuid };
  const image = sp.imageUuid ? wordsToUuid(...sp.imageUuid) : NIL;
  return { ...base, uuid, imageUuid: image, partitionVersion: sp.ffaVersion ?? V1_2 };
}
