import type { MatrixComparison } from '../analysis/matrix/types.js';
import type { Case, RunStatus, Score } from '../core/types.js';
import type { Issue } from '../core/errors.js';
import type { Comparison, Verdict } from '../analysis/compare/types.js';
import type { Estimate, RunSummary } from '../analysis/summary-types.js';
import type { StoredReview, StoredRun, StoredTrial } from '../store/types.js';

/**
 * The JSON shapes of the dashboard API (`/api/…`). The web app imports these with
 * `import type` only, so the two sides agree at compile time and share no runtime code.
 * Non-finite numbers (NaN scores of errored trials) arrive as `null`.
 */

export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly hint?: string;
    readonly issues?: readonly Issue[];
  };
}

/** A run without its config and cached summary: what lists and headers need. */
export interface RunInfo extends Omit<StoredRun, 'config' | 'summary' | 'owner'> {
  /** Names of the baselines that point at this run. */
  readonly baselines: readonly string[];
  /**
   * True for a run stored as `running` whose process is gone (no fresh heartbeat, or its
   * process on this machine has ended): the same rule as `assay runs` (core/run-liveness.ts).
   */
  readonly stale: boolean;
  /** The cell's label when the run is a cell of a matrix (`matrixId`). */
  readonly matrixLabel?: string;
}

export interface RunHeadline {
  readonly name: string;
  readonly passRate: Estimate;
  readonly mean: Estimate;
  readonly n: number;
}

export interface RunListItem extends RunInfo {
  /** Per-grader pass rates from the cached summary; null while the run has no summary yet. */
  readonly graders: readonly RunHeadline[] | null;
  readonly costUsd: number | null;
  readonly latencyP50: number | null;
}

export type RunSortField = 'startedAt' | 'eval' | 'status' | 'passRate' | 'errors' | 'cost';

export interface RunListResponse {
  readonly runs: readonly RunListItem[];
  /** Runs matching the filters, before `limit`/`offset`. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  /** Every eval name in the store, for the filter. */
  readonly evals: readonly string[];
}

export interface RunDetailResponse {
  readonly run: RunInfo;
  readonly summary: RunSummary;
  /** `cached` when read from the run row, `computed` when summarised on request. */
  readonly summarySource: 'cached' | 'computed';
}

/** A trial as the case table shows it: previews, not whole payloads. */
export interface TrialRow {
  readonly caseId: string;
  readonly repeat: number;
  readonly slice: string;
  readonly metadata: Case['metadata'];
  /** The input as text (the last user message of a conversation), cut to a preview. */
  readonly input: string;
  readonly output: string;
  readonly scores: readonly Pick<Score, 'grader' | 'value' | 'pass' | 'label' | 'error' | 'pending'>[];
  readonly error: string | null;
  readonly latencyMs: number;
  readonly costUsd: number | null;
}

export interface TrialPageResponse {
  readonly trials: readonly TrialRow[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface OtherRunTrial {
  readonly run: Pick<RunInfo, 'runId' | 'eval' | 'status' | 'startedAt' | 'target'>;
  readonly trial: StoredTrial;
}

export interface CaseDetailResponse {
  readonly run: RunInfo;
  /** Null when the run's dataset is not in the store. */
  readonly case: Case | null;
  /** Every repeat of this case in this run. */
  readonly trials: readonly StoredTrial[];
  readonly reviews: readonly StoredReview[];
  /** The same case in other runs, newest first. */
  readonly otherRuns: readonly OtherRunTrial[];
}

export interface CompareResponse {
  readonly baseline: RunInfo;
  readonly candidate: RunInfo;
  readonly comparison: Comparison;
}

export type TrendMetric = 'passRate' | 'mean';

export interface TrendPoint {
  readonly runId: string;
  readonly startedAt: string;
  readonly status: RunStatus;
  readonly model: string | null;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

export interface TrendWeek {
  /** ISO week, e.g. `2025-W07`. */
  readonly week: string;
  /** Monday of the week, `YYYY-MM-DD` (UTC). */
  readonly start: string;
  readonly runs: number;
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly n: number;
}

export interface TrendsResponse {
  readonly eval: string;
  readonly grader: string;
  readonly metric: TrendMetric;
  readonly evals: readonly string[];
  readonly graders: readonly string[];
  /** Oldest first. */
  readonly points: readonly TrendPoint[];
  readonly weeks: readonly TrendWeek[];
  readonly baselines: readonly { readonly name: string; readonly runId: string; readonly startedAt: string | null }[];
}

export interface TrendFlag {
  readonly baselineRunId: string;
  readonly candidateRunId: string;
  readonly verdict: Verdict;
  readonly delta: Estimate;
  readonly pValue: number;
}

export interface TrendFlagsResponse {
  readonly eval: string;
  readonly grader: string;
  /** Consecutive pairs of completed runs (newest pairs), each compared with the compare logic. */
  readonly pairs: readonly TrendFlag[];
}

export interface ReviewItem {
  readonly review: StoredReview;
  readonly case: Case | null;
  /** For a blind task, `trial.scores` holds only the reviewed grader's own (pending) score. */
  readonly trial: StoredTrial | null;
  /** Blind review: other graders' verdicts are withheld (the default for random, audit and all samples). */
  readonly blind?: boolean;
}

export interface ReviewQueueResponse {
  readonly items: readonly ReviewItem[];
  /** Reviews matching the filters, before `limit`/`offset`. */
  readonly total: number;
  /** Progress over the run (or the whole store), whatever the status filter. */
  readonly counts: { readonly pending: number; readonly done: number; readonly skipped: number };
}

export interface ReviewSaveResponse {
  readonly review: StoredReview;
  /** The run summary recomputed with the new label, and saved on the run. */
  readonly summary: RunSummary | null;
  /** Set when reviewers of this trial disagree: how the disagreement was resolved. */
  readonly conflict?: string;
}

/** One attack family's success rate on one run, for the chosen grader (null when unmeasured). */
export interface RedteamCell {
  readonly runId: string;
  readonly value: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly n: number;
}

/** `GET /api/redteam`: attack families × runs (releases) of one eval, for one red-team grader. */
export interface RedteamResponse {
  /** Evals that have runs with attack cases. */
  readonly evals: readonly string[];
  readonly eval: string;
  readonly graders: readonly string[];
  readonly grader: string;
  /** Runs with attack cases, oldest first. */
  readonly runs: readonly {
    readonly runId: string;
    readonly startedAt: string;
    readonly target: string;
    readonly attacks: number;
  }[];
  /** One row per family (an `all attacks` row last), one cell per run. */
  readonly families: readonly { readonly family: string; readonly cells: readonly RedteamCell[] }[];
  /** The newest run's successful attacks that got past the most graders. */
  readonly worst: readonly {
    readonly caseId: string;
    readonly family: string;
    readonly technique: string;
    readonly graders: readonly string[];
  }[];
}

/** `GET /api/online`: the evals with online scores, and one eval's status (as `assay online status --json`). */
export interface OnlineResponse {
  readonly evals: readonly string[];
  /** Null when no eval has online scores yet. */
  readonly status: import('../analysis/online/online-report.js').OnlineReport | null;
}

/** `GET /api/matrix/:id`: a matrix's cells and their N-way comparison (null with one cell). */
export interface MatrixResponse {
  readonly matrixId: string;
  readonly eval: string;
  readonly startedAt: string;
  /** Target and prompt labels in file order (empty when the matrix has no such list). */
  readonly targets: readonly string[];
  readonly prompts: readonly string[];
  readonly cells: readonly {
    readonly runId: string;
    readonly label: string;
    readonly target: string | null;
    readonly prompt: string | null;
    readonly status: RunStatus;
  }[];
  readonly comparison: MatrixComparison | null;
}
