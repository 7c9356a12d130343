import type { LogRecord } from './read-log-records.js';

/** Fields tried, in order, for the interaction's input when no `--input-field` is given. */
export const INPUT_FIELDS = ['input', 'prompt', 'question', 'query', 'messages'] as const;
/** Fields tried for the trace id that becomes a case's `source` and `id`. */
export const TRACE_ID_FIELDS = ['trace_id', 'traceId', 'trace', 'id'] as const;

/**
 * A field of a log record: a top-level key, a dotted path (`meta.lang`), or a key under
 * `metadata`. Undefined when absent.
 */
export function getField(data: LogRecord['data'], field: string): unknown {
  if (field in data) return data[field];
  const path = field.split('.');
  let cur: unknown = data;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') {
      cur = undefined;
      break;
    }
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur !== undefined) return cur;
  const meta = data.metadata;
  if (meta !== null && typeof meta === 'object') return (meta as Record<string, unknown>)[field];
  return undefined;
}

export function firstField(data: LogRecord['data'], fields: readonly string[]): unknown {
  for (const f of fields) {
    const v = getField(data, f);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

/** The value a stratum key shows for a field: the scalar as text, or `(missing)`. */
export function stratumValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return '(missing)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `intent=billing,language=en`: the stratum of a record for the given fields. */
export function stratumKey(fields: readonly string[], values: readonly unknown[]): string {
  if (fields.length === 0) return '(all)';
  return fields.map((f, i) => `${f}=${stratumValue(values[i])}`).join(',');
}

const POSITIVE = new Set([
  'up',
  'thumbs_up',
  'thumbsup',
  'positive',
  'good',
  'like',
  'liked',
  'yes',
  'true',
  '1',
  '+1',
  'pass',
  'helpful',
  'correct',
]);
const NEGATIVE = new Set([
  'down',
  'thumbs_down',
  'thumbsdown',
  'negative',
  'bad',
  'dislike',
  'disliked',
  'no',
  'false',
  '0',
  '-1',
  'fail',
  'unhelpful',
  'wrong',
  'incorrect',
]);

/** User feedback as 1 (positive), 0 (negative) or null (absent or not understood). */
export function feedbackPolarity(value: unknown): 0 | 1 | null {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value > 0 ? 1 : value <= 0 ? 0 : null;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (POSITIVE.has(v)) return 1;
    if (NEGATIVE.has(v)) return 0;
  }
  return null;
}

/** Fields tried for the logged answer (kept as `failedOutput` on promoted cases). */
export const OUTPUT_FIELDS = ['output', 'response', 'completion'] as const;

/**
 * The scalar fields of a log record as case metadata: those under `metadata`, then the
 * top-level ones (which win), leaving out the input, trace id, output and `skip` fields and
 * strings over 200 characters.
 */
export function recordMetadata(
  data: LogRecord['data'],
  skip: ReadonlySet<string | undefined>,
): Record<string, string | number | boolean | null> {
  const metadata: Record<string, string | number | boolean | null> = {};
  const addScalars = (obj: unknown) => {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
    for (const [k, v] of Object.entries(obj)) {
      if (NON_METADATA.has(k) || skip.has(k)) continue;
      if (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= 200))
        metadata[k] = v;
    }
  };
  addScalars(data.metadata);
  addScalars(data);
  return metadata;
}

const NON_METADATA = new Set<string>([...INPUT_FIELDS, ...TRACE_ID_FIELDS, ...OUTPUT_FIELDS, 'metadata', 'expected']);

/** `1 stratum has`, `3 strata have`: a count with the singular or plural phrase. */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The field names of the first `limit` records, in order of first sight: top-level keys and
 * the keys under `metadata` (which `getField` also finds by their bare name). For messages
 * such as "fields seen: …; did you mean …?".
 */
export class FieldSightings {
  private readonly seen = new Set<string>();
  private count = 0;

  constructor(private readonly limit = 100) {}

  see(data: LogRecord['data']): void {
    if (this.count >= this.limit) return;
    this.count++;
    for (const [k, v] of Object.entries(data)) {
      if (k === 'metadata' && v !== null && typeof v === 'object' && !Array.isArray(v))
        for (const m of Object.keys(v)) this.seen.add(m);
      else this.seen.add(k);
    }
  }

  fields(): string[] {
    return [...this.seen];
  }
}
