import type { Case } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { StoredRun, StoredTrial } from '../../store/types.js';

/** How a column is typed in a Parquet file; JSONL and CSV write the same values. */
export type ExportColumnType = 'string' | 'double' | 'int' | 'boolean';

export interface ExportColumn {
  readonly name: string;
  readonly type: ExportColumnType;
}

export type ExportValue = string | number | boolean | null;

/** The fixed columns of an export, in order; `metadata.<field>` columns follow, one per case field. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { name: 'run_id', type: 'string' },
  { name: 'eval', type: 'string' },
  { name: 'dataset_version', type: 'string' },
  { name: 'case_id', type: 'string' },
  { name: 'repeat', type: 'int' },
  { name: 'grader', type: 'string' },
  { name: 'value', type: 'double' },
  { name: 'pass', type: 'boolean' },
  { name: 'label', type: 'string' },
  { name: 'reason', type: 'string' },
  { name: 'score_error', type: 'string' },
  { name: 'pending', type: 'boolean' },
  { name: 'output_text', type: 'string' },
  { name: 'error', type: 'string' },
  { name: 'model', type: 'string' },
  { name: 'latency_ms', type: 'double' },
  { name: 'cost_usd', type: 'double' },
  { name: 'input_tokens', type: 'int' },
  { name: 'output_tokens', type: 'int' },
  { name: 'started_at', type: 'string' },
  { name: 'slice', type: 'string' },
  { name: 'weight', type: 'double' },
  { name: 'input', type: 'string' },
  { name: 'expected', type: 'string' },
  { name: 'source', type: 'string' },
];

export interface ExportTable {
  readonly columns: readonly ExportColumn[];
  /** One row per (trial, grader); a trial with no scores (a target error) is one row with `grader` null. */
  rows(): AsyncIterable<ExportValue[]>;
}

/** Text as it is; anything else (chat messages, objects) as JSON. */
function flatText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function metadataColumns(cases: readonly Case[]): ExportColumn[] {
  const types = new Map<string, Set<string>>();
  for (const c of cases) {
    for (const [key, value] of Object.entries(c.metadata)) {
      if (value === null || value === undefined) continue;
      const seen = types.get(key) ?? new Set<string>();
      seen.add(typeof value);
      types.set(key, seen);
    }
  }
  return [...types.keys()].sort().map((key) => {
    const seen = [...types.get(key)!];
    const type: ExportColumnType =
      seen.length === 1 && seen[0] === 'number'
        ? 'double'
        : seen.length === 1 && seen[0] === 'boolean'
          ? 'boolean'
          : 'string';
    return { name: `metadata.${key}`, type };
  });
}

function metadataValue(value: unknown, type: ExportColumnType): ExportValue {
  if (value === undefined || value === null) return null;
  if (type === 'string') return typeof value === 'string' ? value : JSON.stringify(value);
  return value as number | boolean;
}

/**
 * A stored run as one flat table for pandas, SQL engines and spreadsheets: every trial × grader,
 * with the case's fields beside it. Trials stream from the store in pages.
 */
export async function exportTable(store: Store, run: StoredRun): Promise<ExportTable> {
  const cases = await store.datasets.listCases(run.datasetVersion);
  const byId = new Map(cases.map((c) => [c.id, c]));
  const meta = metadataColumns(cases);
  const columns = [...EXPORT_COLUMNS, ...meta];
  const model = typeof run.target.model === 'string' ? run.target.model : null;
  function trialRows(t: StoredTrial): ExportValue[][] {
    const c = byId.get(t.caseId);
    const out = t.output;
    const common = {
      output_text: out?.text ?? (out?.value === undefined ? null : flatText(out.value)),
      error: t.error,
      model: out?.model ?? model,
      latency_ms: t.latencyMs,
      cost_usd: out?.costUsd ?? null,
      input_tokens: out?.usage?.inputTokens ?? null,
      output_tokens: out?.usage?.outputTokens ?? null,
      started_at: t.startedAt,
      slice: t.slice,
      weight: t.weight,
      input: flatText(c?.input),
      expected: flatText(c?.expected),
      source: c?.source ?? null,
    };
    const scores = t.scores.length > 0 ? t.scores : [undefined];
    return scores.map((s) => {
      const row: Record<string, ExportValue> = {
        run_id: run.runId,
        eval: run.eval,
        dataset_version: run.datasetVersion,
        case_id: t.caseId,
        repeat: t.repeat,
        grader: s?.grader ?? null,
        value: s && Number.isFinite(s.value) ? s.value : null,
        pass: s?.pass ?? null,
        label: s?.label ?? null,
        reason: s?.reason ?? null,
        score_error: s?.error ?? null,
        pending: s ? s.pending === true : null,
        ...common,
      };
      for (const m of meta) row[m.name] = metadataValue(t.metadata[m.name.slice('metadata.'.length)], m.type);
      return columns.map((col) => row[col.name] ?? null);
    });
  }
  return {
    columns,
    async *rows() {
      for await (const trial of store.trials.iterate(run.runId)) yield* trialRows(trial);
    },
  };
}
