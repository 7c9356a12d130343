import { appendFile, readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import { loadDataset } from '../load-dataset.js';
import { mergeRegressionCases, selectPromotions, toRegressionCase, type PromoteOptions } from './promote-failures.js';

export interface PromoteRunOptions extends PromoteOptions {
  /** The regression JSONL file; created if missing, appended to otherwise. */
  readonly to: string;
  readonly nearDuplicateThreshold?: number;
}

export interface PromoteReport {
  readonly runId: string;
  readonly to: string;
  readonly selected: number;
  readonly added: readonly string[];
  readonly skipped: readonly { readonly caseId: string; readonly duplicateOf: string }[];
  /** Trials whose case is missing from the stored dataset version. */
  readonly missingCases: readonly string[];
}

/**
 * Promotes a run's failures (or all its cases) into a regression set: each becomes a case with
 * slice `regression` and provenance, skipping those already in the file (by id or as a
 * near-duplicate input). New cases are appended, so the existing lines stay as they are.
 *
 * @example
 * await promoteRun(store, 'run_20240601T120000Z_ab12cd', { failedOnly: true, to: 'datasets/regression.jsonl' });
 */
export async function promoteRun(store: Store, runId: string, options: PromoteRunOptions): Promise<PromoteReport> {
  const run = await store.runs.get(runId);
  if (!run) throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in the store at ${store.location}.`, { hint: 'List runs with `assay runs`, or pass --store.' });
  const promotions = await selectPromotions(store.trials.iterate(runId), options);
  const incoming: Case[] = [];
  const missingCases: string[] = [];
  for (const p of promotions) {
    const c = await store.datasets.getCase(run.datasetVersion, p.caseId);
    if (c) incoming.push(toRegressionCase(c, runId, p));
    else missingCases.push(p.caseId);
  }
  const path = resolve(options.to);
  const existing = (await exists(path)) ? (await loadDataset(path, { baseDir: process.cwd() })).cases : [];
  const merged = mergeRegressionCases(existing, incoming, options.nearDuplicateThreshold ?? 0.8);
  if (merged.added.length > 0) {
    await mkdir(dirname(path), { recursive: true });
    const prefix = (await exists(path)) && !(await readFile(path, 'utf8')).endsWith('\n') ? '\n' : '';
    await appendFile(path, prefix + merged.added.map((c) => `${caseLine(c)}\n`).join(''), 'utf8');
  }
  return { runId, to: options.to, selected: promotions.length, added: merged.added.map((c) => c.id), skipped: merged.skipped, missingCases };
}

/** One case as a JSONL line, fields in the order `writeCasesJsonl` uses. */
function caseLine(c: Case): string {
  return JSON.stringify({ id: c.id, input: c.input, expected: c.expected, slice: c.slice, weight: c.weight, source: c.source, metadata: c.metadata });
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (_error) {
    return false;
  }
}
