import { AssayError } from '../../core/errors.js';
import { didYouMean } from '../../core/did-you-mean.js';
import type { Store } from '../../store/store.js';
import type { StoredRun } from '../../store/types.js';
import { evaluateMatrixGates, parseMatrixGates, type MatrixGateReport } from '../gates/matrix-gates.js';
import { compareMatrixRuns } from './compare-matrix.js';
import { matrixCellOf } from './matrix-cell.js';
import type { MatrixCompareOptions, MatrixComparison } from './types.js';

/**
 * The runs of a matrix, one per cell in the eval file's order. A cell run more than once
 * (`--only` again into the same matrix is not possible, but a store copy may hold two) keeps
 * its newest run.
 */
export async function matrixRuns(store: Store, matrixId: string): Promise<StoredRun[]> {
  const runs = await store.runs.list({ matrix: matrixId });
  if (runs.length === 0)
    throw new AssayError('MATRIX_NOT_FOUND', `No matrix '${matrixId}' in the store at ${store.location}.`, {
      hint: '`assay runs` lists each cell with its matrix id; `assay run` of an eval with targets: or prompts: makes one.',
    });
  const byLabel = new Map<string, StoredRun>();
  for (const run of runs) {
    const label = matrixCellOf(run)?.label ?? run.runId;
    if (!byLabel.has(label)) byLabel.set(label, run); // newest first
  }
  return [...byLabel.values()].sort((a, b) => (matrixCellOf(a)?.index ?? 0) - (matrixCellOf(b)?.index ?? 0));
}

/** Where `ref` (a run id or a cell label) sits among the runs; the error lists what it could be. */
export function baselineIndex(runs: readonly StoredRun[], ref: string | undefined): number {
  if (ref === undefined) return 0;
  const labels = runs.map((r) => matrixCellOf(r)?.label ?? r.runId);
  const k = runs.findIndex((r, i) => r.runId === ref || labels[i] === ref);
  if (k < 0)
    throw new AssayError('BAD_BASELINE', `--baseline ${ref} is not one of the compared runs.`, {
      hint: `Name a run id or a cell label${didYouMean(ref, labels)}: ${labels.join(', ')}.`,
    });
  return k;
}

/**
 * Compares the cells of a matrix: the baseline, pairs mode and correction the eval file set
 * (`matrix:`), unless `options` overrides them.
 *
 * @example
 * const m = await compareMatrixById(store, 'mx_20260101T000000Z_1a2b3c');
 */
export async function compareMatrixById(
  store: Store,
  matrixId: string,
  options: MatrixCompareOptions & { readonly baselineRef?: string } = {},
): Promise<MatrixComparison> {
  const runs = await matrixRuns(store, matrixId);
  const cell = matrixCellOf(runs[0]);
  const { baselineRef, ...rest } = options;
  return compareMatrixRuns(
    store,
    runs.map((r) => r.runId),
    {
      ...rest,
      baseline: options.baseline ?? baselineIndex(runs, baselineRef ?? cell?.baseline),
      pairs: options.pairs ?? cell?.pairs,
      correction: options.correction ?? cell?.correction,
    },
  );
}

/**
 * Evaluates the matrix gates the eval file set (`matrix.gates`, stored with each cell) over
 * the matrix's cells: every candidate against the baseline, corrected as the file asked.
 * Undefined when the matrix has no gates.
 *
 * @example
 * const report = await runMatrixGates(store, matrixId);
 * if (report && !report.passed) process.exitCode = 1;
 */
export async function runMatrixGates(store: Store, matrixId: string): Promise<MatrixGateReport | undefined> {
  const runs = await matrixRuns(store, matrixId);
  const cell = matrixCellOf(runs[0]);
  const rules = parseMatrixGates(cell?.gates, String(runs[0].config.file ?? `matrix ${matrixId}`));
  if (rules.length === 0) return undefined;
  if (runs.length < 2)
    throw new AssayError(
      'TOO_FEW_RUNS',
      `Matrix ${matrixId} has one cell; its gates compare candidates with a baseline.`,
      {
        hint: 'Run the other cells into it (assay run <eval> without --only).',
      },
    );
  const byAlpha = new Map<number, MatrixComparison>();
  for (const alpha of new Set(rules.map((r) => r.condition.alpha)))
    byAlpha.set(alpha, await compareMatrixById(store, matrixId, { alpha, pairs: 'baseline' }));
  return evaluateMatrixGates(rules, (alpha) => byAlpha.get(alpha)!);
}
