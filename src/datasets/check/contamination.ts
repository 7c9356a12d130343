import type { Case } from '../../core/types.js';
import { inputText, normalizeWords } from '../dedup/normalize-words.js';

export const DEFAULT_NGRAM = 13;

export interface Corpus {
  /** How the corpus is named in reports: the path the user gave. */
  readonly name: string;
  readonly texts: Iterable<string>;
}

export interface ContaminatedCase {
  readonly caseId: string;
  readonly corpus: string;
  /** The longest run of case words covered by n-grams found in the corpus (normalised text). */
  readonly match: string;
  /** Which part of the case matched. */
  readonly field: 'input' | 'expected';
}

/** The set of word n-grams of a corpus, after lm-eval Janitor normalisation (STATS.md §3.14). */
export function corpusNgrams(texts: Iterable<string>, n = DEFAULT_NGRAM): Set<string> {
  const set = new Set<string>();
  for (const text of texts) {
    const words = normalizeWords(text);
    for (let i = 0; i + n <= words.length; i++) set.add(words.slice(i, i + n).join(' '));
  }
  return set;
}

/** The longest span of `words` covered by n-grams in `ngrams`, or undefined when none is. */
export function longestMatchingSpan(words: readonly string[], ngrams: ReadonlySet<string>, n = DEFAULT_NGRAM): string | undefined {
  let best: [number, number] | undefined;
  let spanStart = -1;
  let spanEnd = -1;
  for (let i = 0; i + n <= words.length; i++) {
    if (!ngrams.has(words.slice(i, i + n).join(' '))) continue;
    if (spanStart >= 0 && i <= spanEnd) spanEnd = i + n;
    else {
      spanStart = i;
      spanEnd = i + n;
    }
    if (!best || spanEnd - spanStart > best[1] - best[0]) best = [spanStart, spanEnd];
  }
  return best ? words.slice(best[0], best[1]).join(' ') : undefined;
}

/**
 * Cases whose input or expected answer shares a word n-gram (13 by default) with a reference
 * corpus: fine-tuning data, few-shot examples, prompts, RAG documents. One entry per case and
 * corpus, with the longest matching span.
 *
 * @example
 * findContamination(cases, [{ name: 'train.jsonl', texts: trainTexts }]);
 */
export function findContamination(cases: readonly Case[], corpora: readonly Corpus[], n = DEFAULT_NGRAM): ContaminatedCase[] {
  const out: ContaminatedCase[] = [];
  for (const corpus of corpora) {
    const ngrams = corpusNgrams(corpus.texts, n);
    if (ngrams.size === 0) continue;
    for (const c of cases) {
      const fields: [ContaminatedCase['field'], unknown][] = [['input', c.input], ['expected', c.expected]];
      let hit: ContaminatedCase | undefined;
      for (const [field, value] of fields) {
        if (value === undefined || value === null) continue;
        const match = longestMatchingSpan(normalizeWords(inputText(value)), ngrams, n);
        if (match && (!hit || match.length > hit.match.length)) hit = { caseId: c.id, corpus: corpus.name, match, field };
      }
      if (hit) out.push(hit);
    }
  }
  return out;
}
