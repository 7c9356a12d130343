import type { Case } from '../../core/types.js';
import { hashString32, combine32 } from '../dedup/hash32.js';
import { inputText, normalizeWords } from '../dedup/normalize-words.js';

/** Words per n-gram of the overlap check. Small enough that one edited word leaves most n-grams intact. */
export const DEFAULT_NGRAM = 5;
/** Share of a case's (uncommon) n-grams found in the corpus at or above which it is contaminated. */
export const DEFAULT_MIN_OVERLAP = 0.5;
/** An n-gram in at least this many corpus texts is a stock phrase: left out of the overlap ratio. */
export const DEFAULT_COMMON_TEXTS = 10;
/** Inputs shorter than this are matched only when a corpus text is exactly them. */
export const MIN_CONTAINED_WORDS = 3;

/** One text of a corpus and the line it starts on. */
export interface CorpusText {
  readonly text: string;
  readonly line: number;
}

export interface Corpus {
  /** How the corpus is named in reports: the path the user gave. */
  readonly name: string;
  /** Streamed once; plain strings are numbered 1, 2, 3… */
  readonly texts: AsyncIterable<CorpusText> | Iterable<CorpusText | string>;
}

export type ContaminationMethod = 'exact' | 'verbatim' | 'ngram-overlap';

export interface ContaminatedCase {
  readonly caseId: string;
  readonly corpus: string;
  /** Which part of the case matched. */
  readonly field: 'input' | 'expected';
  /**
   * `exact`: a corpus text is the case's text (after normalisation), any length; `verbatim`:
   * the case's whole text appears inside a corpus text; `ngram-overlap`: at least
   * `minOverlap` of its uncommon word n-grams appear in the corpus (tolerates small edits).
   */
  readonly method: ContaminationMethod;
  /** Share of the case's uncommon n-grams found (1 for exact and verbatim matches). */
  readonly overlap: number;
  /** The longest run of case words covered by matching n-grams (normalised text). */
  readonly match: string;
  /** Where: the corpus line of the text with the most matching n-grams, and the word (1-based) the match starts at. */
  readonly line: number;
  readonly position: number;
}

export interface UncheckedCase {
  readonly caseId: string;
  readonly field: 'input' | 'expected';
  /** `empty`: no words after normalisation; `common`: every n-gram (or the short text) is a stock phrase of the corpus. */
  readonly reason: 'empty' | 'common';
}

export interface ContaminationOptions {
  readonly ngram?: number;
  readonly minOverlap?: number;
  readonly commonTexts?: number;
}

export interface ContaminationResult {
  readonly contaminated: ContaminatedCase[];
  readonly unchecked: UncheckedCase[];
}

interface Item {
  readonly caseId: string;
  readonly field: 'input' | 'expected';
  readonly words: readonly string[];
  readonly grams: readonly number[];
  /** Union over the corpus of the gram indices found. */
  readonly found: Set<number>;
  best: { hits: number; line: number; position: number };
  whole?: { method: 'exact' | 'verbatim'; line: number; position: number };
  /** Texts that contain a short item (fewer words than an n-gram). */
  containedIn: number;
}

interface GramEntry {
  readonly refs: { item: Item; index: number }[];
  texts: number;
  lastText: number;
}

const SEED_A = 0x811c9dc5;
const SEED_B = 0x2f3d5a7b;

/** A 53-bit key for words[start, start + n): two 32-bit rolling combinations, one cut to 21 bits. */
function windowKey(a: ArrayLike<number>, b: ArrayLike<number>, start: number, n: number): number {
  let ha = 0x1234567;
  let hb = 0x7654321;
  for (let i = start; i < start + n; i++) {
    ha = combine32(ha, a[i]);
    hb = combine32(hb, b[i]);
  }
  return ha * 0x200000 + (hb & 0x1fffff);
}

function wordHashes(words: readonly string[]): [Uint32Array, Uint32Array] {
  const a = new Uint32Array(words.length);
  const b = new Uint32Array(words.length);
  words.forEach((w, i) => {
    a[i] = hashString32(w, SEED_A);
    b[i] = hashString32(w, SEED_B);
  });
  return [a, b];
}

/**
 * Cases whose input or expected answer appears in a reference corpus (fine-tuning data,
 * few-shot examples, prompts, RAG documents), robust to small edits and stock phrases:
 * text is normalised (`normalizeWords`: NFKC, case folding, quotes and dashes), a case is
 * contaminated when a corpus text is it (`exact`, any length), contains it whole
 * (`verbatim`, from 3 words), or holds at least `minOverlap` (default 0.5) of its word
 * n-grams (`ngram-overlap`, n = 5 by default: one substituted word in 20 leaves ≥ 69%).
 * N-grams found in `commonTexts` (10) or more corpus texts are stock phrases and left out of
 * the ratio; a case made only of them is reported as unchecked, with the reason.
 *
 * Memory depends on the eval set, not the corpus: the cases' n-grams are indexed and the
 * corpus is streamed past them once, one text at a time.
 *
 * @example
 * const { contaminated, unchecked } = await findContamination(cases, [{ name: 'train.jsonl', texts: streamCorpus('train.jsonl') }]);
 */
export async function findContamination(
  cases: readonly Case[],
  corpora: readonly Corpus[],
  options: ContaminationOptions = {},
): Promise<ContaminationResult> {
  const n = options.ngram ?? DEFAULT_NGRAM;
  const minOverlap = options.minOverlap ?? DEFAULT_MIN_OVERLAP;
  const common = options.commonTexts ?? DEFAULT_COMMON_TEXTS;
  const contaminated: ContaminatedCase[] = [];
  const unchecked = new Map<string, UncheckedCase>();
  for (const corpus of corpora) {
    const { items, grams, short, empty } = indexCases(cases, n);
    for (const e of empty) unchecked.set(`${e.caseId}\u0000${e.field}`, e);
    await scanCorpus(corpus, n, grams, short);
    for (const item of items) {
      const verdict = judge(item, grams, n, minOverlap, common);
      if (verdict === 'common')
        unchecked.set(`${item.caseId}\u0000${item.field}`, {
          caseId: item.caseId,
          field: item.field,
          reason: 'common',
        });
      else if (verdict) contaminated.push({ caseId: item.caseId, corpus: corpus.name, field: item.field, ...verdict });
    }
  }
  // One finding per case and corpus: the stronger field.
  const best = new Map<string, ContaminatedCase>();
  const rank = (c: ContaminatedCase) => (c.method === 'ngram-overlap' ? c.overlap : 2) + c.match.length / 1e6;
  for (const c of contaminated) {
    const key = `${c.caseId}\u0000${c.corpus}`;
    const prev = best.get(key);
    if (!prev || rank(c) > rank(prev)) best.set(key, c);
  }
  const found = new Set(contaminated.map((c) => `${c.caseId}\u0000${c.field}`));
  return {
    contaminated: [...best.values()],
    unchecked: [...unchecked.values()].filter((u) => !found.has(`${u.caseId}\u0000${u.field}`)),
  };
}

function indexCases(cases: readonly Case[], n: number) {
  const items: Item[] = [];
  const grams = new Map<number, GramEntry>();
  const short = new Map<number, Map<number, Item[]>>();
  const empty: UncheckedCase[] = [];
  for (const c of cases) {
    for (const [field, value] of [
      ['input', c.input],
      ['expected', c.expected],
    ] as const) {
      if (value === undefined || value === null) continue;
      const words = normalizeWords(inputText(value));
      if (words.length === 0) {
        if (field === 'input') empty.push({ caseId: c.id, field, reason: 'empty' });
        continue;
      }
      const [a, b] = wordHashes(words);
      const keys: number[] = [];
      for (let i = 0; i + n <= words.length; i++) keys.push(windowKey(a, b, i, n));
      const item: Item = {
        caseId: c.id,
        field,
        words,
        grams: keys,
        found: new Set(),
        best: { hits: 0, line: 0, position: 0 },
        containedIn: 0,
      };
      items.push(item);
      if (words.length < n) {
        const byKey = short.get(words.length) ?? new Map<number, Item[]>();
        short.set(words.length, byKey);
        const key = windowKey(a, b, 0, words.length);
        byKey.set(key, [...(byKey.get(key) ?? []), item]);
        continue;
      }
      keys.forEach((key, index) => {
        const entry = grams.get(key) ?? { refs: [], texts: 0, lastText: -1 };
        entry.refs.push({ item, index });
        grams.set(key, entry);
      });
    }
  }
  return { items, grams, short, empty };
}

async function scanCorpus(
  corpus: Corpus,
  n: number,
  grams: Map<number, GramEntry>,
  short: Map<number, Map<number, Item[]>>,
): Promise<void> {
  let textId = 0;
  for await (const raw of corpus.texts as AsyncIterable<CorpusText | string>) {
    textId++;
    const t = typeof raw === 'string' ? { text: raw, line: textId } : raw;
    const words = normalizeWords(t.text);
    if (words.length === 0) continue;
    const [a, b] = wordHashes(words);
    const hits = new Map<Item, { found: Set<number>; first: number; starts: number[] }>();
    const seenShort = new Set<Item>();
    for (let p = 0; p < words.length; p++) {
      if (p + n <= words.length) {
        const entry = grams.get(windowKey(a, b, p, n));
        if (entry) {
          if (entry.lastText !== textId) {
            entry.lastText = textId;
            entry.texts++;
          }
          for (const { item, index } of entry.refs) {
            let h = hits.get(item);
            if (!h) hits.set(item, (h = { found: new Set(), first: p, starts: [] }));
            h.found.add(index);
            if (index === 0) h.starts.push(p);
          }
        }
      }
      for (const [length, byKey] of short) {
        if (p + length > words.length) continue;
        for (const item of byKey.get(windowKey(a, b, p, length)) ?? []) {
          if (!seenShort.has(item)) {
            seenShort.add(item);
            item.containedIn++;
          }
          const exact = length === words.length;
          if (exact || (!item.whole && length >= MIN_CONTAINED_WORDS))
            item.whole = { method: exact ? 'exact' : 'verbatim', line: t.line, position: p + 1 };
        }
      }
    }
    for (const [item, h] of hits) {
      for (const i of h.found) item.found.add(i);
      if (h.found.size > item.best.hits) item.best = { hits: h.found.size, line: t.line, position: h.first + 1 };
      if (item.whole?.method === 'exact') continue;
      for (const p of h.starts) {
        if (p + item.words.length > words.length || !item.words.every((w, i) => words[p + i] === w)) continue;
        item.whole = {
          method: item.words.length === words.length ? 'exact' : 'verbatim',
          line: t.line,
          position: p + 1,
        };
        break;
      }
    }
  }
}

function judge(
  item: Item,
  grams: Map<number, GramEntry>,
  n: number,
  minOverlap: number,
  common: number,
): Omit<ContaminatedCase, 'caseId' | 'corpus' | 'field'> | 'common' | undefined {
  const text = item.words.join(' ');
  // A one- or two-word answer ("yes", "42") equal to some corpus text says nothing.
  if (item.field === 'expected' && item.words.length < MIN_CONTAINED_WORDS) return undefined;
  if (item.whole?.method === 'exact')
    return { method: 'exact', overlap: 1, match: text, line: item.whole.line, position: item.whole.position };
  if (item.words.length < n) {
    if (!item.whole) return undefined;
    // A short phrase inside many corpus texts is a stock phrase, not a copy of this case.
    return item.containedIn >= common
      ? 'common'
      : { method: 'verbatim', overlap: 1, match: text, line: item.whole.line, position: item.whole.position };
  }
  const uncommon = item.grams
    .map((key, i) => [i, (grams.get(key)?.texts ?? 0) < common] as const)
    .filter(([, ok]) => ok);
  // Inside corpus texts but made only of their stock phrases: not evidence of a copy.
  if (uncommon.length === 0) return 'common';
  if (item.whole)
    return { method: 'verbatim', overlap: 1, match: text, line: item.whole.line, position: item.whole.position };
  const hit = uncommon.filter(([i]) => item.found.has(i)).length;
  const overlap = hit / uncommon.length;
  if (overlap < minOverlap) return undefined;
  return {
    method: 'ngram-overlap',
    overlap,
    match: longestRun(item, n),
    line: item.best.line,
    position: item.best.position,
  };
}

/** The case words covered by the longest run of consecutive matching n-grams. */
function longestRun(item: Item, n: number): string {
  let best: [number, number] = [0, 0];
  let start = -1;
  for (let i = 0; i <= item.grams.length; i++) {
    if (i < item.grams.length && item.found.has(i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start > best[1] - best[0]) best = [start, i];
    start = -1;
  }
  return item.words.slice(best[0], best[1] - 1 + n).join(' ');
}
