import type { Case, TargetOutput } from '../../src/index.js';
import { FAQ, type FaqEntry } from './faq.js';

const STOP = new Set(
  'a an the of to in and or for is are be can i my me do does how what when should with if it on at by from much many you your take taking'.split(
    ' ',
  ),
);

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .split(/\s+/)
    .filter((t) => t.length > 1 && !STOP.has(t));
}

/** Word-overlap retrieval: the entries sharing the most question words, best first. */
export function retrieve(question: string, k = 2): FaqEntry[] {
  const q = new Set(tokens(question));
  return FAQ.map((entry) => ({ entry, hits: tokens(`${entry.title} ${entry.text}`).filter((t) => q.has(t)).length }))
    .filter((r) => r.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.entry.id.localeCompare(b.entry.id))
    .slice(0, k)
    .map((r) => r.entry);
}

/**
 * The system under test: retrieves FAQ passages and answers with the best-matching sentences
 * of the top passage. Offline and deterministic; it returns the passages as `context` so RAG
 * judges can check the answer against them.
 */
export function answerQuestion(question: string): TargetOutput {
  const passages = retrieve(question);
  if (passages.length === 0) {
    return { text: "I don't know: the FAQ does not cover that. Please ask a pharmacist or doctor.", context: [] };
  }
  const q = new Set(tokens(question));
  const sentences = passages[0].text.split(/(?<=\.)\s+/);
  const ranked = sentences
    .map((s, i) => ({ s, i, hits: tokens(s).filter((t) => q.has(t)).length }))
    .sort((a, b) => b.hits - a.hits || a.i - b.i)
    .slice(0, 2)
    .sort((a, b) => a.i - b.i)
    .map((r) => r.s);
  return { text: ranked.join(' '), context: passages.map((p) => `${p.title}: ${p.text}`) };
}

/** The target function for the eval file. */
export default function ragQa(testCase: Case): TargetOutput {
  return answerQuestion(typeof testCase.input === 'string' ? testCase.input : JSON.stringify(testCase.input));
}
