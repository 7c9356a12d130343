import type { Case, ChatMessage } from '../../core/types.js';
import { isChat, renderTemplate } from '../template/prompt-template.js';

/** The prompt part of a chat target's config. */
export interface PromptConfig {
  readonly prompt?: string;
  readonly messages?: readonly { readonly role: 'system' | 'user' | 'assistant'; readonly content: string }[];
  readonly system?: string;
}

/**
 * The messages sent for one case: `messages` templates rendered, or `prompt` as one user
 * message, or — with neither — the case input itself (a conversation is sent as is, text as
 * one user message, an object as JSON). `system` is prepended in every case.
 *
 * @example
 * buildMessages({ prompt: 'Translate: {{input}}' }, { id: 'a', input: 'bonjour', ... })
 * // [{ role: 'user', content: 'Translate: bonjour' }]
 */
export function buildMessages(config: PromptConfig, testCase: Case): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (config.system !== undefined) out.push({ role: 'system', content: renderTemplate(config.system, testCase) });
  if (config.messages) {
    for (const m of config.messages) out.push({ role: m.role, content: renderTemplate(m.content, testCase) });
  } else if (config.prompt !== undefined) {
    out.push({ role: 'user', content: renderTemplate(config.prompt, testCase) });
  } else if (isChat(testCase.input)) {
    out.push(...testCase.input);
  } else {
    out.push({
      role: 'user',
      content: typeof testCase.input === 'string' ? testCase.input : JSON.stringify(testCase.input),
    });
  }
  return out;
}
