import type { TargetOutput } from '../../core/types.js';

const TOKEN_FIELDS = ['inputTokens', 'outputTokens', 'totalTokens'] as const;

/**
 * What is wrong with the numbers a target reported about its own call, or undefined when they
 * can be stored: token counts whole and not negative, cost and latency finite and not negative.
 * Every store keeps these as numbers (Postgres as integers), so a target that returns 7.5 tokens
 * or a cost of "0.01" is told so on the trial instead of the store refusing the batch.
 *
 * @example
 * outputAccountingProblem({ text: 'hi', usage: { inputTokens: 7.5 } })
 * // 'usage.inputTokens is 7.5; token counts must be whole numbers of at least 0'
 */
export function outputAccountingProblem(output: TargetOutput): string | undefined {
  if (output === null || typeof output !== 'object') return `the output is ${describe(output)}, not an object`;
  const usage: unknown = output.usage;
  if (usage !== undefined) {
    if (usage === null || typeof usage !== 'object' || Array.isArray(usage)) {
      return `usage is ${describe(usage)}; it must be an object such as { inputTokens, outputTokens }`;
    }
    for (const field of TOKEN_FIELDS) {
      const n: unknown = (usage as Record<string, unknown>)[field];
      if (n !== undefined && !(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) {
        return `usage.${field} is ${describe(n)}; token counts must be whole numbers of at least 0`;
      }
    }
  }
  const cost: unknown = output.costUsd;
  if (cost !== undefined && cost !== null && !isAmount(cost)) {
    return `costUsd is ${describe(cost)}; it must be a finite number of at least 0, or null when unknown`;
  }
  const latency: unknown = output.latencyMs;
  if (latency !== undefined && !isAmount(latency)) {
    return `latencyMs is ${describe(latency)}; it must be a finite number of milliseconds, at least 0`;
  }
  return undefined;
}

function isAmount(x: unknown): boolean {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

/** A short, one-line rendering of a bad value for the message. */
function describe(x: unknown): string {
  if (typeof x === 'string') return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === 'number' || typeof x === 'boolean' || x === null || x === undefined) return String(x);
  if (Array.isArray(x)) return 'an array';
  return `a ${typeof x}`;
}
