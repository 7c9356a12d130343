import { toJson } from '../store-rows.js';
import type { WriteTrialInput } from '../types.js';

export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The statement that upserts a batch of trials by (run, case, repeat) and replaces their
 * scores: one statement whatever the batch size (arrays through `unnest`), so one round trip
 * and atomic without a transaction around it. Its three parts touch disjoint rows (the scores
 * deleted are those whose grader the new trial no longer has; the others are upserted), as
 * parts of one statement must. Within a batch the last write of a key wins, as it would one
 * by one (Postgres refuses to update one row twice in one statement).
 */
export function writeTrialsSql(input: readonly WriteTrialInput[]): Statement {
  const last = new Map<string, WriteTrialInput>();
  for (const t of input) last.set(`${t.runId}\u0000${t.caseId}\u0000${t.repeat}`, t);
  const trials = [...last.values()];
  const scores = trials.flatMap((t) => t.scores.map((s, ordinal) => ({ t, s, ordinal })));
  return {
    sql: `WITH written AS (
          INSERT INTO trials (run_id, case_id, repeat, output, error, started_at, latency_ms, cost_usd, input_tokens,
            output_tokens, cached)
          SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::float8[],
            $8::float8[], $9::bigint[], $10::bigint[], $11::smallint[])
          ON CONFLICT (run_id, case_id, repeat) DO UPDATE SET output = excluded.output, error = excluded.error,
            started_at = excluded.started_at, latency_ms = excluded.latency_ms, cost_usd = excluded.cost_usd,
            input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cached = excluded.cached
          RETURNING run_id, case_id, repeat
        ),
        graded AS (
          SELECT * FROM unnest($12::text[], $13::text[], $14::int[], $15::text[], $16::int[], $17::float8[],
            $18::smallint[], $19::text[], $20::text[], $21::text[], $22::text[], $23::smallint[])
            AS g(run_id, case_id, repeat, grader, ordinal, value, pass, label, reason, meta, error, pending)
        ),
        unfolded AS (
          DELETE FROM run_folds f WHERE f.run_id = ANY($1::text[])
        ),
        dropped AS (
          DELETE FROM scores s USING written w
          WHERE s.run_id = w.run_id AND s.case_id = w.case_id AND s.repeat = w.repeat
            AND NOT EXISTS (SELECT 1 FROM graded g WHERE g.run_id = s.run_id AND g.case_id = s.case_id
              AND g.repeat = s.repeat AND g.grader = s.grader)
        )
        INSERT INTO scores (run_id, case_id, repeat, grader, ordinal, value, pass, label, reason, meta, error, pending)
        SELECT * FROM graded
        ON CONFLICT (run_id, case_id, repeat, grader) DO UPDATE SET ordinal = excluded.ordinal, value = excluded.value,
          pass = excluded.pass, label = excluded.label, reason = excluded.reason, meta = excluded.meta,
          error = excluded.error, pending = excluded.pending`,
    params: [
      trials.map((t) => t.runId),
      trials.map((t) => t.caseId),
      trials.map((t) => t.repeat),
      trials.map((t) => toJson(t.output)),
      trials.map((t) => t.error),
      trials.map((t) => t.startedAt),
      trials.map((t) => t.latencyMs),
      trials.map((t) => t.output?.costUsd ?? null),
      trials.map((t) => t.output?.usage?.inputTokens ?? null),
      trials.map((t) => t.output?.usage?.outputTokens ?? null),
      trials.map((t) => (t.output?.cached ? 1 : 0)),
      scores.map((x) => x.t.runId),
      scores.map((x) => x.t.caseId),
      scores.map((x) => x.t.repeat),
      scores.map((x) => x.s.grader),
      scores.map((x) => x.ordinal),
      scores.map((x) => (Number.isFinite(x.s.value) ? x.s.value : null)),
      scores.map((x) => (x.s.pass === undefined ? null : x.s.pass ? 1 : 0)),
      scores.map((x) => x.s.label ?? null),
      scores.map((x) => x.s.reason ?? null),
      scores.map((x) => toJson(x.s.meta)),
      scores.map((x) => x.s.error ?? null),
      scores.map((x) => (x.s.pending ? 1 : 0)),
    ],
  };
}
