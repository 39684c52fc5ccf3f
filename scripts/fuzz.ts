// `npm run fuzz`: the descriptor codecs' fast-check properties (round trips, total decoders,
// Arm DEN0077 layouts) with many more runs than the default test pass.
import { $, argv, chalk } from 'zx';

const DEFAULT_RUNS = 10_000;

const HELP = `npm run fuzz [-- --runs N] [-- --seed S]

Runs vitest on test/descriptors with FC_RUNS=N (default ${DEFAULT_RUNS}; the normal test pass
uses 1000): every codec's round trip decode(encode(x)) = x, and decoders that never throw on
arbitrary or mutated bytes. --seed fixes fast-check's seed (FC_SEED) to replay a failure.
Exits with vitest's status.`;

function positiveInt(value: unknown): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

if (argv.help === true || argv.h === true) {
  console.log(HELP);
  process.exit(0);
}

const runs = argv.runs === undefined ? DEFAULT_RUNS : positiveInt(argv.runs);
if (runs === undefined) {
  console.error(chalk.red(`--runs needs a positive integer, got ${String(argv.runs)}`));
  process.exit(2);
}
const seed = argv.seed === undefined ? undefined : Number(argv.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error(chalk.red(`--seed needs an integer, got ${String(argv.seed)}`));
  process.exit(2);
}

console.log(chalk.bold(`fuzz: FC_RUNS=${runs}${seed === undefined ? '' : ` FC_SEED=${seed}`} vitest run test/descriptors`));
const env = { ...process.env, FC_RUNS: String(runs), ...(seed === undefined ? {} : { FC_SEED: String(seed) }) };
const result = await $({ nothrow: true, stdio: 'inherit', env })`npx vitest run test/descriptors --testTimeout=${Math.max(5_000, runs * 10)}`;
process.exit(result.exitCode ?? 1);
