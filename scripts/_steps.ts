// Shared by the main job and the test command: run named steps in order, report, and exit non-zero
// when one fails. Each step is a whole command so its own output stays readable.
import { $, chalk } from 'zx';

export interface Step {
  readonly name: string;
  readonly cmd: readonly string[];
  /** Returns a reason to skip, or undefined to run. */
  readonly skip?: () => Promise<string | undefined>;
}

export async function runSteps(title: string, steps: readonly Step[]): Promise<number> {
  $.verbose = true;
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const rows: string[] = [];
  for (const step of steps) {
    const reason = step.skip ? await step.skip() : undefined;
    if (reason !== undefined) {
      skipped++;
      rows.push(`  ${chalk.yellow('skip')}  ${step.name}: ${reason}`);
      console.log(chalk.yellow(`\n== ${step.name}: skipped (${reason})`));
      continue;
    }
    console.log(chalk.bold(`\n== ${step.name}: ${step.cmd.join(' ')}`));
    const t0 = Date.now();
    const r = await $({ nothrow: true, stdio: 'inherit' })`${step.cmd}`;
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    if (r.exitCode === 0) {
      passed++;
      rows.push(`  ${chalk.green('ok')}    ${step.name} (${secs}s)`);
    } else {
      failed++;
      rows.push(`  ${chalk.red('FAIL')}  ${step.name} (${secs}s, exit ${r.exitCode})`);
    }
  }
  console.log(chalk.bold(`\n${title}`));
  for (const r of rows) console.log(r);
  // The closing line CI reads: steps, not individual tests (vitest prints its own counts above).
  console.log(`checks: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed === 0 ? 0 : 1;
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
