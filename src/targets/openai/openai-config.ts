import type { z } from 'zod';
import { chatTargetSchema } from '../chat/chat-config.js';

/**
 * `{ type: 'openai', model, baseUrl?, apiKeyEnv? (OPENAI_API_KEY), prompt | messages, system?,
 *   temperature?, maxTokens?, topP?, stop?, seed?, rateLimit?, retries?, timeoutMs?, cache?, pricing? }`
 */
export const openaiTargetSchema = chatTargetSchema('openai');
export type OpenAITargetConfig = z.infer<typeof openaiTargetSchema>;
