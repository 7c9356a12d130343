import type { TraceRecord, TraceSource } from '../store/trace-types.js';

/** A record refused at ingest, with the position it had in the request (or the line of a file). */
export interface Rejection {
  readonly index: number;
  readonly reason: string;
}

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

const FIELDS = new Set([
  'traceId',
  'spanId',
  'input',
  'output',
  'metadata',
  'timestamp',
  'latencyMs',
  'model',
  'inputTokens',
  'outputTokens',
  'status',
  'error',
]);
const MAX_ID = 256;

const fail = (reason: string): Checked<never> => ({ ok: false, reason });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function optionalCount(value: unknown, field: string): Checked<number | null> {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    return fail(`${field} must be a whole number ≥ 0`);
  return { ok: true, value };
}

function timestampOf(value: unknown, now: Date): Checked<string> {
  if (value === undefined || value === null) return { ok: true, value: now.toISOString() };
  const date = typeof value === 'number' ? new Date(value) : typeof value === 'string' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) {
    return fail('timestamp must be an ISO 8601 date string or epoch milliseconds');
  }
  return { ok: true, value: date.toISOString() };
}

/**
 * Checks one plain JSON trace record (`POST /api/traces`, `assay ingest`):
 * `{traceId, input, output, metadata, timestamp, latencyMs}` plus the optional `spanId`, `model`,
 * `inputTokens`, `outputTokens`, `status` ('ok' | 'error') and `error`. Unknown fields are refused,
 * since they are usually a misspelling (`trace_id`) whose data would otherwise be dropped.
 */
export function checkPlainRecord(raw: unknown, source: TraceSource, now = new Date()): Checked<TraceRecord> {
  if (!isObject(raw)) return fail('a trace record must be a JSON object');
  const unknown = Object.keys(raw).filter((k) => !FIELDS.has(k));
  if (unknown.length > 0)
    return fail(`unknown field ${unknown.map((k) => JSON.stringify(k)).join(', ')}; fields: ${[...FIELDS].join(', ')}`);
  const { traceId, spanId, metadata, latencyMs, model, status, error } = raw;
  if (typeof traceId !== 'string' || traceId.trim() === '')
    return fail('traceId is required and must be a non-empty string');
  if (traceId.length > MAX_ID) return fail(`traceId is longer than ${MAX_ID} characters`);
  if (spanId !== undefined && (typeof spanId !== 'string' || spanId.length > MAX_ID))
    return fail('spanId must be a string');
  if (metadata !== undefined && metadata !== null && !isObject(metadata))
    return fail('metadata must be an object of segment fields');
  if (
    latencyMs !== undefined &&
    latencyMs !== null &&
    (typeof latencyMs !== 'number' || !(latencyMs >= 0) || !Number.isFinite(latencyMs))
  ) {
    return fail('latencyMs must be a finite number ≥ 0');
  }
  if (model !== undefined && model !== null && typeof model !== 'string') return fail('model must be a string');
  if (status !== undefined && status !== 'ok' && status !== 'error') return fail("status must be 'ok' or 'error'");
  if (error !== undefined && error !== null && typeof error !== 'string') return fail('error must be a string');
  const time = timestampOf(raw.timestamp, now);
  if (!time.ok) return time;
  const inTokens = optionalCount(raw.inputTokens, 'inputTokens');
  if (!inTokens.ok) return inTokens;
  const outTokens = optionalCount(raw.outputTokens, 'outputTokens');
  if (!outTokens.ok) return outTokens;
  return {
    ok: true,
    value: {
      traceId,
      spanId: (spanId as string | undefined) ?? '',
      input: raw.input ?? null,
      output: raw.output ?? null,
      metadata: (metadata as Record<string, unknown> | undefined) ?? {},
      timestamp: time.value,
      latencyMs: (latencyMs as number | undefined) ?? null,
      model: (model as string | undefined) ?? null,
      inputTokens: inTokens.value,
      outputTokens: outTokens.value,
      status: status === 'error' || (typeof error === 'string' && error !== '') ? 'error' : 'ok',
      error: (error as string | undefined) ?? null,
      source,
    },
  };
}

/** Splits a batch into accepted records and rejections with reasons, keeping each record's index. */
export function checkPlainBatch(
  raws: readonly unknown[],
  source: TraceSource,
  firstIndex = 0,
): { records: TraceRecord[]; rejected: Rejection[] } {
  const records: TraceRecord[] = [];
  const rejected: Rejection[] = [];
  const now = new Date();
  raws.forEach((raw, i) => {
    const checked = checkPlainRecord(raw, source, now);
    if (checked.ok) records.push(checked.value);
    else rejected.push({ index: firstIndex + i, reason: checked.reason });
  });
  return { records, rejected };
}
