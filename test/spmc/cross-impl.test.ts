// The cross-implementation table of spmc-implementations.md §1.7 (plus the FFA_FEATURES,
// FFA_VERSION and ownership-across-remap rows of the brief), one test per row and personality.
// Expected values are the table's cells, written out here, never read back from the model.
import { describe, expect, it } from 'vitest';
import { FID, RET, w, type Frame } from '../../src/ffa/index';
import type { PersonalityName } from '../../src/spmc/index';
import {
  ALL, GUEST, HYP_RX, HYP_TX, SECURE, VM1, VM1_RX, VM1_TX, boot, call, errCode, isOk, world, writeRxtxDescriptor, type World,
} from './_world';

type Outcome = 'OK' | 'DENIED' | 'INVALID' | 'NOT_SUPPORTED' | 'BUSY' | string;

function outcome(f: Frame): Outcome {
  if (isOk(f)) return 'OK';
  switch (errCode(f)) {
    case RET.DENIED:
      return 'DENIED';
    case RET.INVALID_PARAMETERS:
      return 'INVALID';
    case RET.NOT_SUPPORTED:
      return 'NOT_SUPPORTED';
    case RET.BUSY:
      return 'BUSY';
    default:
      return `0x${w(f, 0).toString(16)}/${w(f, 2)}`;
  }
}

const SP1 = 0x8001;
const SP_TX = SECURE;
const SP_RX = SECURE + 0x1000;

interface Row {
  readonly row: string;
  readonly expect: Readonly<Record<PersonalityName, Outcome | number>>;
  readonly run: (w: World) => Outcome | number;
  readonly guestPages?: number;
}

const same = (v: Outcome | number): Record<PersonalityName, Outcome | number> => ({
  'hafnium-v2.14': v, 'hafnium-v2.15': v, 'hafnium-head': v, 'tfa-el3-spmc': v, optee: v,
});
const hafTfaOptee = (haf: Outcome | number, tfa: Outcome | number, optee: Outcome | number): Record<PersonalityName, Outcome | number> => ({
  'hafnium-v2.14': haf, 'hafnium-v2.15': haf, 'hafnium-head': haf, 'tfa-el3-spmc': tfa, optee,
});

const versioned = (s: World['spmc']): void => void call(s, 0, FID.FFA_VERSION, 0x10002);
const fillRx = (s: World['spmc']): void => void expect(isOk(call(s, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))).toBe(true);

const ROWS: Row[] = [
  { row: 'RXTX_MAP when already mapped', expect: same('DENIED'), run: ({ spmc }) => (boot(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_MAP_64, VM1_TX, VM1_RX, 1))) },
  { row: 'RXTX_MAP page count 0', expect: same('INVALID'), run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 0))) },
  {
    row: 'RXTX_MAP most pages mapped, asking 63 then 31 then 1 (Hafnium build max 1, TF-A 31, OP-TEE 63)',
    guestPages: 128,
    expect: hafTfaOptee(1, 31, 63),
    run: ({ spmc }) => {
      versioned(spmc);
      for (const n of [63, 31, 1]) if (isOk(call(spmc, 0, FID.FFA_RXTX_MAP_64, GUEST, GUEST + 64 * 0x1000, n))) break;
      return spmc.mailboxes()[0]?.pages ?? 0;
    },
  },
  {
    row: 'RXTX_MAP w3 = 33: TF-A keeps x3 & 0x1f (1 page), Hafnium refuses, OP-TEE maps 33',
    guestPages: 128,
    expect: hafTfaOptee('INVALID', 1, 'OK'),
    run: ({ spmc }) => {
      versioned(spmc);
      const f = call(spmc, 0, FID.FFA_RXTX_MAP_64, GUEST, GUEST + 64 * 0x1000, 33);
      return spmc.personality.family === 'tfa' && isOk(f) ? spmc.mailboxes()[0]!.pages : outcome(f);
    },
  },
  {
    row: 'RXTX_MAP one page above the maximum',
    guestPages: 128,
    expect: hafTfaOptee('INVALID', 'INVALID', 'INVALID'),
    run: ({ spmc, }) => {
      versioned(spmc);
      const n = spmc.personality.family === 'hafnium' ? 2 : spmc.personality.family === 'tfa' ? 32 : 64;
      return outcome(call(spmc, 0, FID.FFA_RXTX_MAP_64, GUEST, GUEST + n * 0x1000, n));
    },
  },
  { row: 'RXTX_MAP TX == RX', expect: hafTfaOptee('INVALID', 'INVALID', 'OK'), run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_TX, 1))) },
  {
    row: 'RXTX_MAP forwarded (0,0,0 + descriptor)',
    expect: hafTfaOptee('OK', 'INVALID', 'INVALID'),
    run: ({ spmc, mem }) => {
      boot(spmc);
      writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
      return outcome(call(spmc, 0, FID.FFA_RXTX_MAP_64, 0, 0, 0));
    },
  },
  { row: 'RXTX_MAP_32', expect: hafTfaOptee('NOT_SUPPORTED', 'OK', 'OK'), run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_MAP_32, HYP_TX, HYP_RX, 1))) },
  { row: 'RXTX_UNMAP, nothing mapped', expect: same('INVALID'), run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_UNMAP, 0))) },
  {
    row: 'RXTX_UNMAP while RX consumer-owned',
    expect: same('OK'),
    run: ({ spmc }) => (boot(spmc), fillRx(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_UNMAP, 0))),
  },
  {
    row: 'RX ownership after unmap while full and a new map (kept: Hafnium, TF-A; reset: OP-TEE)',
    expect: hafTfaOptee('full', 'full', 'free'),
    run: ({ spmc }) => {
      boot(spmc);
      fillRx(spmc);
      call(spmc, 0, FID.FFA_RXTX_UNMAP, 0);
      expect(isOk(call(spmc, 0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1))).toBe(true);
      return spmc.rxState(0)!.ownership;
    },
  },
  {
    row: 'RXTX_UNMAP w1 != 0 from an SP',
    expect: hafTfaOptee('INVALID', 'INVALID', 'OK'),
    run: ({ spmc }) => {
      call(spmc, SP1, FID.FFA_VERSION, 0x10002);
      expect(isOk(call(spmc, SP1, FID.FFA_RXTX_MAP_64, SP_TX, SP_RX, 1))).toBe(true);
      return outcome(call(spmc, SP1, FID.FFA_RXTX_UNMAP, SP1 << 16));
    },
  },
  {
    row: 'RXTX_UNMAP w1 naming a VM that has no buffers, from the hypervisor',
    expect: hafTfaOptee('INVALID', 'INVALID', 'OK'),
    run: ({ spmc }) => (boot(spmc), outcome(call(spmc, 0, FID.FFA_RXTX_UNMAP, VM1 << 16))),
  },
  { row: 'RX_RELEASE when already free', expect: same('DENIED'), run: ({ spmc }) => (boot(spmc), outcome(call(spmc, 0, FID.FFA_RX_RELEASE, 0))) },
  { row: 'PARTITION_INFO_GET without RX mapped', expect: same('BUSY'), run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))) },
  {
    row: 'PARTITION_INFO_GET while RX full',
    expect: same('BUSY'),
    run: ({ spmc }) => (boot(spmc), fillRx(spmc), outcome(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0))),
  },
  {
    row: 'PARTITION_INFO_GET unknown UUID (count in w2 when OK)',
    expect: hafTfaOptee('INVALID', 'INVALID', 0),
    run: ({ spmc }) => {
      boot(spmc);
      const f = call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 1, 2, 3, 4, 0);
      return isOk(f) ? w(f, 2) : outcome(f);
    },
  },
  {
    row: 'PARTITION_INFO_GET count-only w3',
    expect: same(0),
    run: ({ spmc }) => {
      versioned(spmc);
      const f = call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 1);
      expect(w(f, 2)).toBe(3);
      return w(f, 3);
    },
  },
  {
    row: 'PARTITION_INFO_GET w3 for a v1.0 caller',
    expect: hafTfaOptee(8, 0, 0),
    run: ({ spmc }) => (boot(spmc, 0x10000), w(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), 3)),
  },
  {
    row: 'PARTITION_INFO_GET w3 for a v1.1 caller',
    expect: { 'hafnium-v2.14': 24, 'hafnium-v2.15': 48, 'hafnium-head': 48, 'tfa-el3-spmc': 24, optee: 24 },
    run: ({ spmc }) => (boot(spmc, 0x10001), w(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), 3)),
  },
  {
    row: 'PARTITION_INFO_GET w3 for a v1.2 caller',
    expect: { 'hafnium-v2.14': 24, 'hafnium-v2.15': 48, 'hafnium-head': 48, 'tfa-el3-spmc': 24, optee: 24 },
    run: ({ spmc }) => (boot(spmc, 0x10002), w(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0), 3)),
  },
  {
    row: 'PARTITION_INFO_GET flags bits [31:1] != 0',
    expect: hafTfaOptee('INVALID', 'OK', 'OK'),
    run: ({ spmc }) => (boot(spmc), outcome(call(spmc, 0, FID.FFA_PARTITION_INFO_GET, 0, 0, 0, 0, 0x2))),
  },
  {
    row: 'RX_ACQUIRE of a VM with forwarded buffers, from the hypervisor',
    expect: hafTfaOptee('OK', 'NOT_SUPPORTED', 'NOT_SUPPORTED'),
    run: ({ spmc, mem }) => {
      boot(spmc);
      writeRxtxDescriptor(mem, { vm: VM1, rx: VM1_RX, tx: VM1_TX });
      call(spmc, 0, FID.FFA_RXTX_MAP_64, 0, 0, 0);
      return outcome(call(spmc, 0, FID.FFA_RX_ACQUIRE, VM1));
    },
  },
  {
    row: 'RX_ACQUIRE from an SP',
    expect: same('NOT_SUPPORTED'),
    run: ({ spmc }) => (call(spmc, SP1, FID.FFA_VERSION, 0x10002), outcome(call(spmc, SP1, FID.FFA_RX_ACQUIRE, VM1))),
  },
  {
    row: 'FFA_FEATURES(FFA_RX_ACQUIRE) to the hypervisor (Hafnium <= v2.14 omits it, 7ae7d281)',
    expect: { 'hafnium-v2.14': 'NOT_SUPPORTED', 'hafnium-v2.15': 'OK', 'hafnium-head': 'OK', 'tfa-el3-spmc': 'NOT_SUPPORTED', optee: 'NOT_SUPPORTED' },
    run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_RX_ACQUIRE))),
  },
  {
    row: 'FFA_FEATURES(FFA_RXTX_MAP_32)',
    expect: hafTfaOptee('NOT_SUPPORTED', 'OK', 'OK'),
    run: ({ spmc }) => (versioned(spmc), outcome(call(spmc, 0, FID.FFA_FEATURES, FID.FFA_RXTX_MAP_32))),
  },
  {
    row: 'FFA_VERSION(1.1) after v1.2 was used (w0 of the reply)',
    // Hafnium: a different version after other calls is NOT_SUPPORTED; TF-A: the negotiated
    // version comes back; OP-TEE: renegotiates and answers its own version (§2.5).
    expect: hafTfaOptee(0xffffffff, 0x10002, 0x10002),
    run: ({ spmc }) => (boot(spmc), w(call(spmc, 0, FID.FFA_VERSION, 0x10001), 0)),
  },
  {
    row: 'a call before any FFA_VERSION (TF-A: no version negotiated)',
    expect: hafTfaOptee('OK', 'NOT_SUPPORTED', 'OK'),
    run: ({ spmc }) => outcome(call(spmc, 0, FID.FFA_RXTX_MAP_64, HYP_TX, HYP_RX, 1)),
  },
];

describe.each(ROWS)('§1.7 $row', ({ expect: exp, run, guestPages }) => {
  it.each(ALL)('%s', (name) => {
    const wld = world(name, undefined, guestPages);
    expect(run(wld)).toBe(exp[name]);
  });
});
