// JSON Schema of the SPMC suite (vectors/spmc/<personality>.json): register-level step lists with
// the replies and buffer bytes an SPMC personality gives.
import { arr, bool, int, obj, oneOfConst, ref, str, type Schema } from './_build';
import { fileSchema, testBaseProps } from './common';

export const SPMC_SCHEMA_FILE = 'spmc.schema.json';

const PERSONALITY_NAMES = ['hafnium-v2.14', 'hafnium-v2.15', 'hafnium-head', 'tfa-el3-spmc', 'optee'];

function defs(): Record<string, Schema> {
  return {
    regRef: obj({ register: int(1, 17), fromStep: int(1, 10_000), fromRegister: int(0, 17) }, [], 'this register carries the value of fromRegister in the reply of step fromStep'),
    memRef: obj({ offset: int(0, 1 << 20), size: oneOfConst([4, 8]), fromStep: int(1, 10_000), fromRegister: int(0, 17) }, [], 'these bytes carry the low `size` bytes (little endian) of fromRegister in the reply of step fromStep'),
    rxBytes: obj({ endpoint: ref('id16'), address: ref('reg'), offset: int(0, 1 << 20), bytes: ref('bytes') }),
    step: {
      oneOf: [
        obj({ step: int(1, 10_000), kind: { const: 'write' }, by: ref('id16'), address: ref('reg'), bytes: ref('bytes'), refs: arr(ref('memRef'), { min: 1 }) }, ['refs']),
        obj(
          {
            step: int(1, 10_000),
            kind: { const: 'smc' },
            caller: ref('id16'),
            call: ref('frame'),
            reply: ref('frame'),
            refs: arr(ref('regRef'), { min: 1 }),
            rx: ref('rxBytes'),
          },
          ['reply', 'refs', 'rx'],
        ),
      ],
    },
    mailbox: obj({
      endpoint: ref('id16'), tx: ref('reg'), rx: ref('reg'), pages: int(1, 64), ownership: oneOfConst(['free', 'full', 'acquired']),
    }),
    region: obj({ base: ref('reg'), pages: int(1, 1 << 20), kind: oneOfConst(['ns-ram', 'secure', 'freed-ns-ram']), use: str() }),
    partition: obj({ id: ref('id16'), uuid: arr(ref('reg'), { min: 4, max: 4 }), execCount: int(1, 0xffff), properties: ref('uint') }),
  };
}

function test(): Schema {
  return obj(
    { ...testBaseProps(), steps: arr(ref('step'), { min: 1 }), mailboxes: arr(ref('mailbox')), firmwarePanic: str() },
    ['firmwarePanic'],
  );
}

function group(): Schema {
  return obj({
    type: { const: 'SpmcSteps' },
    personality: oneOfConst(PERSONALITY_NAMES),
    source: str(),
    spmcVersion: str('^1\\.[0-9]+$'),
    setup: oneOfConst(['default', 'many', 'none']),
    repliesEchoCallerRegs: bool(),
    memory: arr(ref('region'), { min: 1 }),
    partitions: arr(ref('partition')),
    tests: arr(test(), { min: 1 }),
  });
}

export function spmcSchema(): Schema {
  return fileSchema(SPMC_SCHEMA_FILE, 'spmc', 'ffa-lab golden vectors: SPMC register-level step lists', group(), defs());
}
