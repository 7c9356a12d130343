import { Option, type Command } from 'commander';
import type { Store } from '../../store/store.js';

export interface ShippingOptions {
  readonly baseline?: string;
  readonly reporter?: string[];
  readonly out?: string[];
  readonly gate?: boolean;
}

/** `--baseline`, `--reporter`, `--out`: the shipping-bar flags shared by `run`. */
export function addShippingOptions(command: Command): Command {
  return command
    .option('--baseline <run|latest|name>', 'compare with this run and evaluate the gates against it')
    .addOption(new Option('--reporter <name>', 'terminal | json | junit | markdown | html (repeatable)').argParser(collect).default([]))
    .addOption(new Option('--out <file>', 'file for the reporter at the same position (repeatable)').argParser(collect).default([]))
    .option('--no-gate', 'do not evaluate the eval file\'s gates');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * After a run: evaluate the gates (when the eval has any, or a baseline was named) and write
 * the requested reports. Returns the exit code: 1 when a gate fails.
 */
export async function afterRun(store: Store, runId: string, gates: readonly unknown[], flags: ShippingOptions): Promise<number> {
  const reporters = (flags.reporter ?? []).map((name, i) => ({ name, out: flags.out?.[i] }));
  const wantsGates = flags.gate !== false && (gates.length > 0 || flags.baseline !== undefined);
  if (!wantsGates && reporters.length === 0) return 0;
  const { runGates, parseGates, formatGateReport } = await import('../../analysis/gates/index.js');
  const { resolveRunRef } = await import('../../analysis/run-ref.js');
  const run = await store.runs.get(runId);
  const baselineRunId = flags.baseline === undefined ? undefined : (await resolveRunRef(store, flags.baseline, { eval: run?.eval, excludeRunId: runId, role: 'baseline' })).runId;
  // Without --baseline, comparison rules (noRegression, nonInferiority) are reported as skipped.
  const gateReport = wantsGates
    ? await runGates(store, { runId, baselineRunId, gates: parseGates(gates, 'gates'), onMissingBaseline: baselineRunId === undefined ? 'skip' : 'error' })
    : undefined;
  if (gateReport) process.stdout.write(`\n${formatGateReport(gateReport)}\n`);
  if (reporters.length > 0) {
    const { writeReports } = await import('../../reporters/index.js');
    await writeReports(store, { runId, baselineRunId, gateReport, reporters });
  }
  return gateReport && !gateReport.passed ? 1 : 0;
}
