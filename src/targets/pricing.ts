import type { TokenUsage } from '../core/types.js';

/** USD per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
}

/**
 * List prices of a handful of well-known models (USD per 1M tokens, standard tier, as
 * published in 2025). Anything not here costs `null` (unknown), never 0; a target can set
 * its own `pricing` to override or to price a local model at 0.
 */
export const priceTable: { readonly [model: string]: ModelPrice } = Object.freeze({
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
  'claude-3-5-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-3-haiku': { inputPerMillion: 0.25, outputPerMillion: 1.25 },
  'claude-3-opus': { inputPerMillion: 15, outputPerMillion: 75 },
  'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75 },
});

/**
 * The price of a model: an exact match, or the longest table entry that the name extends
 * with a dated or `-latest` suffix (`gpt-4o-2024-08-06` → `gpt-4o`, but `gpt-4o-mini` is its own).
 *
 * @example
 * findPrice('claude-3-5-sonnet-20241022') // { inputPerMillion: 3, outputPerMillion: 15 }
 * findPrice('my-local-llama')             // undefined
 */
export function findPrice(
  model: string,
  table: { readonly [model: string]: ModelPrice } = priceTable,
): ModelPrice | undefined {
  const name = model.toLowerCase().replace(/^(openai|anthropic)\//, '');
  if (table[name]) return table[name];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (!name.startsWith(`${key}-`)) continue;
    const suffix = name.slice(key.length + 1);
    if (!/^(\d|latest$)/.test(suffix)) continue;
    if (best === undefined || key.length > best.length) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/**
 * Cost of one call in USD, or null when the model's price or the token counts are unknown.
 *
 * @example
 * costUsd('gpt-4o-mini', { inputTokens: 1000, outputTokens: 500 }) // 0.00045
 */
export function costUsd(model: string, usage: TokenUsage | undefined, override?: ModelPrice): number | null {
  const price = override ?? findPrice(model);
  if (!price || usage?.inputTokens === undefined || usage.outputTokens === undefined) return null;
  return (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) / 1_000_000;
}
