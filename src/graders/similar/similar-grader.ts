import { z } from 'zod';
import type { Grader, GraderEnvironment } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from '../rules/grader-config.js';
import { asText, outputText, preview } from '../rules/output-text.js';
import { ruleSchema } from '../rules/rule-options.js';
import { cosineSimilarity, createEmbeddingClient, embeddingSchema } from './embedding-client.js';

const schema = ruleSchema('similar', {
  value: z.unknown().optional().describe("The reference text; defaults to the case's `expected`. May be a template."),
  threshold: z
    .number()
    .min(-1)
    .max(1)
    .optional()
    .describe('Cosine similarity needed to pass, in [−1, 1] (default 0.8).'),
  embedding: embeddingSchema.describe('The embedding model and endpoint.'),
});

export type SimilarGraderOptions = z.input<typeof schema>;

/**
 * Semantic match: the cosine similarity of the output's and the reference's embeddings, from
 * an OpenAI-compatible (`/embeddings`) or Ollama (`/api/embed`) endpoint through the shared
 * transport (retries, rate limit) and response cache. Passes at `threshold` (default 0.8).
 * The score's value is the similarity clamped to [0, 1] (the raw cosine is in `meta`). An
 * endpoint error, a malformed reply or a zero vector is an error score, never a pass or a 0;
 * an empty output scores 0 (there is nothing to match).
 *
 * @example
 * similarGrader({ threshold: 0.85, embedding: { provider: 'ollama', model: 'nomic-embed-text' } }, env);
 */
export function similarGrader(options: SimilarGraderOptions, environment: GraderEnvironment): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'similar');
  const name = o.name ?? 'similar';
  const threshold = o.threshold ?? 0.8;
  const client = createEmbeddingClient(o.embedding, environment);
  return {
    name,
    kind: 'rule',
    threshold,
    async grade(testCase, output, ctx) {
      const reference = asText(resolveValue(o.value, testCase, name));
      const text = outputText(output);
      if (text.trim() === '') return { value: 0, pass: false, reason: 'empty output: nothing to compare' };
      const call = { signal: ctx.signal, useCache: ctx.useCache };
      const [a, b] = await Promise.all([client.embed(text, call), client.embed(reference, call)]);
      const cosine = cosineSimilarity(a, b);
      const pass = cosine >= threshold;
      const rounded = Math.round(cosine * 1000) / 1000;
      return {
        value: Math.max(0, cosine),
        pass,
        reason: `cosine similarity ${rounded} ${pass ? '≥' : '<'} ${threshold} to ${preview(reference, 60)} (${client.describe})`,
        meta: { cosine, model: client.describe },
      };
    },
  };
}
