import type { Case, ChatMessage } from '../core/types.js';
import { contentText } from '../core/content-parts.js';

/** The text an attack works on: the input string, or the last user message; undefined otherwise. */
export function userText(input: Case['input']): string | undefined {
  if (typeof input === 'string') return input;
  if (!Array.isArray(input)) return undefined;
  const user = [...(input as readonly ChatMessage[])].reverse().find((m) => m.role === 'user');
  return user === undefined ? undefined : contentText(user.content);
}

/** The input with that text replaced (a conversation keeps its history). */
export function withUserText(input: Case['input'], text: string): Case['input'] {
  if (!Array.isArray(input)) return text;
  const messages = input as readonly ChatMessage[];
  const at = messages.map((m) => m.role).lastIndexOf('user');
  return messages.map((m, i) => (i === at ? { ...m, content: text } : m));
}
