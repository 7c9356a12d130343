import type { TargetOutput } from '../../core/types.js';

export type OutputJson =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/**
 * Parses the output as JSON: `output.value` when there is no text, else `output.text`. With
 * `extract`, the JSON may be wrapped in a ``` fence or surrounded by prose (models often do
 * both): the fenced block, or the span from the first `{`/`[` to the last `}`/`]`, is parsed.
 */
export function parseOutputJson(output: TargetOutput, extract = false): OutputJson {
  if (typeof output.text !== 'string') {
    return output.value !== undefined
      ? { ok: true, value: output.value }
      : { ok: false, error: 'the output has no text and no value' };
  }
  const text = extract ? extractJson(output.text) : output.text;
  if (text.trim() === '') return { ok: false, error: 'the output is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function extractJson(text: string): string {
  const fenced = /```(?:json|JSON)?\s*\n([\s\S]*?)```/.exec(text);
  if (fenced) return fenced[1];
  const start = text.search(/[[{]/);
  const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
  return start !== -1 && end > start ? text.slice(start, end + 1) : text;
}
