import { z } from 'zod';

/** Transport options every HTTP target accepts. */
export const transportOptionsShape = {
  timeoutMs: z.number().int().positive().optional().describe('Per-attempt timeout in ms.'),
  retries: z
    .number()
    .int()
    .min(0)
    .max(20)
    .optional()
    .describe('Extra attempts on 429, 5xx, timeouts and network errors.'),
  rateLimit: z.number().positive().optional().describe('Requests per minute.'),
  cache: z.boolean().optional().describe('Cache replies: default on only when temperature is 0.'),
  cacheDir: z
    .string()
    .min(1)
    .optional()
    .describe('Where cached replies are kept (default `.assay/cache`, or `ASSAY_CACHE_DIR`).'),
};

export const pricingSchema = z.strictObject({
  inputPerMillion: z.number().min(0),
  outputPerMillion: z.number().min(0),
});

/** Sampling parameters, named the same for every provider. */
export const samplingShape = {
  temperature: z
    .number()
    .min(0)
    .max(2)
    .optional()
    .describe('Sampling temperature (replies are cached by default only at 0)'),
  maxTokens: z.number().int().positive().optional().describe('Most tokens in a reply'),
  topP: z.number().min(0).max(1).optional().describe('Nucleus sampling probability'),
  stop: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('Stop sequence(s)'),
  seed: z.number().int().optional().describe('Sampling seed, where the provider supports one'),
};

const messageTemplate = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

/** The config of a chat-model target (`openai`, `anthropic`, `ollama`). */
export function chatTargetSchema<T extends string>(type: T) {
  return z.strictObject({
    type: z.literal(type),
    name: z.string().min(1).optional().describe('Name shown in reports (default: the type)'),
    model: z.string().min(1, 'model is required, e.g. model: gpt-4o-mini').describe('The model name, e.g. gpt-4o-mini'),
    baseUrl: z.url().optional().describe("The API's base URL (default: the provider's)"),
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, not the key itself')
      .optional()
      .describe('Name of the environment variable holding the API key (default per provider, e.g. OPENAI_API_KEY)'),
    prompt: z
      .string()
      .optional()
      .describe('A user message template with `{{input}}`, `{{expected}}`, `{{metadata.x}}`.'),
    messages: z.array(messageTemplate).min(1).optional().describe('A list of message templates, instead of `prompt`.'),
    system: z.string().optional().describe('A system message template, sent first.'),
    ...samplingShape,
    ...transportOptionsShape,
    pricing: pricingSchema
      .optional()
      .describe('USD per million input and output tokens, for cost (default: the built-in price list)'),
  });
}

export type ChatTargetConfig =
  | z.infer<ReturnType<typeof chatTargetSchema<'openai'>>>
  | z.infer<ReturnType<typeof chatTargetSchema<'anthropic'>>>
  | z.infer<ReturnType<typeof chatTargetSchema<'ollama'>>>;
