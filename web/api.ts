import type {
  ApiErrorBody,
  CaseDetailResponse,
  CompareResponse,
  MatrixResponse,
  OnlineResponse,
  RedteamResponse,
  ReviewQueueResponse,
  ReviewSaveResponse,
  RunDetailResponse,
  RunListResponse,
  TrendFlagsResponse,
  TrendsResponse,
  TrialPageResponse,
} from '../src/server/api-types.js';
import type { UpsertReviewInput } from '../src/store/types.js';

export type * from '../src/server/api-types.js';
export type { RunSummary } from '../src/analysis/summary-types.js';
export type * from '../src/analysis/matrix/types.js';
export type { Score, Trajectory, TrajectoryMessage } from '../src/core/types.js';

/** An API error with the server's code and hint, so pages can say what to do. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly hint?: string;
  readonly issues: readonly { path: string; message: string }[];

  constructor(status: number, body: ApiErrorBody['error']) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.hint = body.hint;
    this.issues = body.issues ?? [];
  }
}

type Params = Record<string, string | number | undefined | null>;

function query(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch {
    throw new ApiError(0, {
      code: 'API_UNREACHABLE',
      message: 'The dashboard server is not answering.',
      hint: 'Is `assay ui` still running? Start it again and reload.',
    });
  }
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const error = (body as ApiErrorBody | null)?.error ?? {
      code: `HTTP_${res.status}`,
      message: `The server answered ${res.status}.`,
    };
    throw new ApiError(res.status, error);
  }
  return body as T;
}

const enc = encodeURIComponent;

/** Typed fetchers for every `/api/` endpoint (see docs/api.md). */
export const api = {
  runs: (p: { eval?: string; status?: string; search?: string; sort?: string; limit?: number; offset?: number }) =>
    request<RunListResponse>(`/api/runs${query(p)}`),
  run: (runId: string) => request<RunDetailResponse>(`/api/runs/${enc(runId)}`),
  trials: (
    runId: string,
    p: {
      slice?: string;
      segment?: string;
      grader?: string;
      outcome?: string;
      search?: string;
      limit?: number;
      offset?: number;
    },
  ) => request<TrialPageResponse>(`/api/runs/${enc(runId)}/trials${query(p)}`),
  caseDetail: (runId: string, caseId: string) =>
    request<CaseDetailResponse>(`/api/runs/${enc(runId)}/cases/${enc(caseId)}`),
  compare: (baseline: string, candidate: string) =>
    request<CompareResponse>(`/api/compare${query({ baseline, candidate })}`),
  matrix: (matrixId: string, p: { pairs?: string; alpha?: number } = {}) =>
    request<MatrixResponse>(`/api/matrix/${enc(matrixId)}${query(p)}`),
  trends: (p: { eval?: string; grader?: string; metric?: string }) => request<TrendsResponse>(`/api/trends${query(p)}`),
  trendFlags: (p: { eval: string; grader: string; pairs?: number }) =>
    request<TrendFlagsResponse>(`/api/trends/flags${query(p)}`),
  redteam: (p: { eval?: string; grader?: string; limit?: number }) =>
    request<RedteamResponse>(`/api/redteam${query(p)}`),
  online: (p: { eval?: string; window?: string; segment?: string; evalSet?: string }) =>
    request<OnlineResponse>(`/api/online${query(p)}`),
  reviews: (p: { run?: string; status?: string; grader?: string; limit?: number; offset?: number }) =>
    request<ReviewQueueResponse>(`/api/reviews${query(p)}`),
  saveReview: (input: UpsertReviewInput) =>
    request<ReviewSaveResponse>('/api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    }),
};
