import { z } from 'zod';

/** Transport options every HTTP target accepts. */
export const transportOptionsShape = {
  /** Per-attempt timeout in ms. */
  timeoutMs: z.number().int().positive().optional(),
  /** Extra attempts on 429, 5xx, timeouts and network errors. */
  retries: z.number().int().min(0).max(20).optional(),
  /** Requests per minute. */
  rateLimit: z.number().positive().optional(),
  /** Cache replies: default on only when temperature is 0. */
  cache: z.boolean().optional(),
  /** Where cached replies are kept (default `.assay/cache`, or `ASSAY_CACHE_DIR`). */
  cacheDir: z.string().min(1).optional(),
};

export const pricingSchema = z.strictObject({
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
});

/** Sampling parameters, named the same for every provider. */
export const samplingShape = {
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
  topP: z.number().min(0).max(1).optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  seed: z.number().int().optional(),
};

const messageTemplate = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

/** The config of a chat-model target (`openai`, `anthropic`, `ollama`). */
export function chatTargetSchema<T extends string>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    name: z.string().min(1).optional(),
    model: z.string().min(1, 'model is required, e.g. model: gpt-4o-mini'),
    baseUrl: z.url().optional(),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, not the key itself')
      .optional(),
    /** A user message template with `{{input}}`, `{{expected}}`, `{{metadata.x}}`. */
    prompt: z.string().optional(),
    /** A list of message templates, instead of `prompt`. */
    messages: z.array(messageTemplate).min(1).optional(),
    /** A system message template, sent first. */
    system: z.string().optional(),
    ...samplingShape,
    ...transportOptionsShape,
    pricing: pricingSchema.optional(),
  });
}

export type ChatTargetConfig =
  | z.infer<ReturnType<typeof chatTargetSchema<'openai'>>>
  | z.infer<ReturnType<typeof chatTargetSchema<'anthropic'>>>
  | z.infer<ReturnType<typeof chatTargetSchema<'ollama'>>>;
