import { InvalidArgumentError, type Command } from 'commander';
import { compareRuns } from '../../analysis/compare/compare-runs.js';
import type { Correction } from '../../analysis/compare/types.js';
import { resolveRunPair, resolveRunRef } from '../../analysis/run-ref.js';
import { AssayError } from '../../core/errors.js';
import type { JudgeGraderSpec } from '../../graders/judge/judge-graders.js';
import type { PairwiseComparison } from '../../graders/judge/pairwise-compare.js';
import type { StoredRun } from '../../store/types.js';
import { formatComparison } from '../../reporters/terminal-format.js';
import { formatMatrixComparison } from '../../reporters/matrix-format.js';
import { parseSeed, printJson, readingStore, withStoreOption } from '../shared.js';

interface CompareFlags {
  readonly store?: string;
  readonly json?: boolean;
  readonly alpha: number;
  /** Default: `bh` over the segments of two runs; `holm` over the pairs of N runs. */
  readonly correction?: Correction;
  readonly matrix?: string;
  readonly pairs?: 'baseline' | 'all';
  readonly baseline?: string;
  readonly seed: number;
  readonly margin?: number;
  readonly pairwise?: string;
}

export function registerCompareCommand(program: Command): void {
  withStoreOption(
    program
      .command('compare')
      .description(
        'compare a candidate run with a baseline (paired tests, segments, flips, verdicts), or N runs / a matrix N-way',
      )
      .argument(
        '[runs...]',
        'run ids, `latest`, or baseline names: <baseline> <candidate>, or three or more for an N-way comparison (the first is the baseline)',
      )
      .option('--json', 'machine-readable output')
      .option('--alpha <a>', 'significance level', parseUnit('--alpha'), 0.05)
      .option(
        '--correction <method>',
        'multiple-comparison correction: bh | holm | by | none (two runs: across segments, default bh; N runs: across pairs, default holm)',
        parseCorrection,
      )
      .option('--matrix <id>', 'compare the cells of a matrix run (N-way)')
      .option(
        '--pairs <mode>',
        'N-way: baseline (every candidate against the baseline, default) | all (every pair)',
        parsePairs,
      )
      .option(
        '--baseline <run>',
        'N-way: the baseline, a run id or cell label (default: the first run, or the matrix baseline)',
      )
      .option('--seed <n>', 'seed of the permutation test and the bootstrap', parseSeed, 1)
      .option(
        '--margin <points>',
        "non-inferiority margin for the inconclusive verdict (default: the eval's gates)",
        parseUnit('--margin'),
      )
      .option(
        '--pairwise <grader>',
        "also judge the two runs' outputs side by side with a judge.pairwise grader (judge model from ASSAY_JUDGE_*)",
      ),
  ).action(async (refs: string[], flags: CompareFlags) => {
    if (flags.matrix !== undefined || refs.length !== 2 || flags.pairs !== undefined || flags.baseline !== undefined) {
      await compareMany(refs, flags);
      return;
    }
    const [baselineRef, candidateRef] = refs as [string, string];
    await readingStore(flags, async (store) => {
      const { baseline, candidate } = await resolveRunPair(store, baselineRef, candidateRef);
      const comparison = await compareRuns(store, baseline, candidate, {
        alpha: flags.alpha,
        correction: flags.correction ?? 'bh',
        seed: flags.seed,
        ...(flags.margin !== undefined && { gateMargin: flags.margin }),
      });
      // Loaded only when asked for: it pulls in the judge models.
      const pairwise =
        flags.pairwise === undefined
          ? undefined
          : await (
              await import('../../graders/judge/pairwise-compare.js')
            ).pairwiseCompare(store, {
              baselineRunId: baseline.runId,
              candidateRunId: candidate.runId,
              grader: pairwiseSpec(flags.pairwise, [candidate, baseline]),
              alpha: flags.alpha,
            });
      if (flags.json) printJson(pairwise ? { ...comparison, pairwise } : comparison);
      else
        process.stdout.write(`${formatComparison(comparison)}\n${pairwise ? `\n${formatPairwise(pairwise)}\n` : ''}`);
    });
  });
}

/** `compare a b c …` or `compare --matrix <id>`: the N-way comparison (one JSON object with --json). */
async function compareMany(refs: readonly string[], flags: CompareFlags): Promise<void> {
  if (flags.pairwise !== undefined)
    throw new AssayError('PAIRWISE_TWO_RUNS', '--pairwise judges two runs side by side; it does not apply to N runs.', {
      hint: 'Compare the two runs you want judged: assay compare <baseline> <candidate> --pairwise <grader>.',
    });
  if (flags.matrix === undefined && refs.length < 2)
    throw new AssayError('TOO_FEW_RUNS', `compare needs two or more runs, or --matrix <id>; got ${refs.length}.`, {
      hint: 'Pass run ids (`assay runs` lists them), or a matrix id.',
    });
  if (flags.matrix !== undefined && refs.length > 0)
    throw new AssayError('MATRIX_AND_RUNS', '--matrix compares the cells of one matrix; do not name runs as well.', {
      hint: 'Drop the run ids, or drop --matrix.',
    });
  await readingStore(flags, async (store) => {
    const { baselineIndex, compareMatrixById } = await import('../../analysis/matrix/matrix-runs.js');
    const { compareMatrixRuns } = await import('../../analysis/matrix/compare-matrix.js');
    const options = {
      alpha: flags.alpha,
      seed: flags.seed,
      ...(flags.correction !== undefined && { correction: flags.correction }),
      ...(flags.pairs !== undefined && { pairs: flags.pairs }),
    };
    let comparison;
    if (flags.matrix !== undefined) {
      comparison = await compareMatrixById(store, flags.matrix, { ...options, baselineRef: flags.baseline });
    } else {
      const runs = [];
      for (const ref of refs) runs.push(await resolveRunRef(store, ref, { role: 'run' }));
      const ids = runs.map((r) => r.runId);
      const twice = ids.find((id, k) => ids.indexOf(id) !== k);
      if (twice !== undefined)
        throw new AssayError('DUPLICATE_RUN', `Run ${twice} is named twice.`, { hint: 'Name each run once.' });
      comparison = await compareMatrixRuns(store, ids, { ...options, baseline: baselineIndex(runs, flags.baseline) });
    }
    if (flags.json) printJson(comparison);
    else process.stdout.write(`${formatMatrixComparison(comparison)}\n`);
  });
}

function parsePairs(value: string): 'baseline' | 'all' {
  if (value === 'baseline' || value === 'all') return value;
  throw new InvalidArgumentError(`--pairs must be baseline or all, got '${value}'.`);
}

function formatPairwise(p: PairwiseComparison): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : 'n/a');
  const range = (i: { value: number; lower: number; upper: number }) =>
    `${pct(i.value)} [${pct(i.lower)}, ${pct(i.upper)}]`;
  const p4 = p.pValue < 0.0001 ? '< 0.0001' : `= ${p.pValue.toFixed(4)}`;
  const cost =
    p.cost.usd === null
      ? `unknown (${p.cost.unknownCalls} of ${p.cost.calls} calls have no known price)`
      : `$${p.cost.usd.toFixed(4)}`;
  const lines = [
    `Pairwise judge '${p.grader}' on ${p.pairs} pairs of ${p.casesCompared} cases (both orders): ` +
      (p.reliable ? p.verdict : `UNRELIABLE (the sign test alone says ${p.verdict})`),
    `  cases: candidate wins ${p.candidateWins} · baseline wins ${p.baselineWins} · ties ${p.ties}${p.errors ? ` · ${p.errors} judge errors` : ''}`,
    `  candidate win rate (decisive cases) ${range(p.candidateWinRate)}, sign test p ${p4}`,
    `  position consistency ${range(p.positionConsistency)} · ties ${pct(p.tieShare.value)}`,
    `  judge cost ${cost} over ${p.cost.calls} calls`,
    ...p.warnings.map((w) => `  ! ${w}`),
  ];
  return lines.join('\n');
}

function parseUnit(flag: string): (value: string) => number {
  return (value) => {
    const x = Number(value);
    if (!Number.isFinite(x) || x <= 0 || x >= 1)
      throw new InvalidArgumentError(`${flag} must be a number between 0 and 1 (exclusive), got '${value}'.`);
    return x;
  };
}

function parseCorrection(value: string): Correction {
  if (value === 'bh' || value === 'holm' || value === 'by' || value === 'none') return value;
  throw new InvalidArgumentError(`--correction must be bh, holm, by or none, got '${value}'.`);
}

/**
 * The `judge.pairwise` grader that `--pairwise <name>` names, as the runs' eval files wrote it
 * (criteria, judge model…). `judge.pairwise` alone means the default pairwise prompt.
 */
function pairwiseSpec(name: string, runs: readonly StoredRun[]): JudgeGraderSpec {
  const specs = runs.flatMap((r) => (r.config.graderSpecs as JudgeGraderSpec[] | undefined) ?? []);
  const spec = specs.find((s) => (s.name ?? s.type) === name);
  if (spec) {
    if (spec.type !== 'judge.pairwise') {
      throw new AssayError(
        'NOT_A_PAIRWISE_JUDGE',
        `Grader '${name}' is ${spec.type}; --pairwise needs a grader of type judge.pairwise.`,
        {
          hint: `Name a judge.pairwise grader of the eval${pairwiseNames(specs)}, or pass --pairwise judge.pairwise for the default prompt.`,
        },
      );
    }
    return spec;
  }
  if (name === 'judge.pairwise') return { type: 'judge.pairwise', name };
  throw new AssayError('UNKNOWN_GRADER', `The runs have no grader named '${name}'.`, {
    hint: `Name a judge.pairwise grader of the eval${pairwiseNames(specs)}, or pass --pairwise judge.pairwise for the default prompt (judge model from ASSAY_JUDGE_*).`,
  });
}

function pairwiseNames(specs: readonly JudgeGraderSpec[]): string {
  const names = [...new Set(specs.filter((s) => s.type === 'judge.pairwise').map((s) => s.name ?? s.type))];
  return names.length > 0 ? ` (${names.join(', ')})` : '';
}
