// JSON Schema of the concurrency suite (vectors/concurrency/<revision>.json): an explorer scenario
// per group, a schedule string per test, and the outcome of replaying it on the revision.
import { arr, bool, int, obj, oneOfConst, ref, str, type Schema } from './_build';
import { fileSchema, testBaseProps } from './common';

export const CONCURRENCY_SCHEMA_FILE = 'concurrency.schema.json';

const REVISIONS = ['S0', 'v0', 'v1', 'v2', '4.22.0'];
const LANE = '^[a-zA-E]$';
const SCHEDULE = '^([a-zA-E][0-9]*)*$';

function defs(): Record<string, Schema> {
  const base = { step: int(1, 1000) };
  return {
    lane: str(LANE, 'a vCPU lane: its letter in schedule strings'),
    schedule: str(SCHEDULE, 'run-length encoded vCPU choices; the default policy after the end'),
    smc: obj({ call: ref('frame'), reply: ref('frame') }),
    laneSmc: obj({ lane: ref('lane'), call: ref('frame'), reply: ref('frame') }),
    setupStep: {
      oneOf: [
        obj({ ...base, op: { const: 'boot' } }),
        obj({ ...base, op: { const: 'create' }, domid: int(1, 0x7ffe), ramPages: int(1, 1 << 20) }, ['ramPages']),
        obj({ ...base, op: { const: 'call' }, domid: int(1, 0x7ffe), vcpu: int(0, 255), call: ref('frame'), reply: ref('frame') }),
        obj({ ...base, op: { const: 'spmc-destroy' } }),
      ],
    },
    vcpu: obj({ lane: ref('lane'), domid: int(1, 0x7ffe), vcpu: int(0, 255), calls: arr(obj({ label: str(), call: ref('frame') }), { min: 1 }) }),
    end: obj(
      {
        kind: oneOfConst(['complete', 'assert-panic', 'bug-panic', 'deadlock-panic', 'lock-misuse-panic', 'crash', 'deadlock', 'step-limit', 'stopped']),
        lane: ref('lane'),
        detail: str(),
        waits: arr(obj({ lane: ref('lane'), op: str(), lock: str(), holders: arr(ref('lane')) }), { min: 1 }),
      },
      ['lane', 'detail', 'waits'],
    ),
    finding: obj(
      { kind: str('^[a-z-]+$'), where: str(), lane: { oneOf: [ref('lane'), { type: 'null' }] }, calls: arr(str()), ledgerId: str('^B[0-9]{1,2}$') },
      ['ledgerId'],
    ),
  };
}

function test(): Schema {
  return obj(
    {
      ...testBaseProps(),
      schedule: ref('schedule'),
      foundOn: arr(oneOfConst(REVISIONS), { unique: true }),
      scheduleRan: ref('schedule'),
      divergedAt: int(0, 1_000_000),
      end: ref('end'),
      findings: arr(ref('finding')),
      vcpus: arr(obj({ lane: ref('lane'), replies: arr(ref('frame')) }), { min: 1 }),
      smcs: arr(ref('laneSmc')),
    },
    ['divergedAt'],
  );
}

function group(): Schema {
  return obj({
    type: { const: 'ConcurrencyScenario' },
    revision: oneOfConst(REVISIONS),
    revisionTitle: str(),
    revisionBase: str(),
    scenario: str('^[a-z0-9-]+$'),
    summary: str(),
    fwRxAcquire: oneOfConst(['probe', 'on']),
    debugBuild: bool(),
    firmware: obj({ script: str(), version: str('^[0-9]+\\.[0-9]+$'), featuresRxAcquire: bool() }),
    layout: obj({ xenHeap: ref('reg'), guestIpaBase: ref('reg'), guestRamBase: ref('reg'), guestRamStride: ref('reg') }),
    setup: arr(ref('setupStep'), { min: 1 }),
    setupSmcs: arr(ref('smc')),
    vcpus: arr(ref('vcpu'), { min: 1 }),
    tests: arr(test(), { min: 1 }),
  });
}

export function concurrencySchema(): Schema {
  return fileSchema(CONCURRENCY_SCHEMA_FILE, 'concurrency', 'ffa-lab golden vectors: interleavings of guest calls into Xen\'s FF-A mediator, per revision', group(), defs());
}
