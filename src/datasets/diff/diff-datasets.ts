import { contentHash } from '../../core/hash.js';
import type { Case } from '../../core/types.js';
import type { Dataset } from '../dataset.js';

export interface ChangedCase {
  readonly id: string;
  /** Top-level fields whose content differs (`input`, `expected`, `metadata`…). */
  readonly fields: readonly string[];
  /**
   * Old and new value of each change, as text clipped to `maxValueLength` characters; metadata
   * is broken down by key (`metadata.intent`). `null` stands for an absent value.
   */
  readonly changes: readonly FieldChange[];
}

export interface FieldChange {
  /** `input`, `expected`, `metadata.<key>`… */
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface DiffOptions {
  /** Longest value shown in `changes` before it is clipped with `…` (default 80). */
  readonly maxValueLength?: number;
}

export interface DatasetDiff {
  readonly a: { readonly name: string; readonly version: string; readonly cases: number };
  readonly b: { readonly name: string; readonly version: string; readonly cases: number };
  readonly same: boolean;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedCase[];
  readonly unchanged: number;
}

const FIELDS = ['input', 'expected', 'slice', 'metadata', 'weight', 'source'] as const;

/**
 * Cases added, removed and changed between two versions of a dataset, matched by id and
 * compared by content hash.
 *
 * @example
 * const d = diffDatasets(before, after); // d.added → ['c_9f…'], d.changed → [{ id: 'q3', fields: ['expected'] }]
 */
export function diffDatasets(a: Dataset, b: Dataset, options: DiffOptions = {}): DatasetDiff {
  const max = options.maxValueLength ?? 80;
  const byId = (cases: readonly Case[]) => new Map(cases.map((c) => [c.id, c]));
  const left = byId(a.cases);
  const right = byId(b.cases);
  const added = [...right.keys()].filter((id) => !left.has(id)).sort();
  const removed = [...left.keys()].filter((id) => !right.has(id)).sort();
  const changed: ChangedCase[] = [];
  let unchanged = 0;
  for (const [id, before] of [...left.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    const after = right.get(id);
    if (!after) continue;
    if (contentHash(before) === contentHash(after)) {
      unchanged++;
      continue;
    }
    const fields = FIELDS.filter((f) => contentHash(before[f] ?? null) !== contentHash(after[f] ?? null));
    const changes: FieldChange[] = [];
    for (const f of fields) {
      if (f !== 'metadata') {
        changes.push({ field: f, ...showChange(before[f], after[f], max) });
        continue;
      }
      const keys = [...new Set([...Object.keys(before.metadata), ...Object.keys(after.metadata)])].sort();
      for (const k of keys) {
        if (contentHash(before.metadata[k] ?? null) === contentHash(after.metadata[k] ?? null)) continue;
        changes.push({ field: `metadata.${k}`, ...showChange(before.metadata[k], after.metadata[k], max) });
      }
    }
    changed.push({ id, fields, changes });
  }
  return {
    a: { name: a.name, version: a.version, cases: a.cases.length },
    b: { name: b.name, version: b.version, cases: b.cases.length },
    same: a.version === b.version,
    added,
    removed,
    changed,
    unchanged,
  };
}

/**
 * Two values as short text (strings as they are, anything else as JSON), clipped to `max`
 * characters around the first difference so that long values that differ near the end still
 * show how they differ.
 */
export function showChange(before: unknown, after: unknown, max = 80): { before: string | null; after: string | null } {
  const a = asText(before);
  const b = asText(after);
  if (a === null || b === null)
    return { before: a === null ? null : clip(a, 0, max), after: b === null ? null : clip(b, 0, max) };
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const start = i > max / 2 ? i - Math.floor(max / 4) : 0;
  return { before: clip(a, start, max), after: clip(b, start, max) };
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function clip(text: string, start: number, max: number): string {
  if (start === 0 && text.length <= max) return text;
  const head = start > 0 ? '…' : '';
  const room = max - head.length;
  const body = text.slice(start);
  return body.length > room ? `${head}${body.slice(0, Math.max(1, room - 1))}…` : `${head}${body}`;
}
