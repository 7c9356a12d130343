import type { Case } from '../../core/types.js';
import type { Dataset } from '../dataset.js';
import { balanceGroups, balanceWarnings, type BalanceGroup } from './balance.js';
import {
  DEFAULT_COMMON_TEXTS,
  DEFAULT_MIN_OVERLAP,
  DEFAULT_NGRAM,
  findContamination,
  type ContaminatedCase,
  type Corpus,
  type UncheckedCase,
} from './contamination.js';
import { findDuplicateCases, type Split } from './duplicates.js';
import { findLeakage, type Leakage, type PromptText } from './leakage.js';

export interface CheckOptions {
  readonly corpora?: readonly Corpus[];
  readonly splits?: readonly Split[];
  readonly prompts?: readonly PromptText[];
  readonly ngram?: number;
  readonly minOverlap?: number;
  readonly commonTexts?: number;
  readonly nearDuplicateThreshold?: number;
  readonly maxHalfWidth?: number;
}

export interface CheckReport {
  readonly dataset: { readonly name: string; readonly version: string; readonly cases: number };
  readonly ngram: number;
  readonly minOverlap: number;
  readonly commonTexts: number;
  readonly contaminated: readonly ContaminatedCase[];
  /** Cases the contamination check could not judge, with the reason (no text, only stock phrases). */
  readonly unchecked: readonly UncheckedCase[];
  /** Share of cases contaminated by at least one corpus. */
  readonly contaminatedShare: number;
  /** Pairs of case ids with exact or near-duplicate inputs. */
  readonly duplicates: readonly (readonly [string, string])[];
  readonly duplicateSimilarity: readonly number[];
  readonly leakage: readonly Leakage[];
  readonly balance: readonly BalanceGroup[];
  readonly warnings: readonly string[];
}

/**
 * Keeps an eval set honest: contamination against reference corpora, duplicates inside the set
 * and across splits, label leakage, and balance with planning figures.
 *
 * @example
 * const report = await checkDataset(dataset, { corpora: [{ name: 'train.jsonl', texts: streamCorpus('train.jsonl') }] });
 */
export async function checkDataset(dataset: Dataset, options: CheckOptions = {}): Promise<CheckReport> {
  const ngram = options.ngram ?? DEFAULT_NGRAM;
  const minOverlap = options.minOverlap ?? DEFAULT_MIN_OVERLAP;
  const commonTexts = options.commonTexts ?? DEFAULT_COMMON_TEXTS;
  const { contaminated, unchecked } = await findContamination(dataset.cases, options.corpora ?? [], {
    ngram,
    minOverlap,
    commonTexts,
  });
  const pairs = findDuplicateCases(dataset.cases, options.splits ?? [], options.nearDuplicateThreshold ?? 0.8);
  const leakage = findLeakage(dataset.cases, options.prompts ?? []);
  const balance = balanceGroups(dataset.cases);
  const contaminatedIds = new Set(contaminated.map((c) => c.caseId));
  const n = dataset.cases.length;
  const warnings: string[] = [];
  if (contaminatedIds.size > 0) {
    warnings.push(
      `${contaminatedIds.size} of ${n} case(s) appear in a reference corpus; compare their metrics with the clean ones (write the split with --write).`,
    );
  }
  if (unchecked.length > 0) {
    const why = (r: UncheckedCase['reason']) => unchecked.filter((u) => u.reason === r).length;
    warnings.push(
      `${unchecked.length} case field(s) could not be checked for contamination: ${why('empty')} without text, ${why('common')} made only of phrases common in the corpus.`,
    );
  }
  if (pairs.length > 0) warnings.push(`${pairs.length} duplicate or near-duplicate pair(s) found.`);
  if (leakage.length > 0) warnings.push(`${leakage.length} label-leakage finding(s).`);
  warnings.push(...balanceWarnings(balance, options.maxHalfWidth ?? 0.15));
  return {
    dataset: { name: dataset.name, version: dataset.version, cases: n },
    ngram,
    minOverlap,
    commonTexts,
    contaminated,
    unchecked,
    contaminatedShare: n > 0 ? contaminatedIds.size / n : 0,
    duplicates: pairs.map((p) => [p.a, p.b] as const),
    duplicateSimilarity: pairs.map((p) => p.similarity),
    leakage,
    balance,
    warnings,
  };
}

/** The cases with `metadata.contamination` set to `clean` or `contaminated`, a segment for run summaries. */
export function markContamination(cases: readonly Case[], contaminated: readonly ContaminatedCase[]): Case[] {
  const ids = new Set(contaminated.map((c) => c.caseId));
  return cases.map((c) => ({
    ...c,
    metadata: { ...c.metadata, contamination: ids.has(c.id) ? 'contaminated' : 'clean' },
  }));
}
