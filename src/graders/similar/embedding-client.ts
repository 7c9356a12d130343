import { z } from 'zod';
import { AssayError } from '../../core/errors.js';
import { resolveApiKey } from '../../targets/chat/api-key.js';
import { HttpTransport } from '../../targets/transport/http-transport.js';
import { resolveResponseCache } from '../../targets/transport/resolve-response-cache.js';
import { splitUrlCredentials } from '../../targets/transport/url-credentials.js';
import type { GraderEnvironment } from '../grader.js';

/** Where a `similar` grader gets its embeddings: an OpenAI-compatible `/embeddings` or Ollama's `/api/embed`. */
export const embeddingSchema = z.strictObject({
  provider: z.enum(['openai', 'ollama']).optional(),
  model: z.string().min(1, 'model is required, e.g. model: text-embedding-3-small'),
  baseUrl: z.url().optional(),
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name, not the key itself')
    .optional(),
  timeoutMs: z.number().int().positive().optional(),
  retries: z.number().int().min(0).max(20).optional(),
  rateLimit: z.number().positive().optional(),
  /** Embeddings are deterministic: cached by default (off with `cache: false` or `--no-cache`). */
  cache: z.boolean().optional(),
  cacheDir: z.string().min(1).optional(),
});

export type EmbeddingConfig = z.infer<typeof embeddingSchema>;

const DEFAULT_BASE = { openai: 'https://api.openai.com/v1', ollama: 'http://127.0.0.1:11434' } as const;

/** Embeds one text per call through the shared transport (retries, rate limit, response cache). */
export interface EmbeddingClient {
  readonly describe: string;
  embed(text: string, options: { readonly signal: AbortSignal; readonly useCache: boolean }): Promise<number[]>;
}

/**
 * An embeddings client. One text per request, so the reference of a case (the same in every
 * cell of a matrix) is embedded once and then read from the cache.
 */
export function createEmbeddingClient(config: EmbeddingConfig, environment: GraderEnvironment): EmbeddingClient {
  const provider = config.provider ?? 'openai';
  const { url: baseUrl, authorization } = splitUrlCredentials(config.baseUrl ?? DEFAULT_BASE[provider]);
  const apiKey = resolveApiKey({
    provider,
    apiKeyEnv: config.apiKeyEnv ?? (provider === 'openai' ? 'OPENAI_API_KEY' : null),
    baseUrl,
    env: environment.env,
    explicit: config.apiKeyEnv !== undefined,
  });
  const secretHeaders = apiKey ? { authorization: `Bearer ${apiKey}` } : authorization ? { authorization } : undefined;
  const url = `${baseUrl.replace(/\/+$/, '')}${provider === 'openai' ? '/embeddings' : '/api/embed'}`;
  const transport = new HttpTransport({
    name: `${provider} embeddings ${config.model}`,
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    rateLimit: config.rateLimit,
    cache: config.cache === false ? null : resolveResponseCache(environment, config.cacheDir),
  });
  return {
    describe: `${provider}:${config.model}`,
    async embed(text, options) {
      const { value } = await transport.send(
        { url, body: { model: config.model, input: text }, ...(secretHeaders && { secretHeaders }) },
        { signal: options.signal, cache: options.useCache },
        (body) => vectorOf(provider, body),
      );
      return value;
    },
  };
}

function vectorOf(provider: 'openai' | 'ollama', body: unknown): number[] {
  const b = body as { data?: { embedding?: unknown }[]; embeddings?: unknown[] } | null;
  const vector = provider === 'openai' ? b?.data?.[0]?.embedding : b?.embeddings?.[0];
  const where = provider === 'openai' ? 'data[0].embedding' : 'embeddings[0]';
  if (
    !Array.isArray(vector) ||
    vector.length === 0 ||
    !vector.every((x) => typeof x === 'number' && Number.isFinite(x))
  )
    throw new Error(`the reply has no ${where} (a non-empty list of numbers)`);
  return vector as number[];
}

/** Cosine similarity of two vectors of the same length; an error for a zero vector or a length mismatch. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length)
    throw new AssayError('EMBEDDING_MISMATCH', `Embeddings of different lengths (${a.length} and ${b.length}).`, {
      hint: 'Use one embedding model for the output and the reference.',
    });
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0)
    throw new AssayError('EMBEDDING_ZERO', 'An embedding is the zero vector: its cosine similarity is undefined.', {
      hint: 'Check the embedding model and the text sent to it.',
    });
  return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
}
