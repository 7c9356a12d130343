import type { Case, TargetOutput } from '../../core/types.js';
import { contentText } from '../../core/content-parts.js';
import { quoteUntrusted } from './untrusted-text.js';

/** The graded output as text: its `text`, else its structured `value` as JSON. */
export function outputText(output: TargetOutput): string {
  if (typeof output.text === 'string') return output.text;
  if (output.value !== undefined)
    return typeof output.value === 'string' ? output.value : JSON.stringify(output.value, null, 2);
  return '';
}

/** A case input as text: a string as is, a conversation as `role: content` lines, an object as JSON. */
export function inputText(testCase: Case): string {
  const input = testCase.input;
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) return input.map((m) => `${m.role}: ${contentText(m.content)}`).join('\n');
  const record = input as { readonly [key: string]: unknown };
  for (const key of ['question', 'query', 'prompt', 'input']) {
    if (typeof record[key] === 'string' && Object.keys(record).every((k) => k === key || k === 'context'))
      return record[key];
  }
  return JSON.stringify(input, null, 2);
}

/** The reference answer as text, or undefined when the case has none. */
export function expectedText(testCase: Case): string | undefined {
  const expected = testCase.expected;
  if (expected === undefined || expected === null) return undefined;
  if (typeof expected === 'string') return expected;
  if (typeof expected === 'object' && !Array.isArray(expected)) {
    const record = expected as { readonly [key: string]: unknown };
    for (const key of ['answer', 'text', 'output']) if (typeof record[key] === 'string') return record[key];
  }
  return JSON.stringify(expected, null, 2);
}

/**
 * The retrieved context for RAG judges: the target's `output.context` (even empty) first, else a `context`
 * field of the case input or expected value (a string or a list of strings).
 */
export function contextPassages(testCase: Case, output: TargetOutput): readonly string[] | undefined {
  // Why: an empty list is an answer (retrieval found nothing), unlike a target that returns no context at all.
  if (output.context !== undefined) return output.context;
  for (const holder of [testCase.input, testCase.expected]) {
    if (holder !== null && typeof holder === 'object' && !Array.isArray(holder)) {
      const ctx = (holder as { readonly [key: string]: unknown }).context;
      if (typeof ctx === 'string') return [ctx];
      if (Array.isArray(ctx) && ctx.every((p) => typeof p === 'string')) return ctx as string[];
    }
  }
  return undefined;
}

export function contextBlock(passages: readonly string[]): string {
  if (passages.length === 0) return '(retrieval found no passages: nothing supports any claim)';
  return quoteUntrusted('context', passages.map((p, i) => `[${i + 1}] ${p}`).join('\n\n'));
}

/** A markdown-ish section: heading, then body. */
export function section(title: string, body: string): string {
  return `## ${title}\n${body}`;
}
