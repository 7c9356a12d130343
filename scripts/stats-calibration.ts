/**
 * Calibration suite: `npm run stats:calibration [-- --reps 300 --seed 1 --quick --only <text>]`.
 * Simulates runs from known truths through the library's own summary, gate and compare
 * functions and prints one table: coverage of every interval, false-pass rate of each gate
 * at its boundary, false alarms under the null, and power at `assay plan`'s n.
 */
import { coverageLines, gateLines, mdeLines, meanScoreLines, nullLines, powerLines } from './calibration/lines.js';
import { matrixLines } from './calibration/matrix-lines.js';
import { formatTable, runLine, type LineResult } from './calibration/run-lines.js';

export interface CalibrationOptions {
  readonly reps: number;
  readonly seed: number;
  readonly ns: readonly number[];
  /** Called after each line (progress). */
  readonly onLine?: (r: LineResult) => void;
  /**
   * Run only the lines whose description contains one of these texts (e.g. `minPassRateLower`).
   * Each line keeps the seed it has in the full run, so a targeted rerun reproduces its lines.
   */
  readonly only?: readonly string[];
}

export const FULL_NS = [5, 10, 30, 100, 1000] as const;

export function runCalibration(options: CalibrationOptions): LineResult[] {
  const lines = [
    ...coverageLines(options.ns),
    ...gateLines(options.ns),
    ...nullLines(options.ns),
    ...powerLines(),
    ...matrixLines(options.ns),
    ...mdeLines(),
    ...meanScoreLines(options.ns),
  ];
  const only = options.only;
  const picked = lines
    .map((line, i) => ({ line, seed: options.seed + i }))
    .filter(({ line }) => only === undefined || only.some((text) => line.what.includes(text)));
  return picked.map(({ line, seed }) => {
    const r = runLine(line, Math.round(options.reps * (line.weight ?? 1)), seed);
    options.onLine?.(r);
    return r;
  });
}

function arg(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const reps = Number(arg(argv, '--reps') ?? (quick ? 300 : 2000));
  const seed = Number(arg(argv, '--seed') ?? 1);
  const ns = quick ? [5, 10, 30, 100] : [...FULL_NS];
  // `--only <text>` (repeatable): the lines whose description contains a text, each with its own seed.
  const only = argv.flatMap((a, i) => (argv[i - 1] === '--only' ? [a] : []));
  const results = runCalibration({
    reps,
    seed,
    ns,
    ...(only.length > 0 && { only }),
    onLine: (r) => process.stderr.write(`${r.kind} ${r.what} n=${r.n}: ${(r.rate * 100).toFixed(1)}%\n`),
  });
  console.log(formatTable(results));
  const missed = results.filter((r) => !r.met);
  console.log(
    `\n${results.length - missed.length} of ${results.length} lines meet their target${missed.length ? `; missed: ${missed.map((r) => `${r.what} (n=${r.n})`).join('; ')}` : ''}.`,
  );
}
