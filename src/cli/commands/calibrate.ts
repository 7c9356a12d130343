import type { Command } from 'commander';
import { collectLabelledTrials } from '../../analysis/calibration/collect-labelled-trials.js';
import { computeCalibration } from '../../analysis/calibration/compute-calibration.js';
import { formatCalibration } from '../../analysis/calibration/format-calibration.js';
import { printJson, readingStore, withStoreOption } from '../shared.js';

interface CalibrateFlags {
  readonly store?: string;
  readonly run?: string[];
  readonly json?: boolean;
  readonly minLabels: number;
  readonly labels?: string;
}

/** `assay calibrate <grader> [--run …] [--json]`: how far to trust a judge, measured against people. */
export function registerCalibrateCommand(program: Command): void {
  withStoreOption(
    program
      .command('calibrate')
      .description('compare a judge with human labels: accuracy, kappa, sensitivity/specificity, corrected pass rate')
      .argument('<grader>', 'the judge grader to calibrate (its name in the eval)')
      .option('--run <runId...>', 'runs to use (default: every run with finished reviews)')
      .option('--json', 'machine-readable output')
      .option('--labels <grader>', 'use the labels of this human grader (default: labels for <grader> only)')
      .option('--min-labels <n>', 'fewer labelled trials than this is "too few to conclude"', (v) => Number(v), 30),
  ).action(async (grader: string, flags: CalibrateFlags) => {
    await readingStore(flags, async (store) => {
      const { notes, ...input } = await collectLabelledTrials(store, grader, flags.run, {
        ...(flags.labels !== undefined && { labelsFrom: flags.labels }),
      });
      const computed = computeCalibration({ ...input, minLabels: flags.minLabels });
      const report = { ...computed, warnings: [...computed.warnings, ...notes] };
      if (flags.json) printJson(report);
      else process.stdout.write(`${formatCalibration(report)}\n`);
    });
  });
}
