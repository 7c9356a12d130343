import { pc } from '../core/colors.js';
import { displayStatus } from '../core/run-liveness.js';
import { safeTerminalText as safe } from '../core/terminal-text.js';
import type { StoredRun } from '../store/types.js';

/** A run's status in `assay runs`' table: `stale` (a running run whose process is gone) and `failed` in red. */
export function colorStatus(status: string): string {
  if (status === 'completed') return status;
  return status === 'failed' || status === 'stale' ? pc.red(status) : pc.yellow(status);
}

/** How to continue a run that stopped before its end; undefined for any other run. */
export function resumeLine(run: StoredRun): string | undefined {
  const stale = displayStatus(run) === 'stale';
  if (!stale && run.status !== 'interrupted') return undefined;
  const file = typeof run.config.file === 'string' ? safe(run.config.file, 500) : '<file.eval.ts>';
  const why = stale ? 'is stale (its process is gone)' : 'was interrupted';
  return `Run ${run.runId} ${why}; continue it with: assay run ${file} --resume ${run.runId}`;
}
