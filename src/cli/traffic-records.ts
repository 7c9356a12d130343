import { AssayError } from '../core/errors.js';
import type { LogRecord } from '../datasets/logs/read-log-records.js';
import { meetsCondition, showCondition, type LogCondition } from '../datasets/promote/promote-logs.js';
import { traceLogRecords } from '../online/trace-log-records.js';
import type { Store } from '../store/store.js';

const SPAN = /^(\d+)\s*(m|h|d|w)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `--since`: an ISO date or time, or a span back from now (`30m`, `24h`, `7d`, `2w`). */
export function parseSince(text: string, now = new Date()): Date {
  const span = SPAN.exec(text.trim());
  if (span) return new Date(now.getTime() - Number(span[1]) * UNIT_MS[span[2] as keyof typeof UNIT_MS]);
  const date = new Date(text.trim());
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || Number.isNaN(date.getTime()))
    throw new AssayError('SINCE_INVALID', `--since '${text}' is neither a date nor a span like 24h or 7d.`, {
      issues: [{ code: 'invalid_value', path: '--since', message: 'expected 2026-03-01, 2026-03-01T10:00Z, 24h, 7d…' }],
      hint: 'For example: --since 7d, or --since 2026-03-01',
    });
  return date;
}

/**
 * The store's ingested traces as production log records (each joined to its latest feedback,
 * metadata under `metadata`), from `since` on and meeting every `where`, with a label for
 * messages. The same conditions as `dataset promote --from-traces --where`.
 */
export async function trafficRecords(
  store: Store,
  options: { readonly since?: Date; readonly where: readonly LogCondition[]; readonly feedbackField: string },
): Promise<{ label: string; records: AsyncIterable<LogRecord> }> {
  const since = options.since?.toISOString();
  const parts = [
    ...(since ? [`since ${since}`] : []),
    ...(options.where.length > 0 ? [`where ${options.where.map(showCondition).join(' and ')}`] : []),
  ];
  async function* records(): AsyncGenerator<LogRecord> {
    for await (const rec of traceLogRecords(store)) {
      if (since !== undefined && String(rec.data.timestamp) < since) continue;
      if (!options.where.every((c) => meetsCondition(rec.data, c, options.feedbackField))) continue;
      yield rec;
    }
  }
  return {
    label: `the traces ingested into ${store.location}${parts.length ? ` (${parts.join(', ')})` : ''}`,
    records: records(),
  };
}
