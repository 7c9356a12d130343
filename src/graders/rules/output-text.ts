import type { TargetOutput } from '../../core/types.js';

/** The text a rule grader checks: `output.text`, or the JSON of `output.value` when there is no text. */
export function outputText(output: TargetOutput): string {
  if (typeof output.text === 'string') return output.text;
  if (output.value !== undefined)
    return typeof output.value === 'string' ? output.value : (JSON.stringify(output.value) ?? '');
  return '';
}

/** A value quoted for a reason, newlines shown as ⏎ and cut to `max` characters: `'Refunds take…'`. */
export function preview(value: unknown, max = 80): string {
  const text = (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).replace(/\r?\n/g, '⏎');
  if (text.length === 0) return "'' (empty)";
  // No more UTF-16 units than `max` means no more characters either: nothing to cut.
  if (text.length <= max) return `'${text}'`;
  const chars = [...text];
  return chars.length > max ? `'${chars.slice(0, max - 1).join('')}…'` : `'${text}'`;
}

/** A configured or expected value as comparison text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}
