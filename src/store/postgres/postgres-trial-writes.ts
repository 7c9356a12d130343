import { toJson } from '../store-rows.js';
import type { WriteTrialInput } from '../types.js';

export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * The statements that upsert a batch of trials by (run, case, repeat) and replace their
 * scores: three statements whatever the batch size (arrays through `unnest`). Within a batch
 * the last write of a key wins, as it would one by one (Postgres refuses to update one row
 * twice in one statement).
 */
export function writeTrialsSql(input: readonly WriteTrialInput[]): Statement[] {
  const last = new Map<string, WriteTrialInput>();
  for (const t of input) last.set(`${t.runId}\u0000${t.caseId}\u0000${t.repeat}`, t);
  const trials = [...last.values()];
  const keys = [trials.map((t) => t.runId), trials.map((t) => t.caseId), trials.map((t) => t.repeat)];
  const scores = trials.flatMap((t) => t.scores.map((s, ordinal) => ({ t, s, ordinal })));
  return [
    {
      sql: `INSERT INTO trials (run_id, case_id, repeat, output, error, started_at, latency_ms, cost_usd, input_tokens, output_tokens,
          cached)
        SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
          $9::bigint[], $10::bigint[], $11::smallint[])
        ON CONFLICT (run_id, case_id, repeat) DO UPDATE SET output = excluded.output, error = excluded.error,
          started_at = excluded.started_at, latency_ms = excluded.latency_ms, cost_usd = excluded.cost_usd,
          input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, cached = excluded.cached`,
      params: [
        ...keys,
        trials.map((t) => toJson(t.output)),
        trials.map((t) => t.error),
        trials.map((t) => t.startedAt),
        trials.map((t) => t.latencyMs),
        trials.map((t) => t.output?.costUsd ?? null),
        trials.map((t) => t.output?.usage?.inputTokens ?? null),
        trials.map((t) => t.output?.usage?.outputTokens ?? null),
        trials.map((t) => (t.output?.cached ? 1 : 0)),
      ],
    },
    {
      sql: `DELETE FROM scores s USING unnest($1::text[], $2::text[], $3::int[]) AS k(run_id, case_id, repeat)
        WHERE s.run_id = k.run_id AND s.case_id = k.case_id AND s.repeat = k.repeat`,
      params: keys,
    },
    {
      sql: `INSERT INTO scores (run_id, case_id, repeat, grader, ordinal, value, pass, label, reason, meta, error, pending)
        SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::float8[], $7::smallint[], $8::text[],
          $9::text[], $10::text[], $11::text[], $12::smallint[])
        ON CONFLICT (run_id, case_id, repeat, grader) DO UPDATE SET ordinal = excluded.ordinal, value = excluded.value,
          pass = excluded.pass, label = excluded.label, reason = excluded.reason, meta = excluded.meta, error = excluded.error,
          pending = excluded.pending`,
      params: [
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
    },
  ];
}
