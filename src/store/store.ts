import type { Case } from '../core/types.js';
import type {
  CaseColumns,
  ClaimAuditSlotInput,
  ClaimRunInput,
  ClaimRunResult,
  CreateDatasetInput,
  CreateRunInput,
  IterateTrialsOptions,
  ListColumnsOptions,
  ScanColumnsOptions,
  ListReviewsQuery,
  ListRunsQuery,
  ListTrialsQuery,
  StoredBaseline,
  StoredDataset,
  StoredReview,
  StoredRun,
  StoredTrial,
  TrialColumns,
  UpdateRunInput,
  UpsertReviewInput,
  WriteReviewLabelInput,
  WriteTrialInput,
} from './types.js';
import type { FeedbackStore, OnlineScoreStore, TraceStore } from './trace-types.js';

/**
 * Where runs, trials and reviews live. SQLite is the embedded default; every implementation
 * passes the same contract tests (`store/store-contract.ts`). The store only keeps and
 * returns rows: statistics are computed in `stats/` and `analysis/`.
 */
export interface Store {
  readonly kind: string;
  /** Where the store lives, for messages (a file path or a redacted URL). */
  readonly location: string;

  readonly datasets: {
    /** Idempotent: the version is a content hash, so storing it twice is a no-op. */
    create(input: CreateDatasetInput): Promise<void>;
    get(version: string): Promise<StoredDataset | undefined>;
    /** Every stored dataset version, oldest first. */
    list(): Promise<StoredDataset[]>;
    listCases(version: string): Promise<Case[]>;
    getCase(version: string, caseId: string): Promise<Case | undefined>;
    /** The cases' segment fields (slice, metadata, weight) as columns, for statistics. */
    listCaseColumns(version: string, options?: { readonly pageSize?: number }): Promise<CaseColumns>;
  };

  readonly runs: {
    create(input: CreateRunInput): Promise<StoredRun>;
    update(runId: string, input: UpdateRunInput): Promise<StoredRun>;
    /**
     * Atomically marks a run `running` for `input.owner`, unless `input.isHeld(run)` says a live
     * process still runs it (two `--resume` of one run must not both call the target).
     * Undefined when there is no such run.
     */
    claim(runId: string, input: ClaimRunInput): Promise<ClaimRunResult | undefined>;
    get(runId: string): Promise<StoredRun | undefined>;
    /**
     * The fold stored with the run's summary (`update({ summary, fold })`); undefined when there is
     * none. Optional: a store without it keeps no folds, and every run is folded from its trials.
     */
    getFold?(runId: string): Promise<Uint8Array | undefined>;
    /** Newest first. */
    list(query?: ListRunsQuery): Promise<StoredRun[]>;
  };

  readonly trials: {
    /** Upserts by (run, case, repeat) in one transaction: writing a trial twice keeps the last. */
    write(trials: readonly WriteTrialInput[]): Promise<void>;
    /** Ordered by case id then repeat. */
    list(runId: string, query?: ListTrialsQuery): Promise<StoredTrial[]>;
    count(runId: string, query?: ListTrialsQuery): Promise<number>;
    /**
     * Streams every trial of a run in pages, so memory stays flat on large runs. A number is
     * the page size. With `withOutput: false` the output holds only its accounting fields
     * (`usage`, `costUsd`, `latencyMs`), which is much faster for statistics over big runs.
     */
    iterate(runId: string, options?: number | IterateTrialsOptions): AsyncIterable<StoredTrial>;
    /**
     * Every trial of a run with its scores, as columns: what paired statistics over large runs
     * read: scores, target errors, latency, cost and tokens (no output text), and no object per trial, so it is much faster than
     * `iterate` on 100,000 trials.
     */
    listColumns(runId: string, options?: ListColumnsOptions): Promise<TrialColumns>;
    /**
     * The same columns as `listColumns`, handed to `onPage` a page of trials at a time in key
     * order (case id, then repeat; a case's repeats may straddle two pages), all read in one
     * snapshot. Memory is bounded by the page: what the summary and compare of large runs read.
     */
    scanColumns(runId: string, onPage: (page: TrialColumns) => void, options?: ScanColumnsOptions): Promise<void>;
    /** `caseId\u0000repeat` keys of stored trials that finished without a target error. */
    completedKeys(runId: string): Promise<Set<string>>;
    /** The same case in every run, newest run first. */
    listForCase(caseId: string, limit?: number): Promise<StoredTrial[]>;
  };

  readonly baselines: {
    set(name: string, runId: string): Promise<StoredBaseline>;
    get(name: string): Promise<StoredBaseline | undefined>;
    list(): Promise<StoredBaseline[]>;
  };

  readonly reviews: {
    upsert(input: UpsertReviewInput): Promise<StoredReview>;
    list(query?: ListReviewsQuery): Promise<StoredReview[]>;
    count(query?: ListReviewsQuery): Promise<number>;
    /**
     * Every reviewer's label (status `done`), one per (trial, grader, reviewer), in the order they were first given.
     * `upsert` of a done review with a reviewer writes one; the `reviews` row keeps the resolved label.
     */
    listLabels(query?: ListReviewsQuery): Promise<StoredReview[]>;
    /**
     * Writes reviewers' labels exactly as given (timestamps included), keyed by (trial, grader,
     * reviewer), without touching the `reviews` rows: `store copy` carries every label this way.
     * Resolves to how many were new or different (0 when all were already there).
     */
    writeLabels(labels: readonly WriteReviewLabelInput[]): Promise<number>;
    /**
     * Claims one of `size` audit places of a run's grader for a case, atomically across
     * processes: true when the case holds a place (already, or now), false when all are taken.
     */
    claimAuditSlot(input: ClaimAuditSlotInput): Promise<boolean>;
  };

  /** Ingested production traces (online evaluation). Absent on stores that do not keep them. */
  readonly traces?: TraceStore;
  /** User feedback joined to traces by trace id. */
  readonly feedback?: FeedbackStore;
  /** Online evals' scores on sampled traces, and how far each eval has read. */
  readonly online?: OnlineScoreStore;

  /**
   * Read-only SQL over the documented views (`runs`, `cases`, `trials`, `scores`, `reviews`;
   * store/sql-views.ts). A statement that would write is refused. Absent on stores without SQL.
   */
  readonly sql?: {
    query(text: string): Promise<SqlResult>;
  };

  close(): Promise<void>;
}

/** The rows of an `assay sql` query, in column order. */
export interface SqlResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** The key `completedKeys` uses for a (case, repeat) pair. */
export function trialKey(caseId: string, repeat: number): string {
  return `${caseId}\u0000${repeat}`;
}
