// The test command (`npm test`): every check of the project, in order, each a process of its own;
// the help text lists the steps from the same table the run uses, so the two cannot drift.
import { runSteps, wantsHelp, type Step } from './_steps';
import { jupyterSkipReason } from './_nb-jupyter';

const steps: Step[] = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'unit and property tests', cmd: ['npx', 'vitest', 'run'] },
  { name: 'golden vectors (reproducible, schema-valid)', cmd: ['npx', 'tsx', 'scripts/check-vectors.ts'] },
  { name: 'vector consumers (C and Python, no TypeScript)', cmd: ['npx', 'tsx', 'scripts/consumers.ts'] },
  { name: 'notebooks (headless, tslab kernel)', cmd: ['npx', 'tsx', 'scripts/notebooks.ts'], skip: jupyterSkipReason },
];

if (wantsHelp(process.argv)) {
  console.log(`npm test: runs every check of the project and exits non-zero if any fails.

Steps, in order (each also runs on its own with the command shown):
${steps.map((s) => `  ${s.name.padEnd(48)} ${s.cmd.join(' ')}`).join('\n')}

When Jupyter is missing, the notebooks step installs it from Debian if it runs as root or in CI
(CI=true), and otherwise is skipped with the packages to install.`);
  process.exit(0);
}

process.exit(await runSteps('npm test', steps));
