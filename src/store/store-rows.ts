import type { Case, Score } from '../core/types.js';
import { AssayError } from '../core/errors.js';
import type { StoredBaseline, StoredDataset, StoredReview, StoredRun, StoredTrial } from './types.js';

export interface DatasetRow {
  version: string;
  name: string;
  case_count: number;
  created_at: string;
}

export interface RunRow {
  run_id: string;
  eval: string;
  status: string;
  dataset_name: string;
  dataset_version: string;
  target: string;
  git_commit: string | null;
  started_at: string;
  finished_at: string | null;
  config: string;
  planned_trials: number;
  summary: string | null;
  trials: number;
  errors: number;
  cached: number;
  heartbeat_at: string | null;
  owner: string | null;
  matrix_id?: string | null;
}

export interface TrialRow {
  run_id: string;
  case_id: string;
  repeat: number;
  output: string | null;
  error: string | null;
  started_at: string;
  latency_ms: number;
  slice: string | null;
  metadata: string | null;
  weight: number | null;
}

export interface ScoreRow {
  run_id: string;
  case_id: string;
  repeat: number;
  grader: string;
  value: number | null;
  pass: number | null;
  label: string | null;
  reason: string | null;
  meta: string | null;
  error: string | null;
  pending: number;
}

export interface ReviewRow {
  run_id: string;
  case_id: string;
  repeat: number;
  grader: string;
  status: string;
  reviewer: string | null;
  label: string | null;
  score: number | null;
  comment: string | null;
  created_at: string;
  updated_at: string;
}

export interface BaselineRow {
  name: string;
  run_id: string;
  updated_at: string;
}

export function baselineFromRow(row: BaselineRow): StoredBaseline {
  return { name: row.name, runId: row.run_id, updatedAt: row.updated_at };
}

/** The error of naming a run that is not in the store as a baseline. */
export function baselineRunNotFound(name: string, runId: string, location: string): AssayError {
  return new AssayError(
    'RUN_NOT_FOUND',
    `Cannot name run '${runId}' as baseline '${name}': no such run in ${location}.`,
    {
      hint: 'List runs with `assay runs` and pass one of their ids.',
    },
  );
}

export function datasetFromRow(row: DatasetRow): StoredDataset {
  return { version: row.version, name: row.name, caseCount: row.case_count, createdAt: row.created_at };
}

export function runFromRow(row: RunRow): StoredRun {
  return {
    runId: row.run_id,
    eval: row.eval,
    status: row.status as StoredRun['status'],
    datasetName: row.dataset_name,
    datasetVersion: row.dataset_version,
    target: JSON.parse(row.target),
    gitCommit: row.git_commit,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    config: JSON.parse(row.config),
    plannedTrials: row.planned_trials,
    summary: row.summary === null ? null : JSON.parse(row.summary),
    trials: row.trials,
    errors: row.errors,
    cached: row.cached,
    heartbeatAt: row.heartbeat_at,
    owner: row.owner,
    matrixId: row.matrix_id ?? null,
  };
}

export function scoreFromRow(row: ScoreRow): Score {
  return {
    grader: row.grader,
    value: row.value ?? Number.NaN,
    ...(row.pass !== null && { pass: row.pass === 1 }),
    ...(row.label !== null && { label: row.label }),
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.meta !== null && { meta: JSON.parse(row.meta) }),
    ...(row.error !== null && { error: row.error }),
    ...(row.pending === 1 && { pending: true }),
  };
}

export function trialFromRow(row: TrialRow, scores: readonly Score[]): StoredTrial {
  return {
    runId: row.run_id,
    caseId: row.case_id,
    repeat: row.repeat,
    output: row.output === null ? null : JSON.parse(row.output),
    error: row.error,
    startedAt: row.started_at,
    latencyMs: row.latency_ms,
    scores,
    slice: row.slice ?? 'typical',
    metadata: row.metadata === null ? {} : (JSON.parse(row.metadata) as Case['metadata']),
    weight: row.weight ?? 1,
  };
}

export function reviewFromRow(row: ReviewRow): StoredReview {
  return {
    runId: row.run_id,
    caseId: row.case_id,
    repeat: row.repeat,
    grader: row.grader,
    status: row.status as StoredReview['status'],
    reviewer: row.reviewer,
    label: row.label,
    score: row.score,
    comment: row.comment,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A JSON column value, or null. Non-finite numbers become null (JSON has no NaN). */
export function toJson(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
