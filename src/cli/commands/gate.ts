import type { Command } from 'commander';
import { formatGateReport } from '../../analysis/gates/format-gate-report.js';
import { parseGates } from '../../analysis/gates/parse-gates.js';
import { runGates } from '../../analysis/gates/run-gates.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { AssayError } from '../../core/errors.js';
import { writeReports } from '../../reporters/index.js';
import { formatMatrixGateReport } from '../../reporters/matrix-format.js';
import { printJson, readingStore, withStoreOption } from '../shared.js';
import { addReporterOptions, planReporters } from './run-shipping.js';

interface GateFlags {
  readonly store?: string;
  readonly baseline?: string;
  readonly json?: boolean;
  readonly reporter?: string[];
  readonly out?: string[];
  readonly matrix?: string;
}

export function registerGateCommand(program: Command): void {
  withStoreOption(
    addReporterOptions(
      program
        .command('gate')
        .description(
          "evaluate a stored run's gates (the eval file's `gates:`); exit 0 all pass, 1 any fails, 2 input error",
        )
        .argument('[run]', 'a run id, `latest`, or a baseline name')
        .option(
          '--matrix <id>',
          "evaluate a matrix's gates (`matrix.gates`): the best candidate must beat the baseline",
        )
        .option('--baseline <run>', 'a run id, `latest` or a baseline name, for noRegression and nonInferiority rules')
        .option('--json', 'machine-readable output'),
    ),
  ).action(async (runRef: string | undefined, flags: GateFlags) => {
    if (flags.matrix !== undefined || runRef === undefined) {
      await matrixGate(runRef, flags);
      return;
    }
    const reporters = planReporters(flags);
    await readingStore(flags, async (store) => {
      const run = await resolveRunRef(store, runRef, { role: 'run' });
      const rules = parseGates(run.config.gates, String(run.config.file ?? `run ${run.runId}`));
      if (rules.length === 0) {
        throw new AssayError('NO_GATES', `Run ${run.runId} (eval '${run.eval}') has no gates.`, {
          hint: 'Add a `gates:` list to the eval file, e.g. `gates: [{ grader: correct, minPassRate: 0.9 }]`, and run it again.',
        });
      }
      const baseline =
        flags.baseline === undefined
          ? undefined
          : await resolveRunRef(store, flags.baseline, { eval: run.eval, excludeRunId: run.runId, role: 'baseline' });
      const report = await runGates(store, { runId: run.runId, baselineRunId: baseline?.runId, gates: rules });
      if (flags.json) printJson(report);
      else process.stdout.write(`${formatGateReport(report)}\n`);
      if (reporters.length > 0)
        await writeReports(store, { runId: run.runId, baselineRunId: baseline?.runId, gateReport: report, reporters });
      if (!report.passed) process.exitCode = 1;
    });
  });
}

async function matrixGate(runRef: string | undefined, flags: GateFlags): Promise<void> {
  if (flags.matrix === undefined || runRef !== undefined)
    throw new AssayError(
      'GATE_TARGET',
      runRef === undefined ? 'gate needs a run, or --matrix <id>.' : 'Pass a run or --matrix <id>, not both.',
      { hint: 'e.g. assay gate latest, or assay gate --matrix mx_… (ids in `assay runs`).' },
    );
  const matrixId = flags.matrix;
  await readingStore(flags, async (store) => {
    const { runMatrixGates } = await import('../../analysis/matrix/matrix-runs.js');
    const report = await runMatrixGates(store, matrixId);
    if (!report)
      throw new AssayError('NO_GATES', `Matrix ${matrixId} has no matrix gates.`, {
        hint: 'Add `matrix: { gates: [{ grader: <name>, bestBeatsBaseline: { alpha: 0.05 } }] }` to the eval file and run it again.',
      });
    if (flags.json) printJson(report);
    else process.stdout.write(`${formatMatrixGateReport(report)}\n`);
    if (!report.passed) process.exitCode = 1;
  });
}
