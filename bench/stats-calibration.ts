/**
 * Full calibration run: `npx tsx bench/stats-calibration.ts [--reps 2000] [--seed 1] [--write]`.
 * `--only <text>` (repeatable) runs just the lines whose description contains one of the texts, each
 * with the seed it has in the full run (it prints; it never writes the document).
 * Every line of the calibration suite at n ∈ {5, 10, 30, 100, 1000} with `reps` replications
 * (lines marked weight 2 run twice as many). Prints the table; with --write it also replaces
 * docs/calibration.md with it.
 */
import { writeFileSync } from 'node:fs';
import { formatTable } from '../scripts/calibration/run-lines.js';
import { FULL_NS, runCalibration } from '../scripts/stats-calibration.js';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const reps = opt('--reps', 2000);
const onlyTexts = argv.flatMap((a, i) => (a === '--only' && argv[i + 1] !== undefined ? [argv[i + 1]] : []));
const only = onlyTexts.length > 0 ? onlyTexts : undefined;
const seed = opt('--seed', 1);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const results = runCalibration({
  reps,
  seed,
  ns: FULL_NS,
  ...(only && { only }),
  onLine: (r) =>
    process.stderr.write(
      `${r.kind} · ${r.what} · n=${r.n}: ${(r.rate * 100).toFixed(1)}%${r.met ? '' : ' (missed)'}\n`,
    ),
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const table = formatTable(results);
const missed = results.filter((r) => !r.met);
const summary =
  `${results.length - missed.length} of ${results.length} lines meet their target (within 2 Monte Carlo errors). ` +
  `Base replications ${reps} per line, seed ${seed} (line i uses seed ${seed} + i); wall ${wall.toFixed(0)} s, ` +
  `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(0)} s.`;
console.log(table);
console.log(`\n${summary}`);
if (argv.includes('--write') && only === undefined) {
  const doc = [
    '# Calibration',
    '',
    'The output of the last full calibration run (`npx tsx bench/stats-calibration.ts --write`). Each line simulates',
    'runs from a known truth and passes them through the functions the CLI uses (the run summary, `measureGrader`',
    'and the gate rules, `compareTables`), then counts how often the interval covers the truth, a gate passes at its',
    'boundary, a verdict or segment flag fires under the null, or compare detects the effect `assay plan` sized for.',
    'The MC error is sqrt(r(1 − r)/reps) (at the nominal rate when larger). The quick version (300 replications,',
    'n ≤ 100) runs in CI as `scripts/stats-calibration.test.ts`; `npm run stats:calibration` prints it.',
    '',
    "Truths: pass rates drawn per replication from U(0.55, 0.9) for coverage (a fixed p makes a count interval's",
    "coverage oscillate with n), 0.7 at a gate's boundary; with repeats, case rates Beta(p/(1 − p), 1); weights 1, 2",
    'or 4 at random. Paired pass/fail: discordance ψ split into baseline-only p10 and candidate-only p01 (for coverage',
    'ψ ~ U(0.05, 0.4) and Δ ~ ψ·U(−½, ½), plus the few-discordant-pairs case ψ = 0.1). Pass shares over 3 repeats: case',
    'rates π_A ~ Beta(2, 1) and a shifted π_B with E[π_B − π_A] = Δ exactly. Continuous scores: base ~ Beta(2, 1),',
    'candidate = ½·base + ½·Beta(a, 1), Δ = ½(a/(a+1) − 2/3). See docs/metrics.md for the tests and intervals.',
    '',
    table,
    '',
    summary,
    '',
    missed.length > 0
      ? `Missed: ${missed.map((r) => `${r.what} (n=${r.n})`).join('; ')}.`
      : 'No line missed its target.',
    '',
  ].join('\n');
  writeFileSync(new URL('../docs/calibration.md', import.meta.url), doc);
}
