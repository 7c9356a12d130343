import { matrixCellOf } from '../../analysis/matrix/matrix-cell.js';
import { compareMatrixById, matrixRuns } from '../../analysis/matrix/matrix-runs.js';
import type { Store } from '../../store/store.js';
import type { MatrixResponse } from '../api-types.js';

/** The matrix page: its cells laid out by target and prompt, and the N-way comparison. */
export async function matrixView(
  store: Store,
  matrixId: string,
  options: { readonly pairs?: 'baseline' | 'all'; readonly alpha: number },
): Promise<MatrixResponse> {
  const runs = await matrixRuns(store, matrixId);
  const cells = runs.map((run) => {
    const cell = matrixCellOf(run);
    return {
      runId: run.runId,
      label: cell?.label ?? run.runId,
      target: cell?.target ?? null,
      prompt: cell?.prompt ?? null,
      status: run.status,
    };
  });
  const comparison =
    runs.length >= 2
      ? await compareMatrixById(store, matrixId, {
          alpha: options.alpha,
          ...(options.pairs && { pairs: options.pairs }),
        })
      : null;
  return {
    matrixId,
    eval: runs[0].eval,
    startedAt: runs.reduce((t, r) => (r.startedAt < t ? r.startedAt : t), runs[0].startedAt),
    targets: unique(cells.map((c) => c.target)),
    prompts: unique(cells.map((c) => c.prompt)),
    cells,
    comparison,
  };
}

function unique(xs: readonly (string | null)[]): string[] {
  return [...new Set(xs.filter((x): x is string => x !== null))];
}
