import { basename } from 'node:path';
import { AssayError, type Issue } from '../../core/errors.js';
import type { Case, CaseInput } from '../../core/types.js';
import {
  FieldSightings,
  INPUT_FIELDS,
  OUTPUT_FIELDS,
  TRACE_ID_FIELDS,
  feedbackPolarity,
  firstField,
  getField,
  recordMetadata,
  stratumValue,
} from '../logs/log-fields.js';
import { readLogRecords, type LogRecord } from '../logs/read-log-records.js';
import { clip, mergeRegressionCases, type SkippedCase } from './promote-failures.js';
import { emptyPiiCounts, totalPii, type PiiCounts } from '../../core/pii/redact-pii.js';
import { appendRegressionCases, readRegressionCases, redactCase } from './regression-file.js';
import { didYouMean } from '../../core/did-you-mean.js';

/** `field=value` or `field!=value`: which log lines count as failures. */
export interface LogCondition {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

export interface PromoteLogsOptions {
  /** A JSONL or CSV production log (or trace export), one interaction a line; with `records`, only their label. */
  readonly from: string;
  /** Records to read instead of the file (e.g. the store's ingested traces); `line` is their position. */
  readonly records?: AsyncIterable<LogRecord>;
  /** All must hold for a line to be promoted; default: `<feedbackField>=negative`. */
  readonly where?: readonly LogCondition[];
  /** The regression JSONL file; created if missing, appended to otherwise. */
  readonly to: string;
  readonly nearDuplicateThreshold?: number;
  readonly inputField?: string;
  readonly idField?: string;
  /** Field whose values are read as feedback polarity (default `feedback`). */
  readonly feedbackField?: string;
  /** Field copied to each case's `expected` (none by default: a failed answer is no reference). */
  readonly expectedField?: string;
  /** Redact PII (emails, phones, cards, IBANs, IPs, addresses) before dedup and writing. */
  readonly redactPii?: boolean;
}

export interface PromoteLogsReport {
  /** Always null: the failures come from a log, not a run. */
  readonly runId: null;
  readonly from: string;
  readonly where: readonly string[];
  readonly to: string;
  /** Lines read, unreadable ones included. */
  readonly lines: number;
  /** Lines that matched `where` and had an input. */
  readonly selected: number;
  readonly added: readonly string[];
  readonly skipped: readonly SkippedCase[];
  /** Always empty here; kept so run and log promotions share one shape. */
  readonly missingCases: readonly string[];
  /** Unreadable lines and matching lines without an input. */
  readonly issues: readonly Issue[];
  readonly redacted: PiiCounts & { readonly enabled: boolean; readonly total: number };
}

/**
 * Parses `feedback=negative`, `intent!=smalltalk` or `status=error`; `=` binds to the first
 * `!=` or `=` so values may contain `=`.
 */
export function parseLogCondition(text: string): LogCondition {
  const m = /^([^!=]+?)\s*(!=|=)\s*(.*)$/.exec(text.trim());
  if (!m || m[1] === '' || m[3] === '') {
    throw new AssayError('WHERE_INVALID', `--where '${text}' is not field=value or field!=value.`, {
      hint: 'For example: --where feedback=negative --where intent!=smalltalk',
    });
  }
  return { field: m[1].trim(), op: m[2] as LogCondition['op'], value: m[3].trim() };
}

export function showCondition(c: LogCondition): string {
  return `${c.field}${c.op}${c.value}`;
}

/**
 * Whether a log line meets a condition. Values compare as text, case-insensitively. On the
 * feedback field, a value that names a polarity (negative, down, thumbs_down, 0, false… or
 * positive, up…) matches every spelling of that polarity.
 */
export function meetsCondition(data: LogRecord['data'], c: LogCondition, feedbackField: string): boolean {
  const actual = getField(data, c.field);
  let equal: boolean;
  const wanted = c.field === feedbackField ? feedbackPolarity(c.value) : null;
  if (wanted !== null) equal = feedbackPolarity(actual) === wanted;
  else equal = stratumValue(actual).toLowerCase() === c.value.toLowerCase();
  return c.op === '=' ? equal : !equal;
}

/**
 * Turns failures found in production logs or traces (by default, lines with negative user
 * feedback) into regression cases: slice `regression`, weight 1, `source` = the trace id or
 * `file:line`, the logged answer as `metadata.failedOutput`. Cases already in the file (same
 * id, or an exact or near-duplicate input) and repeats inside the log are skipped. Reads the
 * log as a stream; memory holds only the promoted lines.
 *
 * @example
 * await promoteFromLogs({ from: 'logs.jsonl', where: [parseLogCondition('feedback=negative')], to: 'regression.jsonl' });
 */
export async function promoteFromLogs(options: PromoteLogsOptions): Promise<PromoteLogsReport> {
  const feedbackField = options.feedbackField ?? 'feedback';
  const where =
    options.where && options.where.length > 0
      ? options.where
      : [{ field: feedbackField, op: '=', value: 'negative' } as const];
  const label = basename(options.from);
  const issues: Issue[] = [];
  const onIssue = (i: Issue) => {
    if (issues.length < 50) issues.push(i);
  };
  let records = 0;
  let unreadable = 0;
  const sightings = new FieldSightings(100);
  const present = new Map<string, number>(where.map((c) => [c.field, 0]));
  const incoming: Case[] = [];
  const usedIds = new Set<string>();
  const skip = new Set([options.inputField, options.idField, options.expectedField]);
  const onUnreadable = (i: Issue) => {
    unreadable++;
    onIssue(i);
  };
  for await (const rec of options.records ?? readLogRecords(options.from, { onIssue: onUnreadable })) {
    records++;
    sightings.see(rec.data);
    for (const c of where) {
      const v = getField(rec.data, c.field);
      if (v !== undefined && v !== null && v !== '') present.set(c.field, (present.get(c.field) ?? 0) + 1);
    }
    if (!where.every((c) => meetsCondition(rec.data, c, feedbackField))) continue;
    const input = options.inputField ? getField(rec.data, options.inputField) : firstField(rec.data, INPUT_FIELDS);
    if (input === undefined || input === null || input === '') {
      onIssue({
        code: 'missing_field',
        path: `${label}:${rec.line}`,
        message: `${options.inputField ?? 'input'}: missing; name the input field with --input-field`,
      });
      continue;
    }
    const trace = options.idField ? getField(rec.data, options.idField) : firstField(rec.data, TRACE_ID_FIELDS);
    const traceId = typeof trace === 'string' || typeof trace === 'number' ? String(trace) : undefined;
    let id = traceId ?? `line-${rec.line}`;
    if (usedIds.has(id)) id = `${id}-line-${rec.line}`;
    usedIds.add(id);
    const metadata = recordMetadata(rec.data, skip);
    metadata.promotedFrom = label;
    metadata.promotedBecause = where.map(showCondition).join(' and ');
    const output = firstField(rec.data, OUTPUT_FIELDS);
    if (output !== undefined)
      metadata.failedOutput = clip(typeof output === 'string' ? output : JSON.stringify(output));
    const expected = options.expectedField ? getField(rec.data, options.expectedField) : undefined;
    incoming.push({
      id,
      input: input as CaseInput,
      ...(expected !== undefined && expected !== null && { expected }),
      slice: 'regression',
      metadata,
      weight: 1,
      source: traceId ?? `${label}:${rec.line}`,
    });
  }
  if (records > 0) {
    const absent = where.filter((c) => (present.get(c.field) ?? 0) === 0);
    if (absent.length > 0 && incoming.length === 0) {
      const seen = sightings.fields();
      throw new AssayError(
        'WHERE_FIELD_UNKNOWN',
        `No line of ${label} has the --where field${absent.length > 1 ? 's' : ''} ${absent.map((c) => `'${c.field}'`).join(', ')}.`,
        {
          issues: absent.map((c) => {
            return {
              code: 'unknown_field',
              path: `--where ${showCondition(c)}`,
              message: `not in any line${didYouMean(c.field, seen)}`,
            };
          }),
          hint: `Fields seen in the first lines: ${seen.slice(0, 30).join(', ') || '(none)'}.`,
        },
      );
    }
  }
  const pii = emptyPiiCounts();
  const ready = options.redactPii ? incoming.map((c) => redactCase(c, pii)) : incoming;
  const existing = await readRegressionCases(options.to);
  const merged = mergeRegressionCases(existing, ready, options.nearDuplicateThreshold ?? 0.8);
  await appendRegressionCases(options.to, merged.added);
  return {
    runId: null,
    from: options.from,
    where: where.map(showCondition),
    to: options.to,
    lines: records + unreadable,
    selected: incoming.length,
    added: merged.added.map((c) => c.id),
    skipped: merged.skipped,
    missingCases: [],
    issues,
    redacted: { enabled: options.redactPii ?? false, ...pii, total: totalPii(pii) },
  };
}
