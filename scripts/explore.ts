// The interleaving explorer (`npm run explore`): search the schedules of guest vCPUs calling Xen's
// FF-A mediator for each revision and scenario, print the findings, their ledger ids and schedule
// strings, and replay a schedule step by step.
import { argv, chalk } from 'zx';
import { REVISION_NAMES, type RevisionName } from '../src/mediator/revisions/index';
import { isPresent, ledgerEntry, type BugId } from '../src/mediator/ledger';
import { classifyAll, findingsTable, laneDiagram } from '../src/explore/report';
import { LEDGER_SIGNS, SCENARIOS, scenarioNamed, type Scenario } from '../src/explore/scenarios';
import { exploreScenario, replayScenario } from '../src/explore/world';
import { ledgerHits, sweepRevision, type RevisionSweep } from '../src/explore/sweep';
import type { ExploreOptions, ExploreProgress, ExploreResult } from '../src/explore/types';

const HELP = `npm run explore -- [options]

  --revision R        one of ${REVISION_NAMES.join(', ')}
  --scenario S        one of the scenarios below
  --all               every scenario on every revision (or on --revision R), with the ledger matrix
  --replay SCHEDULE   replay one schedule string of --revision R --scenario S, step by step
  --bound N           preemptions per run in the exhaustive search (default 2; "inf" for none)
  --random N          also run N random PCT schedules (--seed S, default 1; --depth D, default 3)
  --check             with --all: exit 1 unless every B1/B2/B7/B8 cell matches src/mediator/ledger.ts
                      and every finding shown replays
  --json              print findings and figures as JSON
  --help              this text

Scenarios:
${SCENARIOS.map((s) => `  ${s.name.padEnd(28)}${s.summary}`).join('\n')}

Examples:
  npm run explore -- --revision v0 --scenario two-guests-partinfo
  npm run explore -- --all
  npm run explore -- --revision v0 --scenario two-guests-partinfo --replay a8b`;

const IDS: readonly BugId[] = ['B1', 'B2', 'B7', 'B8'];

function fail(msg: string): never {
  console.error(chalk.red(msg));
  process.exit(2);
}

function revisionArg(): RevisionName | undefined {
  const r = argv.revision as unknown;
  if (r === undefined) return undefined;
  if (typeof r !== 'string' || !(REVISION_NAMES as readonly string[]).includes(r)) fail(`unknown revision ${String(r)}; one of ${REVISION_NAMES.join(', ')}`);
  return r as RevisionName;
}

function scenarioArg(): Scenario | undefined {
  const s = argv.scenario as unknown;
  if (s === undefined) return undefined;
  return scenarioNamed(String(s)) ?? fail(`unknown scenario ${String(s)}; see --help`);
}

function bar(label: string, p: ExploreProgress): void {
  if (!process.stderr.isTTY) return;
  const w = 24;
  const n = Math.round(p.fraction * w);
  process.stderr.write(`\r${label.padEnd(36)} [${'#'.repeat(n)}${'.'.repeat(w - n)}] runs ${p.runs}  findings ${p.findings}   `);
}

function clearBar(): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${' '.repeat(100)}\r`);
}

/** The search the command line asks for (--bound, --random, --seed, --depth). */
function searchOptions(): Omit<ExploreOptions, 'world'> {
  const bound = argv.bound === 'inf' ? Infinity : Number(argv.bound ?? 2);
  if (Number.isNaN(bound) || bound < 0) fail('--bound takes a number or "inf"');
  const random = Number(argv.random ?? 0);
  return { mode: random > 0 ? 'both' : 'exhaustive', preemptionBound: bound, runs: random, seed: Number(argv.seed ?? 1), depth: Number(argv.depth ?? 3) };
}

function run(s: Scenario, rev: RevisionName): ExploreResult {
  const r = exploreScenario(s, rev, { ...searchOptions(), onProgress: (p) => bar(`${rev} ${s.name}`, p) });
  clearBar();
  return r;
}

function figures(r: ExploreResult): string {
  const st = r.stats;
  const rate = st.millis > 0 ? Math.round((st.steps / st.millis) * 1000) : 0;
  return `${st.runs} runs (${st.pruned} pruned), ${st.distinctStates} states, ${st.steps} steps, ${(st.millis / 1000).toFixed(2)} s, ${rate} steps/s${st.exhausted ? ', exhausted' : ''}`;
}

function replayCmd(rev: RevisionName, s: string, schedule: string): string {
  return `npm run explore -- --revision ${rev} --scenario ${s} --replay ${schedule === '' ? "''" : schedule}`;
}

function one(rev: RevisionName, s: Scenario): void {
  const r = run(s, rev);
  const items = classifyAll(r.findings, LEDGER_SIGNS);
  if (argv.json) {
    console.log(JSON.stringify({ revision: rev, scenario: s.name, stats: r.stats, findings: items.map((c) => ({ bug: c.id ?? null, ...c.finding })) }, null, 2));
    return;
  }
  console.log(chalk.bold(`${rev} / ${s.name}`), chalk.dim(`(${s.summary})`));
  console.log(chalk.dim(figures(r)));
  if (items.length === 0) console.log(chalk.green('no findings'));
  else {
    for (const line of findingsTable(items)) console.log(line);
    console.log(chalk.dim('\nreplay:'));
    for (const { finding } of items) console.log(chalk.dim(`  ${replayCmd(rev, s.name, finding.schedule)}`));
  }
}

function replayOne(rev: RevisionName, s: Scenario, schedule: string): void {
  const r = replayScenario(s, rev, schedule);
  if (r.diverged >= 0) console.log(chalk.yellow(`schedule does not fit this world from step ${r.diverged}; the default policy took over`));
  console.log(chalk.bold(`${rev} / ${s.name} / schedule ${r.schedule === '' ? '(default)' : r.schedule}: ${r.outcome.kind}`));
  for (const line of laneDiagram(r.steps, r.lanes)) console.log(line);
  const end = r.outcome;
  if (end.kind === 'panic') console.log(chalk.red(`  !! ${end.panic.message} (lane ${r.lanes[end.vcpu] ?? end.vcpu})`));
  else if (end.kind === 'crash') console.log(chalk.red(`  !! ${end.message} (lane ${r.lanes[end.vcpu] ?? end.vcpu})`));
  else if (end.kind === 'deadlock') for (const w of end.waits) console.log(chalk.red(`  !! ${r.lanes[w.vcpu]} spins in ${w.op}(${w.lock}), held by ${w.holders.map((h) => r.lanes[h]).join(', ')}`));
  if (argv.trace) {
    console.log(chalk.bold('\nmediator trace (setup included; [n] = lane n):'));
    for (const line of r.trace) console.log(chalk.dim(line));
  }
  const items = classifyAll(r.findings, LEDGER_SIGNS);
  if (items.length > 0) for (const line of findingsTable(items)) console.log(line);
}

/** False once a shown finding failed to replay or a matrix cell disagreed with the ledger. */
let healthy = true;

function all(revs: readonly RevisionName[]): void {
  const sweeps = revs.map((rev) => {
    const sweep = sweepRevision(rev, { ...searchOptions(), onProgress: (s, p) => bar(`${rev} ${s.name}`, p) });
    clearBar();
    printRevision(sweep);
    return sweep;
  });
  printMatrix(sweeps);
}

function printRevision(sweep: RevisionSweep): void {
  console.log(chalk.bold(`\n${sweep.rev}`), chalk.dim(`${SCENARIOS.length} scenarios, ${sweep.runs} runs, ${sweep.steps} steps, ${(sweep.millis / 1000).toFixed(2)} s`));
  const hits = ledgerHits(sweep);
  for (const id of IDS) {
    const hit = hits.find((h) => h.id === id);
    const title = ledgerEntry(id).title;
    if (!hit) {
      console.log(`  ${id}  ${chalk.dim('not found')}  ${chalk.dim(title)}`);
      continue;
    }
    const { finding: f, scenario } = hit;
    if (!hit.replays) healthy = false;
    console.log(`  ${id}  ${chalk.red('found')}      ${title}`);
    console.log(`        ${f.kind} ${f.where}  [${f.calls.join(' | ')}]`);
    console.log(`        ${scenario.name}, schedule ${f.schedule === '' ? '(default)' : f.schedule} ${hit.replays ? chalk.green('replays') : chalk.red('DOES NOT REPLAY')}`);
    console.log(chalk.dim(`        ${replayCmd(sweep.rev, scenario.name, f.schedule)}`));
  }
  const other = sweep.items.filter((c) => c.id === undefined);
  if (other.length > 0) {
    console.log(chalk.dim(`  other findings (${other.length}):`));
    for (const c of other) console.log(chalk.dim(`    ${c.scenario}: ${c.finding.kind} ${c.finding.where.slice(0, 70)} (${c.finding.schedule || 'default'})`));
  }
}

function printMatrix(reports: readonly RevisionSweep[]): void {
  console.log(chalk.bold('\nfound per revision (x = found, - = not found, ! = not what src/mediator/ledger.ts says)'));
  console.log(`      ${reports.map((r) => r.rev.padEnd(8)).join('')}`);
  let agree = true;
  for (const id of IDS) {
    const cells = reports.map((r) => {
      const found = r.items.some((c) => c.id === id);
      const expected = isPresent(id, r.rev);
      if (found !== expected) agree = false;
      const mark = found ? 'x' : '-';
      return (found === expected ? mark : chalk.red(`${mark}!`)).padEnd(found === expected ? 8 : 8 + 10);
    });
    console.log(`  ${id}  ${cells.join('')}`);
  }
  console.log(agree ? chalk.green('every cell matches the ledger') : chalk.red('differs from the ledger where marked !'));
  if (!agree) healthy = false;
}

if (argv.help || argv.h) {
  console.log(HELP);
  process.exit(0);
}
const rev = revisionArg();
const scen = scenarioArg();
if (argv.all) {
  all(rev ? [rev] : REVISION_NAMES);
  if (argv.check && !healthy) process.exit(1);
} else if (argv.replay !== undefined) {
  if (!rev || !scen) fail('--replay needs --revision and --scenario');
  replayOne(rev, scen, String(argv.replay === true ? '' : argv.replay));
} else if (rev && scen) one(rev, scen);
else if (scen) for (const r of REVISION_NAMES) one(r, scen);
else if (rev) for (const s of SCENARIOS) one(rev, s);
else {
  console.log(HELP);
  process.exit(1);
}
