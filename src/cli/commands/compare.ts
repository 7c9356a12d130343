import { InvalidArgumentError, type Command } from 'commander';
import { compareRuns } from '../../analysis/compare/compare-runs.js';
import type { Correction } from '../../analysis/compare/types.js';
import { resolveRunPair } from '../../analysis/run-ref.js';
import { formatComparison } from '../../reporters/terminal-format.js';
import { printJson, usingStore, withStoreOption } from '../shared.js';

interface CompareFlags {
  readonly store?: string;
  readonly json?: boolean;
  readonly alpha: number;
  readonly correction: Correction;
  readonly seed: number;
  readonly margin?: number;
}

export function registerCompareCommand(program: Command): void {
  withStoreOption(
    program
      .command('compare')
      .description('compare a candidate run with a baseline: paired tests, segments, flips, verdicts')
      .argument('<baseline>', 'a run id, `latest`, or a baseline name')
      .argument('<candidate>', 'a run id, `latest`, or a baseline name')
      .option('--json', 'machine-readable output')
      .option('--alpha <a>', 'significance level', parseUnit('--alpha'), 0.05)
      .option('--correction <method>', 'multiple-comparison correction across segments: bh | holm | by | none', parseCorrection, 'bh')
      .option('--seed <n>', 'seed of the permutation test and the bootstrap', parseSeed, 1)
      .option('--margin <points>', 'non-inferiority margin for the inconclusive verdict (default: the eval\'s gates)', parseUnit('--margin')),
  ).action(async (baselineRef: string, candidateRef: string, flags: CompareFlags) => {
    await usingStore(flags, async (store) => {
      const { baseline, candidate } = await resolveRunPair(store, baselineRef, candidateRef);
      const comparison = await compareRuns(store, baseline.runId, candidate.runId, {
        alpha: flags.alpha, correction: flags.correction, seed: flags.seed, ...(flags.margin !== undefined && { gateMargin: flags.margin }),
      });
      if (flags.json) printJson(comparison);
      else process.stdout.write(`${formatComparison(comparison)}\n`);
    });
  });
}

function parseUnit(flag: string): (value: string) => number {
  return (value) => {
    const x = Number(value);
    if (!Number.isFinite(x) || x <= 0 || x >= 1) throw new InvalidArgumentError(`${flag} must be a number between 0 and 1 (exclusive), got '${value}'.`);
    return x;
  };
}

function parseCorrection(value: string): Correction {
  if (value === 'bh' || value === 'holm' || value === 'by' || value === 'none') return value;
  throw new InvalidArgumentError(`--correction must be bh, holm, by or none, got '${value}'.`);
}

function parseSeed(value: string): number {
  const x = Number(value);
  if (!Number.isInteger(x)) throw new InvalidArgumentError(`--seed must be a whole number, got '${value}'.`);
  return x;
}
