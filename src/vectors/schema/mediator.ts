// JSON Schema of the mediator suite (vectors/mediator/<revision>/<area>.json): guest steps, the
// SMCs Xen makes with the SPMC buffer bytes they define, guest replies and final guest RX bytes.
import { arr, bool, int, obj, oneOfConst, ref, str, type Schema } from './_build';
import { fileSchema, testBaseProps } from './common';

export const MEDIATOR_SCHEMA_FILE = 'mediator.schema.json';

const REVISIONS = ['S0', 'v0', 'v1', 'v2', '4.22.0'];

function defs(): Record<string, Schema> {
  const span = obj({ offset: int(0, 1 << 20), bytes: ref('bytes') });
  const smc = obj(
    { call: ref('frame'), reply: ref('frame'), xenBuffers: oneOfConst(['mapped', 'none']), xenTx: span, xenRx: span },
    ['xenTx', 'xenRx'],
  );
  const base = { step: int(1, 10_000) };
  return {
    smc,
    step: {
      oneOf: [
        obj({ ...base, op: { const: 'call' }, domid: int(0, 0x7ffe), vcpu: int(0, 255), call: ref('frame'), reply: ref('frame'), smcs: arr(ref('smc')) }, ['reply']),
        obj({ ...base, op: { const: 'write' }, domid: int(0, 0x7ffe), address: ref('reg'), bytes: ref('bytes') }),
        obj({ ...base, op: { const: 'create' }, domid: int(0, 0x7ffe), vmId: ref('id16'), status: int(-100, 100), smcs: arr(ref('smc')) }, ['status']),
        obj({ ...base, op: { const: 'destroy' }, domid: int(0, 0x7ffe), ok: bool(), smcs: arr(ref('smc')) }, ['ok']),
        obj({ ...base, op: oneOfConst(['boot', 'timer']), ok: bool(), smcs: arr(ref('smc')) }, ['ok']),
        obj({ ...base, op: { const: 'spmc-destroy' }, smcs: arr(ref('smc')) }),
        obj({ ...base, op: { const: 'fail-global-map' } }),
        obj({ ...base, op: { const: 'fill-xen-tx' }, byte: int(0, 255) }),
      ],
    },
    guestRx: obj({ domid: int(0, 0x7ffe), address: ref('reg'), bytes: ref('bytes') }),
    firmware: obj({ script: str(), version: str('^[0-9]+\\.[0-9]+$'), featuresRxAcquire: bool(), tweaks: arr(str()) }),
  };
}

function test(): Schema {
  return obj(
    { ...testBaseProps(), firmware: ref('firmware'), steps: arr(ref('step'), { min: 1 }), finalGuestRx: arr(ref('guestRx')), xenPanic: str() },
    ['xenPanic'],
  );
}

function group(): Schema {
  return obj({
    type: { const: 'MediatorScenario' },
    revision: oneOfConst(REVISIONS),
    revisionTitle: str(),
    revisionBase: str(),
    fwRxAcquire: oneOfConst(['probe', 'on']),
    debugBuild: bool(),
    layout: obj({ xenHeap: ref('reg'), guestIpaBase: ref('reg'), guestRamBase: ref('reg'), guestRamStride: ref('reg') }),
    tests: arr(test(), { min: 1 }),
  });
}

export function mediatorSchema(): Schema {
  return fileSchema(MEDIATOR_SCHEMA_FILE, 'mediator', 'ffa-lab golden vectors: Xen FF-A mediator scenarios per revision', group(), defs());
}
