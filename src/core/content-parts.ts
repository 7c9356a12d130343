import type { ChatMessage, ContentPart, MessageContent } from './types.js';

/**
 * The text of a message's content: a string as is, parts joined with their images written as
 * `[image: alt]` so a text-only reader (a judge prompt, a template, a preview) still sees them.
 *
 * @example
 * contentText([{ type: 'text', text: 'What is this?' }, { type: 'image', path: 'cat.png', alt: 'a cat' }])
 * // 'What is this?\n[image: a cat]'
 */
export function contentText(content: MessageContent | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map(partText).join('\n');
}

function partText(part: ContentPart): string {
  if (part.type === 'text') return part.text;
  return `[image${part.alt ? `: ${part.alt}` : ''}]`;
}

/** The text of the last message with this role, or undefined when there is none. */
export function lastMessageText(messages: readonly ChatMessage[], role: ChatMessage['role']): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i].role === role) return contentText(messages[i].content);
  return undefined;
}

/** True when the content holds at least one image part. */
export function hasImages(content: MessageContent): boolean {
  return typeof content !== 'string' && content.some((p) => p.type === 'image');
}
