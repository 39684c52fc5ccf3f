// FFA_FEATURES (Arm DEN0077 13.3): w1 = function id (bit 31 set) or feature id, w2 = input
// properties. Check order per implementation: Hafnium api_ffa_features(), TF-A
// ffa_features_handler(), OP-TEE handle_features(); the lists themselves are features-tables.ts.
import { FID } from '../ffa/ids';
import { RET } from '../ffa/errors';
import type { Frame } from '../ffa/frame';
import { V1_1, V1_2 } from '../ffa/version';
import type { Call } from './_ctx';
import { hex } from './_mem';
import type { FeatureRule } from './personality';

const NPI = 1;
const SRI = 2;
const MEI = 3;
const NOTIFICATION_FEATURES = 4;
// Hafnium inc/vmapi/hf/types.h interrupt ids reported for the feature ids above.
const HF_MANAGED_EXIT_INTID = 4;
const HF_NOTIFICATION_PENDING_INTID = 5;
const HF_SCHEDULE_RECEIVER_INTID = 8;
/** Hafnium: buffer support (0) | NS-bit support (bit 1) | hypervisor retrieve (bit 2). */
const HF_RETRIEVE_PROPS = (1 << 1) | (1 << 2);
const NS_BIT_INPUT = 1 << 1;

function isRetrieveReq(fid: number): boolean {
  return fid === FID.FFA_MEM_RETRIEVE_REQ_32 || fid === FID.FFA_MEM_RETRIEVE_REQ_64;
}

function ruleFor(c: Call, fid: number): FeatureRule | undefined {
  return c.p.features.find((r) => r.fid === fid);
}

function audienceOk(c: Call, r: FeatureRule): boolean {
  switch (r.audience ?? 'any') {
    case 'any':
      return true;
    case 'nwd':
    case 'hypervisor':
      return c.caller === 0;
    case 'sp':
      return c.caller !== 0;
  }
}

/** A function id looked up in the personality's table. */
function fromTable(c: Call, fid: number): Frame {
  const r = ruleFor(c, fid);
  if (!r) return c.refuse(RET.NOT_SUPPORTED, `${hex(fid)} is not reported by ${c.p.name}`);
  if (!audienceOk(c, r)) return c.refuse(RET.NOT_SUPPORTED, `${hex(fid)} is only reported to ${r.audience} callers`);
  if (r.minCallerVersion !== undefined && c.ep.version < r.minCallerVersion)
    return c.refuse(RET.NOT_SUPPORTED, `${hex(fid)} needs a caller at v${r.minCallerVersion >> 16}.${r.minCallerVersion & 0xffff}+`);
  const w2 = r.w2 === 'rxtx-map' ? (c.ep.version >= V1_2 ? c.p.map.maxPages << 16 : 0) : (r.w2 ?? 0);
  return w2 === 0 && c.p.repliesEchoUnwrittenRegs ? c.reply(FID.FFA_SUCCESS_32) : c.reply(FID.FFA_SUCCESS_32, 0, w2);
}

function hafnium(c: Call, id: number, input: number): Frame {
  if ((id & 0x80000000) === 0) {
    if ((id & 0x7fffff00) !== 0) return c.refuse(RET.NOT_SUPPORTED, `feature id ${hex(id)}: bits [30:8] must be zero`);
    if (input !== 0) return c.refuse(RET.NOT_SUPPORTED, 'feature ids take no input properties');
    const sp = c.caller !== 0;
    if (id === NPI && sp) return c.reply(FID.FFA_SUCCESS_32, 0, HF_NOTIFICATION_PENDING_INTID);
    if (id === MEI && sp) return c.reply(FID.FFA_SUCCESS_32, 0, HF_MANAGED_EXIT_INTID);
    if (id === SRI && !sp) return c.reply(FID.FFA_SUCCESS_32, 0, HF_SCHEDULE_RECEIVER_INTID);
    // v1.3 notification features: no per-vCPU notifications for VMs (bit 0) nor SPs (bit 1).
    if (id === NOTIFICATION_FEATURES) return c.reply(FID.FFA_SUCCESS_32, 0, 3);
    return c.refuse(RET.NOT_SUPPORTED, `feature id ${id} not reported to this caller`);
  }
  if (isRetrieveReq(id)) {
    if (c.ep.version >= V1_1 && (input & NS_BIT_INPUT) === 0)
      return c.refuse(RET.NOT_SUPPORTED, 'MEM_RETRIEVE_REQ: a v1.1+ caller must set the NS-bit input property');
    return c.reply(FID.FFA_SUCCESS_32, 0, HF_RETRIEVE_PROPS);
  }
  return fromTable(c, id);
}

function tfa(c: Call, id: number, input: number): Frame {
  if ((id & 0x80000000) === 0) return c.refuse(RET.NOT_SUPPORTED, 'TF-A reports no feature ids');
  if (isRetrieveReq(id)) {
    // The normal world does not retrieve from the EL3 SPMC; asking for the NS bit is refused.
    if (c.caller === 0 && (input & NS_BIT_INPUT) !== 0) return c.refuse(RET.NOT_SUPPORTED, 'NS-bit retrieve not offered to the NWd');
    if (c.caller !== 0 && c.ep.version >= V1_1 && (input & NS_BIT_INPUT) === 0)
      return c.refuse(RET.NOT_SUPPORTED, 'MEM_RETRIEVE_REQ: a v1.1+ SP must set the NS-bit input property');
    return c.caller !== 0 && c.ep.version >= V1_1 ? c.reply(FID.FFA_SUCCESS_32, 0, NS_BIT_INPUT) : c.reply(FID.FFA_SUCCESS_32);
  }
  if (input !== 0) return c.refuse(RET.NOT_SUPPORTED, 'input properties must be zero');
  return fromTable(c, id);
}

function optee(c: Call, id: number): Frame {
  // handle_features() switches on the whole w1: small values are feature ids.
  if (id === MEI) return c.reply(FID.FFA_SUCCESS_32, 0, 0);
  if (id === SRI) return c.refuse(RET.NOT_SUPPORTED, 'SRI reported only once notifications are ready (not modelled)');
  return fromTable(c, id);
}

export function ffaFeatures(c: Call): Frame {
  const id = c.w(1);
  const input = c.w(2);
  switch (c.p.family) {
    case 'hafnium':
      return hafnium(c, id, input);
    case 'tfa':
      return tfa(c, id, input);
    case 'optee':
      return optee(c, id);
  }
}
