import type { Case } from '../../core/types.js';
import { findNearDuplicates, type DuplicatePair } from '../dedup/find-near-duplicates.js';
import { inputText } from '../dedup/normalize-words.js';

export interface Split {
  /** How the split is named in reports (`train`, the file name). */
  readonly name: string;
  readonly cases: readonly Case[];
}

/**
 * Exact and near-duplicate inputs inside a set, and between the set and other splits
 * (train/dev). A case of another split is named `<split>:<caseId>`; pairs inside another
 * split are not reported.
 */
export function findDuplicateCases(
  cases: readonly Case[],
  splits: readonly Split[],
  threshold: number,
): DuplicatePair[] {
  const items = cases.map((c) => ({ id: c.id, text: inputText(c.input) }));
  for (const s of splits) for (const c of s.cases) items.push({ id: `${s.name}:${c.id}`, text: inputText(c.input) });
  const own = cases.length;
  return findNearDuplicates(items, threshold, (a, b) => a < own || b < own);
}
