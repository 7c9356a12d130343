import type { TargetOutput } from '../../core/types.js';

const OUTPUT_KEYS = ['text', 'value', 'messages', 'toolCalls'] as const;

/** True for an object that already looks like a `TargetOutput` (has text, value, messages or toolCalls). */
export function isTargetOutputLike(value: unknown): value is TargetOutput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  if (record.text !== undefined && typeof record.text !== 'string') return false;
  return OUTPUT_KEYS.some((key) => record[key] !== undefined);
}

/**
 * Normalises what a function, module or recording produced: a string is the text answer,
 * a `TargetOutput`-like object is kept, anything else becomes the structured `value`.
 *
 * @example
 * toTargetOutput('hi')              // { text: 'hi' }
 * toTargetOutput({ answer: 42 })    // { value: { answer: 42 } }
 */
export function toTargetOutput(result: unknown): TargetOutput {
  if (typeof result === 'string') return { text: result };
  if (isTargetOutputLike(result)) return result;
  return { value: result };
}
