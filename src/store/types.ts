import type { Case, RunStatus, Score, TargetFingerprint, TargetOutput } from '../core/types.js';

export interface StoredRun {
  readonly runId: string;
  readonly eval: string;
  readonly status: RunStatus;
  readonly datasetName: string;
  readonly datasetVersion: string;
  readonly target: TargetFingerprint;
  readonly gitCommit: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  /** The eval's options as run (repeats, concurrency, graders…), secrets removed. */
  readonly config: { readonly [key: string]: unknown };
  /** Trials stored so far, and how many of them errored. */
  readonly trials: number;
  readonly errors: number;
  /** Stored trials whose output came from the response cache, not from a call of the target. */
  readonly cached: number;
  /** Total planned trials (cases × repeats). */
  readonly plannedTrials: number;
  /**
   * The run's `RunSummary` (see analysis/summary-types.ts) as computed when the run ended,
   * cached so run lists and trends need not re-read every trial. Null while running.
   */
  readonly summary: { readonly [key: string]: unknown } | null;
  /** When the process running it last said it is alive (null for runs stored before heartbeats). */
  readonly heartbeatAt: string | null;
  /** The process running or resuming it, as `pid@host`. */
  readonly owner: string | null;
  /** The matrix this run is a cell of (`assay run` over `targets:` / `prompts:`), or null. */
  readonly matrixId: string | null;
}

export interface CreateRunInput {
  readonly runId: string;
  readonly eval: string;
  readonly datasetName: string;
  readonly datasetVersion: string;
  readonly target: TargetFingerprint;
  readonly gitCommit: string | null;
  readonly startedAt: string;
  readonly config: {
    readonly [key: string]: unknown;
  };
  readonly plannedTrials: number;
  /** `pid@host` of the process that runs it. */
  readonly owner?: string | null;
  /** The matrix this run is a cell of. */
  readonly matrixId?: string | null;
}

export interface UpdateRunInput {
  readonly status?: RunStatus;
  readonly heartbeatAt?: string;
  readonly finishedAt?: string | null;
  readonly plannedTrials?: number;
  readonly summary?: { readonly [key: string]: unknown } | null;
  /**
   * The run's per-case fold as bytes (analysis/fold-snapshot), stored with `summary` in the same
   * write. Writing a summary without a fold drops the stored fold, as do writing the run's
   * trials or reviews, claiming it and changing its config: a stored fold never outlives what it folded.
   */
  readonly fold?: Uint8Array | null;
  /** Replaces the stored options (a resumed run records how it now executes). */
  readonly config?: { readonly [key: string]: unknown };
}

/** Takes a run over for a process (a resume), unless another live process holds it. */
export interface ClaimRunInput {
  readonly owner: string;
  readonly now: string;
  readonly plannedTrials: number;
  /** True when the run as stored is still held by a live process: then nothing changes. */
  readonly isHeld: (run: StoredRun) => boolean;
}

export interface ClaimRunResult {
  /** False when a live process holds the run: then `run` is as stored, untouched. */
  readonly claimed: boolean;
  readonly run: StoredRun;
}

export interface ListRunsQuery {
  readonly eval?: string;
  /** Only the cells of this matrix. */
  readonly matrix?: string;
  readonly status?: RunStatus;
  readonly limit?: number;
  readonly offset?: number;
}

export interface CreateDatasetInput {
  readonly name: string;
  readonly version: string;
  /** An array, or a stream (a dataset file read row by row): written in batches, never held whole. */
  readonly cases: readonly Case[] | AsyncIterable<Case>;
}

export interface StoredDataset {
  readonly name: string;
  readonly version: string;
  readonly caseCount: number;
  readonly createdAt: string;
}

/** A trial as the runner writes it. */
export interface WriteTrialInput {
  readonly runId: string;
  readonly caseId: string;
  readonly repeat: number;
  readonly output: TargetOutput | null;
  readonly scores: readonly Score[];
  readonly error: string | null;
  readonly startedAt: string;
  readonly latencyMs: number;
}

/** A trial as the store returns it: the write input plus its case's segment fields. */
export interface StoredTrial extends WriteTrialInput {
  readonly slice: string;
  readonly metadata: Case['metadata'];
  readonly weight: number;
}

export type TrialOutcome = 'pass' | 'fail' | 'error' | 'pending';

export interface ListTrialsQuery {
  readonly limit?: number;
  readonly offset?: number;
  readonly caseId?: string;
  readonly slice?: string;
  /** Keep trials whose case has `metadata[field] == value`. */
  readonly segment?: { readonly field: string; readonly value: string };
  /** Keep trials scored by this grader. */
  readonly grader?: string;
  /**
   * Keep only these trials. Outcomes (pass, fail, error, pending) are decided by analysis, with
   * reviews applied (`analysis/metrics/trial-outcomes.ts`), which passes the matching keys here.
   */
  readonly trials?: readonly { readonly caseId: string; readonly repeat: number }[];
  /** Case-insensitive text search over input, expected and output. */
  readonly search?: string;
}

export interface IterateTrialsOptions {
  /** Trials per page (default 1000). */
  readonly pageSize?: number;
  /** False: skip the output text and structure, keep `usage`, `costUsd` and `latencyMs`. */
  readonly withOutput?: boolean;
}

/**
 * A run's trials and their scores as parallel columns, for statistics over large runs: no
 * object per trial or score. Trials are ordered by case id then repeat; a trial's scores are
 * `scores[scoreStart[i] .. scoreStart[i + 1])`, in no particular order (`ordinals` holds the
 * order the graders returned them).
 */
export interface TrialColumns {
  readonly trials: {
    readonly caseIds: readonly string[];
    readonly repeats: Int32Array;
    /** The target error, or null. */
    readonly errors: readonly (string | null)[];
    /** One more entry than there are trials. */
    readonly scoreStart: Uint32Array;
    readonly latencyMs: Float64Array;
    /** The target's cost; NaN when unknown. */
    readonly costUsd: Float64Array;
    /** Target tokens; NaN when not reported. */
    readonly inputTokens: Float64Array;
    readonly outputTokens: Float64Array;
  };
  readonly scores: {
    /** Grader names; `grader` holds indexes into this list. */
    readonly graderNames: readonly string[];
    readonly grader: Uint16Array;
    /** The score's position in its trial's list of scores. */
    readonly ordinals: Int32Array;
    /** NaN when the grader stored no number. */
    readonly values: Float64Array;
    /** 1 pass, 0 fail, -1 not given. */
    readonly pass: Int8Array;
    /** 1 when the score waits for a person. */
    readonly pending: Uint8Array;
    /** The grader error, or null. */
    readonly errors: readonly (string | null)[];
    /** 1 when the score came from a model call (`meta.judge` is set). */
    readonly judgeCalls: Uint8Array;
    /** The model call's cost; NaN when unknown or when there was no call. */
    readonly judgeCostUsd: Float64Array;
    /** The model call's total tokens; 0 when not reported. */
    readonly judgeTokens: Float64Array;
    /** The score's reason, only with `listColumns(runId, { reasons: true })`. */
    readonly reasons?: readonly (string | null)[];
  };
}

export interface ListColumnsOptions {
  /** Also read each score's reason (reporters show them; statistics do not need them). */
  readonly reasons?: boolean;
}

export interface ScanColumnsOptions extends ListColumnsOptions {
  /** Trials per page (default 10,000). */
  readonly pageSize?: number;
}

/**
 * The segment fields of a dataset version's cases as parallel columns, ordered by case id.
 * Equal metadata is one shared, frozen object.
 */
export interface CaseColumns {
  readonly caseIds: readonly string[];
  readonly slices: readonly string[];
  readonly metadata: readonly Case['metadata'][];
  readonly weights: Float64Array;
}

export interface StoredBaseline {
  readonly name: string;
  readonly runId: string;
  readonly updatedAt: string;
}

/** A human grading task for one trial and grader. */
export interface StoredReview {
  readonly runId: string;
  readonly caseId: string;
  readonly repeat: number;
  readonly grader: string;
  readonly status: 'pending' | 'done' | 'skipped';
  readonly reviewer: string | null;
  /** Label chosen by the reviewer ("pass", "fail" or a rubric label). */
  readonly label: string | null;
  /** Score in [0, 1]. */
  readonly score: number | null;
  readonly comment: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface UpsertReviewInput {
  readonly runId: string;
  readonly caseId: string;
  readonly repeat: number;
  readonly grader: string;
  readonly status: StoredReview['status'];
  readonly reviewer?: string | null;
  readonly label?: string | null;
  readonly score?: number | null;
  readonly comment?: string | null;
  /** Kept when copying a review between stores; a new review is stamped now. */
  readonly createdAt?: string;
  readonly updatedAt?: string;
}

/** One reviewer's label as stored (`reviews.listLabels`), written back as given by `store copy`. */
export interface WriteReviewLabelInput {
  readonly runId: string;
  readonly caseId: string;
  readonly repeat: number;
  readonly grader: string;
  readonly reviewer: string;
  readonly label: string | null;
  readonly score: number | null;
  readonly comment: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ClaimAuditSlotInput {
  readonly runId: string;
  readonly grader: string;
  readonly caseId: string;
  /** How many cases the run's audit sample holds. */
  readonly size: number;
}

export interface ListReviewsQuery {
  readonly runId?: string;
  readonly grader?: string;
  readonly status?: StoredReview['status'];
  readonly caseId?: string;
  readonly limit?: number;
  readonly offset?: number;
}
