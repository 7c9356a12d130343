import type { z } from 'zod';
import { chatTargetSchema } from '../chat/chat-config.js';

/**
 * `{ type: 'anthropic', model, baseUrl?, apiKeyEnv? (ANTHROPIC_API_KEY), prompt | messages, system?,
 *   temperature?, maxTokens? (default 1024), topP?, stop?, rateLimit?, retries?, timeoutMs?, cache?, pricing? }`
 * (`seed` is accepted but Anthropic ignores it.)
 */
export const anthropicTargetSchema = chatTargetSchema('anthropic');
export type AnthropicTargetConfig = z.infer<typeof anthropicTargetSchema>;
