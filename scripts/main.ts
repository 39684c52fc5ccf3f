// The main job (`npm start`): regenerate and verify everything the project publishes, then report.
import { runSteps, wantsHelp, type Step } from './_steps';
import { jupyterSkipReason } from './_nb-jupyter';

if (wantsHelp(process.argv)) {
  console.log(`npm start: the main job. Regenerates and verifies the golden vectors, runs the
interleaving explorer over every scenario and revision (the B1/B2/B7/B8 matrix, checked against the
bug ledger), executes the notebooks where Jupyter is present, and prints a short report. Exits
non-zero if a step fails.`);
  process.exit(0);
}

const steps: Step[] = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'generate golden vectors', cmd: ['npx', 'tsx', 'scripts/gen-vectors.ts'] },
  { name: 'verify golden vectors', cmd: ['npx', 'tsx', 'scripts/check-vectors.ts'] },
  { name: 'explorer: races per revision, checked against the ledger', cmd: ['npx', 'tsx', 'scripts/explore.ts', '--all', '--check'] },
  { name: 'notebooks (headless, tslab kernel)', cmd: ['npx', 'tsx', 'scripts/notebooks.ts'], skip: jupyterSkipReason },
];

process.exit(await runSteps('npm start', steps));
