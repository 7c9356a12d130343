import type { StoredRun } from '../../store/types.js';

/** What a matrix cell's run records in its config (`config.matrix`). */
export interface StoredMatrixCell {
  readonly id: string;
  readonly label: string;
  readonly index: number;
  readonly target: string | null;
  readonly prompt: string | null;
  /** The baseline cell's label, pairs mode and correction the eval asked for. */
  readonly baseline?: string;
  readonly pairs?: 'baseline' | 'all';
  readonly correction?: 'holm' | 'bh' | 'by' | 'none';
  readonly gates?: readonly unknown[];
}

/** The matrix cell a run records, or undefined for a run that is not a cell (or an unreadable record). */
export function matrixCellOf(run: Pick<StoredRun, 'config' | 'matrixId'>): StoredMatrixCell | undefined {
  if (run.matrixId === null) return undefined;
  const m = run.config.matrix as Partial<StoredMatrixCell> | undefined;
  if (typeof m !== 'object' || m === null || typeof m.label !== 'string') return undefined;
  return {
    id: run.matrixId,
    label: m.label,
    index: typeof m.index === 'number' ? m.index : 0,
    target: typeof m.target === 'string' ? m.target : null,
    prompt: typeof m.prompt === 'string' ? m.prompt : null,
    ...(typeof m.baseline === 'string' && { baseline: m.baseline }),
    ...((m.pairs === 'baseline' || m.pairs === 'all') && { pairs: m.pairs }),
    ...(m.correction !== undefined && { correction: m.correction }),
    ...(Array.isArray(m.gates) && { gates: m.gates }),
  };
}
