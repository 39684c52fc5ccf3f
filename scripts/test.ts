// The test command (`npm test`): type checks (our TypeScript and tslab's bundled 5.0.4), unit and
// property tests, and every check that later issues add to the list below.
import { runSteps, wantsHelp, type Step } from './_steps';
import { jupyterSkipReason } from './_nb-jupyter';

if (wantsHelp(process.argv)) {
  console.log(`npm test: runs every check of the project and exits non-zero if any fails.

Steps: typecheck (tsc, then tslab's TypeScript 5.0.4 over src/), vitest (unit, property and
vector tests).`);
  process.exit(0);
}

const steps: Step[] = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'unit and property tests', cmd: ['npx', 'vitest', 'run'] },
  { name: 'golden vectors (reproducible, schema-valid)', cmd: ['npx', 'tsx', 'scripts/check-vectors.ts'] },
  { name: 'vector consumers (C and Python, no TypeScript)', cmd: ['npx', 'tsx', 'scripts/consumers.ts'] },
  { name: 'notebooks (headless, tslab kernel)', cmd: ['npx', 'tsx', 'scripts/notebooks.ts'], skip: jupyterSkipReason },
];

process.exit(await runSteps('npm test', steps));
