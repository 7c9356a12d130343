import type { Command } from 'commander';
import { formatGateReport } from '../../analysis/gates/format-gate-report.js';
import { parseGates } from '../../analysis/gates/parse-gates.js';
import { runGates } from '../../analysis/gates/run-gates.js';
import { resolveRunRef } from '../../analysis/run-ref.js';
import { AssayError } from '../../core/errors.js';
import { writeReports } from '../../reporters/index.js';
import { printJson, readingStore, withStoreOption } from '../shared.js';
import { addReporterOptions, planReporters } from './run-shipping.js';

interface GateFlags {
  readonly store?: string;
  readonly baseline?: string;
  readonly json?: boolean;
  readonly reporter?: string[];
  readonly out?: string[];
}

export function registerGateCommand(program: Command): void {
  withStoreOption(
    addReporterOptions(
      program
        .command('gate')
        .description(
          "evaluate a stored run's gates (the eval file's `gates:`); exit 0 all pass, 1 any fails, 2 input error",
        )
        .argument('<run>', 'a run id, `latest`, or a baseline name')
        .option('--baseline <run>', 'a run id, `latest` or a baseline name, for noRegression and nonInferiority rules')
        .option('--json', 'machine-readable output'),
    ),
  ).action(async (runRef: string, flags: GateFlags) => {
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
