import { isProvenanceField } from '../../core/provenance.js';
import { contentText } from '../../core/content-parts.js';
import type { Case } from '../../core/types.js';
import { inputText, normalizeWords } from '../dedup/normalize-words.js';

export type LeakageKind =
  | 'expected-in-input'
  | 'expected-near-input'
  | 'expected-in-system-prompt'
  | 'expected-in-prompt'
  | 'input-in-prompt'
  | 'metadata-predicts-label';

export interface Leakage {
  /** The case, or `*` for a finding about the whole set (a metadata field). */
  readonly caseId: string;
  readonly kind: LeakageKind;
  readonly detail: string;
}

export interface PromptText {
  /** The file the text came from (system prompt, few-shot examples). */
  readonly name: string;
  readonly text: string;
}

/** Answers of this many words or more are also looked for as near copies (trigram coverage). */
export const MIN_ANSWER_WORDS = 3;
/** Leave-one-out Goodman–Kruskal λ at or above which a metadata field is said to give the label away. */
export const LEAKY_FIELD_LAMBDA = 0.9;
const NEAR_SHARE = 0.8;

function contains(hay: string, needle: string): boolean {
  return ` ${hay} `.includes(` ${needle} `);
}

/** Share of the answer's word trigrams that appear in the text. */
function trigramCoverage(answer: readonly string[], text: readonly string[]): number {
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) grams.add(`${text[i]} ${text[i + 1]} ${text[i + 2]}`);
  let total = 0;
  let hit = 0;
  for (let i = 0; i + 3 <= answer.length; i++) {
    total++;
    if (grams.has(`${answer[i]} ${answer[i + 1]} ${answer[i + 2]}`)) hit++;
  }
  return total === 0 ? 0 : hit / total;
}

function splitInput(input: Case['input']): { system: string; rest: string } {
  if (Array.isArray(input)) {
    const system = input
      .filter((m) => m.role === 'system')
      .map((m) => contentText(m.content))
      .join('\n');
    const rest = input
      .filter((m) => m.role !== 'system')
      .map((m) => contentText(m.content))
      .join('\n');
    return { system, rest };
  }
  return { system: '', rest: inputText(input) };
}

/**
 * Label leakage in an eval set: the expected answer verbatim (or nearly: ≥ 80% of its word
 * trigrams) in the input, in a system message, or in prompt / few-shot files; a short answer
 * (one or two words, a number) as whole words in the input or system message, unless the input
 * lists several of the set's labels as options; a case's input verbatim in those files; and
 * metadata fields that predict the expected label almost perfectly (see `metadataLeaks`).
 *
 * @example
 * findLeakage(cases, [{ name: 'few-shot.txt', text: fewShot }]);
 */
export function findLeakage(cases: readonly Case[], prompts: readonly PromptText[] = []): Leakage[] {
  const out: Leakage[] = [];
  const promptWords = prompts.map((p) => ({ name: p.name, joined: normalizeWords(p.text).join(' ') }));
  const labels = labelVocabulary(cases);
  for (const c of cases) {
    const { system, rest } = splitInput(c.input);
    const restWords = normalizeWords(rest);
    const inputJoined = restWords.join(' ');
    if (typeof c.expected === 'string' || typeof c.expected === 'number') {
      const answer = normalizeWords(String(c.expected));
      const joined = answer.join(' ');
      const short = answer.length > 0 && answer.length < MIN_ANSWER_WORDS;
      // A short answer counts as whole tokens, unless the input lists several of the set's labels (the options).
      const listsOptions = short && [...labels].filter((l) => contains(inputJoined, l)).length >= 2;
      if (answer.length >= MIN_ANSWER_WORDS || (short && !listsOptions)) {
        if (contains(inputJoined, joined)) {
          const how = short ? 'as whole words' : 'verbatim';
          out.push({
            caseId: c.id,
            kind: 'expected-in-input',
            detail: `the expected answer "${clip(joined)}" appears ${how} in the input`,
          });
        } else if (!short) {
          const share = trigramCoverage(answer, restWords);
          if (share >= NEAR_SHARE)
            out.push({
              caseId: c.id,
              kind: 'expected-near-input',
              detail: `${Math.round(share * 100)}% of the expected answer's word trigrams appear in the input`,
            });
        }
        if (system && contains(normalizeWords(system).join(' '), joined)) {
          out.push({
            caseId: c.id,
            kind: 'expected-in-system-prompt',
            detail: `the expected answer "${clip(joined)}" appears in the system message`,
          });
        }
        for (const p of answer.length >= MIN_ANSWER_WORDS ? promptWords : []) {
          if (contains(p.joined, joined))
            out.push({
              caseId: c.id,
              kind: 'expected-in-prompt',
              detail: `the expected answer "${clip(joined)}" appears in ${p.name}`,
            });
        }
      }
    }
    if (restWords.length >= 5) {
      for (const p of promptWords) {
        if (contains(p.joined, inputJoined))
          out.push({
            caseId: c.id,
            kind: 'input-in-prompt',
            detail: `the input appears verbatim in ${p.name} (a few-shot example?)`,
          });
      }
    }
  }
  out.push(...metadataLeaks(cases));
  return out;
}

/** The normalised expected labels of a set whose answers are categories (few values, each used several times). */
function labelVocabulary(cases: readonly Case[]): Set<string> {
  const counts = new Map<string, number>();
  for (const c of cases) {
    if (typeof c.expected !== 'string' && typeof c.expected !== 'number') continue;
    const l = normalizeWords(String(c.expected)).join(' ');
    if (l) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return new Set([...counts].filter(([, n]) => n >= 2).map(([l]) => l));
}

/**
 * Metadata fields that give a categorical expected label away. The measure is Goodman and
 * Kruskal's λ computed leave-one-out: each case's label is predicted by the most common label
 * of the *other* cases with its field value, and λ = (accuracy − baseline)/(1 − baseline), the
 * baseline being the most common label's share. λ ≥ 0.9 is flagged (a field right on 97% of a
 * balanced two-label set has λ ≈ 0.94). Leave-one-out keeps ids and near-unique fields from
 * looking predictive. Needs at least 10 labelled cases with the field (and 80% of them).
 */
function metadataLeaks(cases: readonly Case[]): Leakage[] {
  const labelled = cases.filter(
    (c) => typeof c.expected === 'string' || typeof c.expected === 'number' || typeof c.expected === 'boolean',
  );
  if (labelled.length < 10) return [];
  const labels = new Set(labelled.map((c) => String(c.expected)));
  if (labels.size < 2 || labels.size > labelled.length / 2) return [];
  const fields = new Set(labelled.flatMap((c) => Object.keys(c.metadata)));
  const out: Leakage[] = [];
  for (const field of [...fields].sort()) {
    if (isProvenanceField(field)) continue;
    const withField = labelled.filter((c) => c.metadata[field] !== undefined && c.metadata[field] !== null);
    if (withField.length < 10 || withField.length < 0.8 * labelled.length) continue;
    const table = new Map<string, Map<string, number>>();
    const totals = new Map<string, number>();
    for (const c of withField) {
      const row = table.get(String(c.metadata[field])) ?? new Map<string, number>();
      row.set(String(c.expected), (row.get(String(c.expected)) ?? 0) + 1);
      table.set(String(c.metadata[field]), row);
      totals.set(String(c.expected), (totals.get(String(c.expected)) ?? 0) + 1);
    }
    if (table.size < 2 || table.size > withField.length / 2) continue;
    const lambda = leaveOneOutLambda(table, totals, withField.length);
    if (lambda >= LEAKY_FIELD_LAMBDA) {
      out.push({
        caseId: '*',
        kind: 'metadata-predicts-label',
        detail: `metadata field '${field}' predicts the expected label (leave-one-out Goodman–Kruskal λ = ${lambda.toFixed(2)} ≥ ${LEAKY_FIELD_LAMBDA}; ${table.size} values → ${labels.size} labels over ${withField.length} cases)`,
      });
    }
  }
  return out;
}

/** λ from a field-value × label table, each case predicted from the others (ties count as misses); baseline: the most common label. */
function leaveOneOutLambda(
  table: ReadonlyMap<string, ReadonlyMap<string, number>>,
  totals: ReadonlyMap<string, number>,
  n: number,
): number {
  let right = 0;
  for (const row of table.values()) {
    for (const [label, count] of row) {
      // Without one case of `label`, does `label` still strictly lead its row?
      const own = count - 1;
      const rival = Math.max(0, ...[...row].filter(([l]) => l !== label).map(([, k]) => k));
      if (own > rival) right += count;
    }
  }
  const base = Math.max(...totals.values()) / n;
  return base >= 1 ? NaN : (right / n - base) / (1 - base);
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
