// Xen xen/arch/arm/tee/ffa.c ffa_probe(), ffa_probe_fw(), ffa_get_version(), ffa_abi_supported():
// version negotiation with the SPMC, the FFA_FEATURES probe, SPMC RX/TX and partition-info init.
import { FID, fidOf } from '../ffa/ids';
import { callFrame } from '../ffa/frame';
import { versionMajor, versionMinor } from '../ffa/version';
import { smcCall, type Proc } from '../sim/effects';
import { simpleCall } from './_smc';
import { notifInit } from './notif';
import { partinfoInit } from './partinfo-init';
import { rxtxSpmcDestroy, rxtxSpmcInit } from './rxtx-spmc';
import { fwSupportsFid, setAbiBit, RX_ACQUIRE, type Current, type Xen } from './xen';

/** FFA_MIN_SPMC_VERSION is 1.1. */
const MIN_SPMC_MINOR = 1;
const ALL_ONES = 0xffffffffffffffffn;

/**
 * ffa_get_version(): the reply's a0 is the version. Before the series a0 is compared with
 * (register_t)-1, so a 32-bit NOT_SUPPORTED (0xffffffff) is taken as version 0x7fff.0xffff and
 * refused as incompatible instead; the masked compare sees it as NOT_SUPPORTED.
 */
function* ffaGetVersion(xen: Xen): Proc<number | null> {
  const resp = yield* smcCall(callFrame(FID.FFA_VERSION, xen.sw.myVersion));
  const a0 = resp[0] ?? 0n;
  const notSupported = xen.sw.versionReplyMasked ? (a0 & 0xffffffffn) === 0xffffffffn : a0 === ALL_ONES;
  return notSupported ? null : Number(a0 & 0xffffffffn);
}

/** ffa_abi_supported(): FFA_FEATURES(id) succeeds. */
function* ffaAbiSupported(fid: number): Proc<boolean> {
  return (yield* simpleCall(FID.FFA_FEATURES, fid)) === 0;
}

/** How a scenario may force the firmware's RX_ACQUIRE bit after the probe ('probe': leave it). */
export type RxAcquireSetting = boolean | 'probe';

/** ffa_probe_fw(): true when the firmware is usable. */
export function* ffaProbeFw(xen: Xen, cur: Current, rxAcquire: RxAcquireSetting): Proc<boolean> {
  const ok = yield* probeFwBody(xen, cur, rxAcquire);
  if (ok) return true;
  // err_no_fw:
  xen.fwVersion = 0;
  xen.abiSupported.fill(0);
  xen.printk(cur, 'WARNING', 'ARM FF-A No firmware support');
  return false;
}

function* probeFwBody(xen: Xen, cur: Current, rxAcquire: RxAcquireSetting): Proc<boolean> {
  const vers = yield* ffaGetVersion(xen);
  if (vers === null) {
    xen.printk(cur, 'ERR', 'ffa: Cannot retrieve the FFA version');
    return false;
  }
  const major = versionMajor(vers);
  const minor = versionMinor(vers);
  if (major !== versionMajor(xen.sw.myVersion) || minor < MIN_SPMC_MINOR) {
    xen.printk(cur, 'ERR', `ffa: Incompatible firmware version ${major}.${minor}`);
    return false;
  }
  xen.printk(cur, 'INFO', `ARM FF-A Firmware version ${major}.${minor}`);
  xen.fwVersion = minor > versionMinor(xen.sw.myVersion) ? xen.sw.myVersion : vers;

  for (const name of xen.sw.probeList) {
    if (yield* ffaAbiSupported(fidOf(name))) setAbiBit(xen, fidOf(name), true);
    else xen.printk(cur, xen.sw.logs === 'reduced' ? 'WARNING' : 'INFO', `ARM FF-A Firmware does not support ${name}`);
  }
  if (xen.sw.send2ImpliesRxAcquire && !fwSupportsFid(xen, RX_ACQUIRE) && fwSupportsFid(xen, FID.FFA_MSG_SEND2)) {
    xen.printk(cur, 'WARNING', 'ARM FF-A Firmware reports FFA_MSG_SEND2 without FFA_RX_ACQUIRE');
    xen.printk(cur, 'WARNING', 'ffa: assuming RX_ACQUIRE support (workaround)');
    setAbiBit(xen, RX_ACQUIRE, true);
  }
  // Not Xen: a scenario switch. Before 4992308e97 the bit can only be set this way (B10).
  if (rxAcquire !== 'probe') setAbiBit(xen, RX_ACQUIRE, rxAcquire);

  if (!(yield* rxtxSpmcInit(xen, cur))) {
    xen.printk(cur, 'ERR', 'ffa: Error during RXTX buffer init');
    return false;
  }
  if (!(yield* partinfoInit(xen, cur))) {
    yield* rxtxSpmcDestroy(xen, cur);
    return false;
  }
  yield* notifInit(xen, cur);
  return true;
}

/** ffa_probe(): the mediator is usable with firmware, or for VM-to-VM only. */
export function* ffaProbe(xen: Xen, cur: Current, rxAcquire: RxAcquireSetting): Proc<boolean> {
  const my = xen.sw.myVersion;
  xen.printk(cur, 'INFO', `ARM FF-A Mediator version ${versionMajor(my)}.${versionMinor(my)}`);
  const fw = yield* ffaProbeFw(xen, cur, rxAcquire);
  if (!fw && !xen.vmToVm) return false;
  if (!fw) xen.printk(cur, 'ERR', 'ffa: VM to VM is enabled, system is insecure !!');
  if (!xen.fwVersion) xen.printk(cur, 'INFO', 'ARM FF-A only available between VMs');
  return true;
}
