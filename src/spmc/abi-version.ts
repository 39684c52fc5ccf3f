// FFA_VERSION (Arm DEN0077 13.2): the reply is the callee's version in w0, or NOT_SUPPORTED (-1)
// in w0. The SPMD (TF-A spmd_main.c) refuses bit 31 itself and otherwise hands the call to the
// SPMC, whose policy differs: Hafnium api_ffa_version(), TF-A ffa_version_handler(), OP-TEE
// spmc_exchange_version(). Where the policy locks the version, the lock itself is set at SMC
// entry (spmc.ts), as Hafnium's handler.c and TF-A's spmc_smc_handler() do.
import { type Frame, callFrame } from '../ffa/frame';
import { RET, retToWire } from '../ffa/errors';
import { versionLabel, versionMajor, versionMinor } from '../ffa/version';
import type { Call } from './_ctx';

function compatible(requested: number, own: number): boolean {
  return versionMajor(requested) === versionMajor(own) && versionMinor(requested) <= versionMinor(own);
}

function notSupported(c: Call, reason: string): Frame {
  c.record({ kind: 'refusal', seq: c.m.seq, abi: 'FFA_VERSION', code: RET.NOT_SUPPORTED, reason });
  return c.reply(retToWire(RET.NOT_SUPPORTED));
}

export function ffaVersion(c: Call): Frame {
  const requested = c.w(1);
  const own = c.p.version;
  if ((requested & 0x80000000) !== 0)
    return notSupported(c, `requested 0x${requested.toString(16)} has bit 31 set (SPMD check)`);
  switch (c.p.family) {
    case 'hafnium':
      if (!compatible(requested, own))
        return notSupported(c, `v${versionLabel(requested)} is not compatible with compiled v${versionLabel(own)}`);
      if (c.ep.versionLocked && requested !== c.ep.version)
        return notSupported(c, `cannot change v${versionLabel(c.ep.version)} after other FF-A calls`);
      record(c, requested);
      return callFrame(own);
    case 'tfa':
      if (c.ep.versionLocked) {
        if (c.ep.version === 0) return notSupported(c, 'negotiation closed by an earlier call, no version was set');
        c.note(`version locked: answering the negotiated v${versionLabel(c.ep.version)}`);
        return c.reply(c.ep.version);
      }
      if (compatible(requested, own)) record(c, requested);
      else c.note(`v${versionLabel(requested)} incompatible: answering v${versionLabel(own)} without recording`);
      return c.reply(own);
    case 'optee':
      // Renegotiation is allowed (the loader and the driver may differ); a minor above ours is
      // recorded as ours, another major is not recorded at all. The answer is always our version.
      if (versionMajor(requested) === versionMajor(own)) record(c, versionMinor(requested) > versionMinor(own) ? own : requested);
      return callFrame(own);
  }
}

function record(c: Call, v: number): void {
  if (c.ep.version !== v) c.note(`endpoint 0x${c.ep.id.toString(16)} version v${versionLabel(c.ep.version)} -> v${versionLabel(v)}`);
  c.ep.version = v;
}
