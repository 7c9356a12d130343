import { Option, type Command } from 'commander';
import type { GateReport, GateRule } from '../../analysis/gates/types.js';
import { AssayError } from '../../core/errors.js';
import { REPORTER_NAMES } from '../../reporters/reporter-names.js';
import { ReporterSession } from '../../reporters/reporter-session.js';
import type { Store } from '../../store/store.js';
import { collect } from '../shared.js';

export interface ShippingOptions {
  readonly baseline?: string;
  readonly reporter?: string[];
  readonly out?: string[];
  readonly gate?: boolean;
}

/** `--baseline`, `--reporter`, `--out`: the shipping-bar flags shared by `run`. */
export function addShippingOptions(command: Command): Command {
  return addReporterOptions(
    command.option('--baseline <run|latest|name>', 'compare with this run and evaluate the gates against it'),
  ).option('--no-gate', "do not evaluate the eval file's gates");
}

/** Everything the run's shipping step needs, checked before any trial runs. */
export interface ShippingPlan {
  readonly gates: readonly GateRule[];
  readonly baselineRunId?: string;
  readonly reporters: readonly { readonly name: string; readonly out?: string }[];
}

/**
 * Validates the gates, the reporters and the baseline before the run, so a typo never costs
 * a whole (possibly paid) run: every problem is an input error (exit 2) up front.
 */
export async function planShipping(
  store: Store,
  flags: ShippingOptions & { readonly json?: boolean },
  eval_: { name: string; gates: readonly unknown[]; file: string; graders: readonly string[] },
): Promise<ShippingPlan> {
  const reporters = planReporters(flags);
  const gates = flags.gate === false ? [] : await parsedGates(eval_.gates, eval_.file);
  checkGateGraders(gates, eval_.graders);
  const baselineRunId = flags.baseline === undefined ? undefined : await baselineOf(store, flags.baseline, eval_.name);
  return { gates, baselineRunId, reporters };
}

// The gate parser (with the statistics it checks pass@k against) and the run lookup are loaded
// only for an eval with gates and a run with --baseline: most runs have neither.
async function parsedGates(raw: readonly unknown[], file: string): Promise<GateRule[]> {
  if (Array.isArray(raw) && raw.length === 0) return [];
  const { parseGates } = await import('../../analysis/gates/parse-gates.js');
  return parseGates(raw, file);
}

async function baselineOf(store: Store, ref: string, evalName: string): Promise<string> {
  const { resolveRunRef } = await import('../../analysis/run-ref.js');
  return (await resolveRunRef(store, ref, { eval: evalName, role: 'baseline' })).runId;
}

/** A gate that names a grader the eval does not run would only fail after the whole run was paid for. */
function checkGateGraders(gates: readonly GateRule[], graders: readonly string[]): void {
  const issues = gates
    .filter((g) => g.grader !== undefined && !graders.includes(g.grader))
    .map((g) => ({
      code: 'unknown_reference' as const,
      path: g.where,
      message: `grader '${g.grader}' is not one of this eval's graders`,
    }));
  if (issues.length === 0) return;
  const names = `${issues.length} gate${issues.length > 1 ? 's name' : ' names'}`;
  throw new AssayError('GATE_UNKNOWN_GRADER', `${names} an unknown grader:`, {
    issues,
    hint: `Graders of this eval: ${graders.join(', ') || 'none'}. Fix the gate's grader name (or pass --no-gate).`,
  });
}

/** `--reporter`/`--out` pairs, checked: known names, no --out without its --reporter. */
export function planReporters(
  flags: Pick<ShippingOptions, 'reporter' | 'out'> & { readonly json?: boolean },
): ShippingPlan['reporters'] {
  const names = flags.reporter ?? [];
  const outs = flags.out ?? [];
  if (flags.json === true && names.length > outs.length) {
    // --json promises only JSON on stdout: a report without its own file would be mixed in.
    throw new AssayError(
      'STDOUT_TAKEN',
      `--json prints JSON on stdout, so --reporter ${names[outs.length]} needs its own --out file.`,
      {
        hint: `Add --out <file> after --reporter ${names[outs.length]}, or drop --json.`,
      },
    );
  }
  const unknown = names.filter((n) => !(REPORTER_NAMES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new AssayError(
      'UNKNOWN_REPORTER',
      `Unknown reporter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}.`,
      {
        hint: `Use one of: ${REPORTER_NAMES.join(', ')}.`,
      },
    );
  }
  if (outs.length > names.length) {
    throw new AssayError(
      'UNMATCHED_OUT',
      `${outs.length} --out files for ${names.length} --reporter${names.length === 1 ? '' : 's'}.`,
      {
        hint: 'Give one --reporter before each --out, e.g. --reporter junit --out junit.xml --reporter markdown --out summary.md.',
      },
    );
  }
  return names.map((name, i) => ({ name, out: outs[i] }));
}

/** The session of the planned reporters; the reporters' code is loaded only when some are asked for. */
export async function openPlannedReporters(plan: ShippingPlan): Promise<ReporterSession> {
  if (plan.reporters.length === 0) return new ReporterSession([]);
  const { openReporters } = await import('../../reporters/write-reports.js');
  return openReporters({ reporters: plan.reporters });
}

/** Adds `--reporter` and `--out` (both repeatable) to a command. */
export function addReporterOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--reporter <name>', 'terminal | json | junit | markdown | html (repeatable)')
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option('--out <file>', 'file for the reporter at the same position (repeatable)')
        .argParser(collect)
        .default([]),
    );
}

/**
 * After a run: evaluate the gates and write the requested reports. Without --baseline,
 * comparison rules (noRegression, nonInferiority) are reported as skipped. Returns the exit
 * code (1 when a gate fails) and the gate report; with `json` its text goes to stderr (the
 * caller puts the report in its JSON).
 */
export async function afterRun(
  store: Store,
  runId: string,
  plan: ShippingPlan,
  options: { readonly json?: boolean; readonly session: ReporterSession },
): Promise<{ code: number; gateReport?: GateReport }> {
  if (plan.gates.length === 0 && plan.reporters.length === 0 && plan.baselineRunId === undefined) return { code: 0 };
  const baselineRunId = plan.baselineRunId === runId ? undefined : plan.baselineRunId;
  // Gates and reports load their analysis (comparisons, reporters) only when the run asks for them.
  const gates = plan.gates.length > 0 ? await import('../../analysis/gates/index.js') : undefined;
  const gateReport = gates
    ? await gates.runGates(store, {
        runId,
        baselineRunId,
        gates: plan.gates,
        onMissingBaseline: baselineRunId === undefined ? 'skip' : 'error',
      })
    : undefined;
  // With --json, stdout holds only JSON (the caller puts the gate report in it); the gate text goes to stderr.
  if (gates && gateReport) {
    (options.json ? process.stderr : process.stdout).write(`\n${gates.formatGateReport(gateReport)}\n`);
  }
  if (plan.reporters.length > 0) {
    const { finishReports } = await import('../../reporters/write-reports.js');
    await finishReports(store, options.session, { runId, baselineRunId, gateReport });
  }
  return { code: gateReport && !gateReport.passed ? 1 : 0, ...(gateReport && { gateReport }) };
}
