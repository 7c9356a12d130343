import { formatMatrixComparison, formatMatrixGateReport } from '../../reporters/matrix-format.js';
import { parseMatrixGates } from '../../analysis/gates/matrix-gates.js';
import { matrixCellOf } from '../../analysis/matrix/matrix-cell.js';
import { compareMatrixById, runMatrixGates } from '../../analysis/matrix/matrix-runs.js';
import type { GateReport } from '../../analysis/gates/types.js';
import type { LoadedEval } from '../../config/load-eval-file.js';
import { expandMatrix, judgeSpecs, newMatrixId, targetModel, type MatrixCell } from '../../config/matrix.js';
import { resolveEval, type EvalOverrides, type ResolvedEval } from '../../config/resolve-eval.js';
import { resolveJudgeModelSpec } from '../../graders/judge/judge-model.js';
import { AssayError, isAssayError } from '../../core/errors.js';
import { safeTerminalBlock, safeTerminalText as safe } from '../../core/terminal-text.js';
import { openReporters } from '../../reporters/index.js';
import { runEval, type RunEvalResult } from '../../run-eval.js';
import type { Store } from '../../store/store.js';
import { createLocalPacing } from '../../targets/transport/local-pacing.js';
import { formatRunSummary } from '../format-summary.js';
import { ProgressDisplay } from '../progress.js';
import { printJson, responseCacheDir } from '../shared.js';
import { announcePlan, checkErrorRate } from './run-checks.js';
import { afterRun, planShipping, type ShippingOptions } from './run-shipping.js';

export interface MatrixRunFlags extends ShippingOptions {
  readonly json?: boolean;
  readonly only?: string[];
  readonly resume?: string;
  readonly cache: boolean;
  readonly progress: boolean;
  readonly maxErrorRate: number;
  readonly queue?: boolean;
}

interface CellResult {
  readonly label: string;
  readonly runId: string;
  readonly status: RunEvalResult['status'];
  readonly summary: RunEvalResult['summary'];
  /** The eval's own gates, checked on this cell. */
  readonly gates?: GateReport;
}

/**
 * `assay run` of an eval with `targets:` / `prompts:`: one run per cell on the same cases, all
 * under one matrix id, one after another, sharing the response cache and (per model endpoint)
 * the rate limit and Retry-After pauses; then the N-way comparison and the matrix gates.
 */
export async function runMatrix(
  store: Store,
  file: string,
  loaded: LoadedEval,
  overrides: EvalOverrides,
  flags: MatrixRunFlags,
): Promise<number> {
  const def = loaded.definition;
  if (flags.queue)
    throw new AssayError(
      'MATRIX_QUEUE',
      'A matrix eval runs its cells in this process; --queue is not supported yet.',
      {
        hint: 'Drop --queue, or queue one cell at a time from an eval file with a single target.',
      },
    );
  if (flags.reporter && flags.reporter.length > 0)
    throw new AssayError('MATRIX_REPORTER', '--reporter writes one run; a matrix run makes one run per cell.', {
      hint: 'Write each cell’s report afterwards: assay gate <runId> --reporter <name> --out <file>.',
    });
  const all = expandMatrix(def);
  const { matrixId, only } = await matrixToRun(store, flags);
  const cells = expandMatrix(def, only);
  const baselineLabel = def.matrix?.baseline;
  if (baselineLabel !== undefined && !all.some((c) => c.label === baselineLabel))
    throw new AssayError('BAD_BASELINE', `${file}: matrix.baseline '${baselineLabel}' is not a cell label.`, {
      hint: `Cells: ${all.map((c) => c.label).join(', ')}.`,
    });
  const gates = parseMatrixGates(def.matrix?.gates, file);
  const pacing = createLocalPacing();
  const cacheDir = process.env.ASSAY_CACHE_DIR ?? responseCacheDir(store);
  const env = { ...process.env, ASSAY_CACHE_DIR: cacheDir };
  const log = (text: string) => (flags.json ? process.stderr : process.stdout).write(text);
  const results: CellResult[] = [];
  let code = 0;
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nStopping: finishing writes, press Ctrl-C again to quit at once…\n');
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    log(
      `Matrix ${matrixId}: ${cells.length} cell(s) of ${all.length}: ${cells.map((c) => safe(c.label)).join(', ')}\n`,
    );
    for (const cell of cells) {
      if (controller.signal.aborted) break;
      const ev = await resolveCell(loaded, cell, overrides, env, pacing);
      const shipping = await planShipping(store, flags, {
        name: ev.name,
        gates: ev.gates,
        file,
        graders: ev.graders.map((g) => g.name),
      });
      await announcePlan(store, ev);
      for (const s of ev.skippedGraders)
        process.stderr.write(`Skipped grader ${safe(s.name)} in ${safe(cell.label)}: ${safeTerminalBlock(s.reason)}\n`);
      log(`\n── cell ${safe(cell.label)} ──\n`);
      const progress = flags.progress ? new ProgressDisplay() : undefined;
      const resume = flags.resume !== undefined && cells.length === 1 ? flags.resume : undefined;
      const result = await runEval({
        store,
        eval: ev,
        resume,
        useCache: flags.cache,
        signal: controller.signal,
        onEvent: (event) => progress?.onEvent(event),
        // Each cell's eval is resolved for it alone: its target is closed when its trials are done.
        onTrialsDone: () => ev.target.close?.(),
        matrixId,
        extraConfig: {
          matrix: {
            id: matrixId,
            label: cell.label,
            index: cell.index,
            target: cell.target,
            prompt: cell.prompt,
            cells: all.map((c) => c.label),
            ...(baselineLabel !== undefined && { baseline: baselineLabel }),
            ...(def.matrix?.pairs !== undefined && { pairs: def.matrix.pairs }),
            ...(def.matrix?.correction !== undefined && { correction: def.matrix.correction }),
            ...(def.matrix?.gates !== undefined && { gates: JSON.parse(JSON.stringify(def.matrix.gates)) as unknown }),
          },
        },
      });
      if (!flags.json) log(`${formatRunSummary(result.summary)}\n`);
      if (result.status === 'interrupted') {
        results.push({ label: cell.label, runId: result.runId, status: result.status, summary: result.summary });
        process.stderr.write(
          `Interrupted: every finished trial is stored. Continue this cell with: assay run ${file} --resume ${result.runId}\n`,
        );
        code = 130;
        break;
      }
      const session = openReporters({ reporters: [] });
      const after = await afterRun(store, result.runId, shipping, { json: flags.json, session });
      results.push({
        label: cell.label,
        runId: result.runId,
        status: result.status,
        summary: result.summary,
        ...(after.gateReport && { gates: after.gateReport }),
      });
      code = Math.max(code, after.code, await checkErrorRate(store, result.runId, flags.maxErrorRate));
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (code === 130) {
    if (flags.json) printJson({ matrixId, cells: results });
    return code;
  }
  const stored = await store.runs.list({ matrix: matrixId });
  const comparison = stored.length >= 2 ? await compareMatrixById(store, matrixId) : undefined;
  const gateReport = comparison && gates.length > 0 ? await runMatrixGates(store, matrixId) : undefined;
  if (comparison && !flags.json) log(`\n${formatMatrixComparison(comparison)}\n`);
  if (gateReport) {
    (flags.json ? process.stderr : process.stdout).write(`\n${formatMatrixGateReport(gateReport)}\n`);
    if (!gateReport.passed) code = Math.max(code, 1);
  }
  if (!comparison && !flags.json) log(`\nOne cell in matrix ${matrixId} so far: nothing to compare.\n`);
  if (flags.json)
    printJson({
      matrixId,
      cells: results,
      ...(comparison && { comparison }),
      ...(gateReport && { gates: gateReport }),
    });
  else log(`\nCompare again with: assay compare --matrix ${matrixId}\n`);
  return code;
}

/** A new matrix, or with --resume the cell that run belongs to (the rest of the matrix is kept). */
async function matrixToRun(store: Store, flags: MatrixRunFlags): Promise<{ matrixId: string; only: string[] }> {
  const only = (flags.only ?? []).flatMap((o) => o.split(',').map((x) => x.trim())).filter((x) => x !== '');
  if (flags.resume === undefined) return { matrixId: newMatrixId(), only };
  const run = await store.runs.get(flags.resume);
  const cell = run && matrixCellOf(run);
  if (!run || !cell)
    throw new AssayError(
      'RUN_NOT_FOUND',
      `Cannot resume '${flags.resume}': no matrix cell run with that id in ${store.location}.`,
      {
        hint: 'List runs with `assay runs`; pass the run id of the cell to continue.',
      },
    );
  return { matrixId: cell.id, only: [cell.label] };
}

/**
 * The cell's eval, resolved with the shared pacing. A judge that calls the cell's own model is
 * left out of that cell (models grade their own outputs leniently) unless the eval sets
 * `matrix.allowSelfGrading: true`; either way a warning names the pair.
 */
async function resolveCell(
  loaded: LoadedEval,
  cell: MatrixCell,
  overrides: EvalOverrides,
  env: NodeJS.ProcessEnv,
  pacing: ReturnType<typeof createLocalPacing>,
): Promise<ResolvedEval> {
  const allow = loaded.definition.matrix?.allowSelfGrading === true;
  const model = targetModel(cell.definition);
  const selfJudges = judgeSpecs(cell.definition).filter(
    (spec) => model !== undefined && judgeModel(spec, env) === model,
  );
  for (const spec of selfJudges)
    process.stderr.write(
      `! Judge '${safe(spec.name ?? spec.type)}' uses model '${safe(model!)}', the model under test in cell ${safe(cell.label)}: ` +
        (allow
          ? 'it grades its own outputs (matrix.allowSelfGrading: true).\n'
          : 'it does not grade this cell (set matrix.allowSelfGrading: true to let it).\n'),
    );
  const graders = allow
    ? cell.definition.graders
    : cell.definition.graders.filter((g) => !selfJudges.includes(g as never));
  const definition = { ...cell.definition, graders };
  const ev = await resolveEval({ ...loaded, definition }, overrides, env, { pacing });
  if (allow || selfJudges.length === 0) return ev;
  const skipped = [
    ...ev.skippedGraders,
    ...selfJudges.map((s) => ({
      name: s.name ?? s.type,
      reason: `judge model '${model}' is the model under test in this cell (self-grading)`,
    })),
  ];
  return { ...ev, skippedGraders: skipped, snapshot: { ...ev.snapshot, skippedGraders: skipped } };
}

function judgeModel(
  spec: { readonly judge?: unknown; readonly name?: string; readonly type: string },
  env: NodeJS.ProcessEnv,
): string | undefined {
  try {
    const m = resolveJudgeModelSpec(spec.judge, env, spec.name ?? spec.type) as { model?: unknown };
    return typeof m.model === 'string' ? m.model.toLowerCase() : undefined;
  } catch (error) {
    // A judge with no model configured is skipped by resolveEval with its own notice.
    if (isAssayError(error)) return undefined;
    throw error;
  }
}
