import type { z } from 'zod';
import { chatTargetSchema } from '../chat/chat-config.js';

/**
 * `{ type: 'ollama', model, baseUrl? (http://127.0.0.1:11434), prompt | messages, system?,
 *   temperature?, maxTokens?, topP?, stop?, seed?, rateLimit?, retries?, timeoutMs?, cache?, pricing? }`
 * No key is needed; set `apiKeyEnv` when the server sits behind a proxy that wants a bearer token.
 */
export const ollamaTargetSchema = chatTargetSchema('ollama');
export type OllamaTargetConfig = z.infer<typeof ollamaTargetSchema>;
