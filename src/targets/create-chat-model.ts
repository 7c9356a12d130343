import { z } from 'zod';
import { AssayError, issueCodeOf, type Issue } from '../core/errors.js';
import { anthropicDialect } from './anthropic/anthropic-dialect.js';
import { pricingSchema, samplingShape, transportOptionsShape } from './chat/chat-config.js';
import type { ChatDialect } from './chat/chat-dialect.js';
import { ProviderChatModel, type ChatModelEnvironment } from './chat/provider-chat-model.js';
import type { ChatModel } from './chat-model.js';
import { ollamaDialect } from './ollama/ollama-dialect.js';
import { openaiDialect } from './openai/openai-dialect.js';

/** One line per chat provider. */
const dialects: { readonly [provider: string]: ChatDialect } = {
  openai: openaiDialect,
  anthropic: anthropicDialect,
  ollama: ollamaDialect,
};

export const chatModelSpecSchema = z.strictObject({
  provider: z.enum(['openai', 'anthropic', 'ollama']),
  model: z.string().min(1),
  baseUrl: z.url().optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, not the key itself')
    .optional(),
  ...samplingShape,
  ...transportOptionsShape,
  pricing: pricingSchema.optional(),
});

/** `{ provider, model, baseUrl?, apiKeyEnv?, temperature?, maxTokens?, topP?, stop?, seed?, timeoutMs?, retries?, rateLimit?, cache?, cacheDir?, pricing? }` */
export type ChatModelSpec = z.input<typeof chatModelSpecSchema>;

/**
 * A chat model for judges and other callers, over the same transport as the chat targets
 * (retries, rate limit, timeouts, cache, cost). `responseSchema` requests structured output:
 * OpenAI `response_format: json_schema`, an Anthropic forced tool call, Ollama `format`;
 * the parsed object is in `value` and the raw reply in `meta.raw`.
 *
 * @example
 * const judge = createChatModel({ provider: 'openai', model: 'gpt-4o-mini', temperature: 0 }, { env: process.env });
 * const reply = await judge.chat({ messages: [{ role: 'user', content: 'Say hi' }] }, { signal, useCache: true });
 */
export function createChatModel(spec: ChatModelSpec, environment: ChatModelEnvironment): ChatModel {
  const result = chatModelSpecSchema.safeParse(spec);
  if (!result.success) {
    const issues: Issue[] = result.error.issues.map((issue) => ({
      code: issueCodeOf(issue.code),
      path: ['judge', ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new AssayError('CHAT_MODEL_CONFIG_INVALID', 'The model config is invalid.', {
      issues,
      hint: 'A model needs provider (openai, anthropic or ollama) and model; baseUrl and apiKeyEnv are optional.',
    });
  }
  return new ProviderChatModel(dialects[result.data.provider], result.data, environment);
}
