import type { CaseInput, TargetOutput } from '../../core/types.js';
import { contentText } from '../../core/content-parts.js';

const PREVIEW_CHARS = 240;

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
}

/** The input as one line of text: the last user message of a conversation, else JSON. */
export function inputPreview(input: CaseInput | undefined): string {
  if (input === undefined) return '';
  if (typeof input === 'string') return cut(input);
  if (Array.isArray(input)) {
    const messages = input as readonly { role: string; content: string }[];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
    return cut(lastUser ? contentText(lastUser.content) : '');
  }
  return cut(JSON.stringify(input));
}

/** The output as one line of text: its text, else its structured value as JSON. */
export function outputPreview(output: TargetOutput | null): string {
  if (!output) return '';
  if (typeof output.text === 'string') return cut(output.text);
  if (output.value !== undefined) return cut(JSON.stringify(output.value));
  const last = output.messages?.[output.messages.length - 1];
  return last ? cut(contentText(last.content)) : '';
}
