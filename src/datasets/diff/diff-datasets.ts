import { contentHash } from '../../core/hash.js';
import type { Case } from '../../core/types.js';
import type { Dataset } from '../dataset.js';

export interface ChangedCase {
  readonly id: string;
  /** Top-level fields whose content differs (`input`, `expected`, `metadata`…). */
  readonly fields: readonly string[];
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
export function diffDatasets(a: Dataset, b: Dataset): DatasetDiff {
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
    changed.push({ id, fields: FIELDS.filter((f) => contentHash(before[f] ?? null) !== contentHash(after[f] ?? null)) });
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
