import type { Command } from 'commander';
import { collectLabelledTrials } from '../../analysis/calibration/collect-labelled-trials.js';
import { computeCalibration } from '../../analysis/calibration/compute-calibration.js';
import { formatCalibration } from '../../analysis/calibration/format-calibration.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { parsePositiveInt, printJson, readingStore, withStoreOption } from '../shared.js';

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
      .option('--run <run...>', 'runs to use: ids, `latest` or baseline names (default: every run with reviews)')
      .option('--json', 'machine-readable output')
      .option('--labels <grader>', 'use the labels of this human grader (default: labels for <grader> only)')
      .option(
        '--min-labels <n>',
        'fewer labelled trials than this is "too few to conclude"',
        parsePositiveInt('--min-labels'),
        30,
      ),
  ).action(async (grader: string, flags: CalibrateFlags) => {
    await readingStore(flags, async (store) => {
      const resolved = flags.run && (await Promise.all(flags.run.map((ref) => resolveRunRef(store, ref))));
      const runs = resolved?.map((r) => r.runId);
      const { notes, ...input } = await collectLabelledTrials(store, grader, runs, {
        ...(flags.labels !== undefined && { labelsFrom: flags.labels }),
      });
      const computed = computeCalibration({ ...input, minLabels: flags.minLabels });
      const report = { ...computed, warnings: [...computed.warnings, ...notes] };
      if (flags.json) printJson(report);
      else process.stdout.write(`${formatCalibration(report)}\n`);
    });
  });
}
