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

/** Answers shorter than this many words are not checked: "yes" or "4" appear in inputs legitimately. */
export const MIN_ANSWER_WORDS = 3;
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
    const system = input.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
    const rest = input.filter((m) => m.role !== 'system').map((m) => m.content).join('\n');
    return { system, rest };
  }
  return { system: '', rest: inputText(input) };
}

/**
 * Label leakage in an eval set: the expected answer verbatim (or nearly: ≥ 80% of its word
 * trigrams) in the input, in a system message, or in prompt / few-shot files; a case's input
 * verbatim in those files; and metadata fields that predict the expected label perfectly.
 *
 * @example
 * findLeakage(cases, [{ name: 'few-shot.txt', text: fewShot }]);
 */
export function findLeakage(cases: readonly Case[], prompts: readonly PromptText[] = []): Leakage[] {
  const out: Leakage[] = [];
  const promptWords = prompts.map((p) => ({ name: p.name, joined: normalizeWords(p.text).join(' ') }));
  for (const c of cases) {
    const { system, rest } = splitInput(c.input);
    const restWords = normalizeWords(rest);
    const inputJoined = restWords.join(' ');
    if (typeof c.expected === 'string' || typeof c.expected === 'number') {
      const answer = normalizeWords(String(c.expected));
      const joined = answer.join(' ');
      if (answer.length >= MIN_ANSWER_WORDS) {
        if (contains(inputJoined, joined)) out.push({ caseId: c.id, kind: 'expected-in-input', detail: `the expected answer "${clip(joined)}" appears verbatim in the input` });
        else {
          const share = trigramCoverage(answer, restWords);
          if (share >= NEAR_SHARE) out.push({ caseId: c.id, kind: 'expected-near-input', detail: `${Math.round(share * 100)}% of the expected answer's word trigrams appear in the input` });
        }
        if (system && contains(normalizeWords(system).join(' '), joined)) {
          out.push({ caseId: c.id, kind: 'expected-in-system-prompt', detail: `the expected answer "${clip(joined)}" appears in the system message` });
        }
        for (const p of promptWords) {
          if (contains(p.joined, joined)) out.push({ caseId: c.id, kind: 'expected-in-prompt', detail: `the expected answer "${clip(joined)}" appears in ${p.name}` });
        }
      }
    }
    if (restWords.length >= 5) {
      for (const p of promptWords) {
        if (contains(p.joined, inputJoined)) out.push({ caseId: c.id, kind: 'input-in-prompt', detail: `the input appears verbatim in ${p.name} (a few-shot example?)` });
      }
    }
  }
  out.push(...metadataLeaks(cases));
  return out;
}

/**
 * Metadata fields that determine a categorical expected label: each field value maps to one
 * label, the label takes ≥ 2 values, and the field groups cases (fewer distinct values than
 * half the cases, so ids and free text do not count). Needs at least 10 labelled cases.
 */
function metadataLeaks(cases: readonly Case[]): Leakage[] {
  const labelled = cases.filter((c) => typeof c.expected === 'string' || typeof c.expected === 'number' || typeof c.expected === 'boolean');
  if (labelled.length < 10) return [];
  const labels = new Set(labelled.map((c) => String(c.expected)));
  if (labels.size < 2 || labels.size > labelled.length / 2) return [];
  const fields = new Set(labelled.flatMap((c) => Object.keys(c.metadata)));
  const out: Leakage[] = [];
  for (const field of [...fields].sort()) {
    const map = new Map<string, Set<string>>();
    for (const c of labelled) {
      const v = c.metadata[field];
      if (v === undefined) continue;
      const key = String(v);
      const set = map.get(key) ?? new Set<string>();
      set.add(String(c.expected));
      map.set(key, set);
    }
    const covered = labelled.filter((c) => c.metadata[field] !== undefined).length;
    if (covered < labelled.length || map.size < 2 || map.size > labelled.length / 2) continue;
    if ([...map.values()].every((s) => s.size === 1)) {
      out.push({ caseId: '*', kind: 'metadata-predicts-label', detail: `metadata field '${field}' predicts the expected label perfectly (${map.size} values → ${labels.size} labels over ${labelled.length} cases)` });
    }
  }
  return out;
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
