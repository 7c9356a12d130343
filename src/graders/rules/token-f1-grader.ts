import { z } from 'zod';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from './grader-config.js';
import { asText, outputText, preview } from './output-text.js';
import { ruleSchema, thresholdOption } from './rule-options.js';

const schema = ruleSchema('token-f1', {
  value: z.unknown().optional().describe("The reference answer; defaults to the case's `expected`. May be a template."),
  values: z
    .array(z.unknown())
    .min(1, 'must list at least one value')
    .optional()
    .describe('Several reference answers: the best F1 counts.'),
  threshold: thresholdOption.describe('F1 needed to pass, in [0, 1] (default 0.5).'),
});

export type TokenF1GraderOptions = z.input<typeof schema>;

/**
 * Token-overlap F1 between output and reference, after SQuAD-style normalisation (lower
 * case, no punctuation, no articles a/an/the, whitespace tokens). With several references
 * the best one counts. Passes at `threshold` (default 0.5).
 *
 * @example
 * tokenF1Grader({ values: ['Barack Obama', 'Obama'], threshold: 0.6 });
 */
export function tokenF1Grader(options: TokenF1GraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'token-f1');
  const name = o.name ?? 'token-f1';
  const threshold = o.threshold ?? 0.5;
  return {
    name,
    kind: 'rule',
    threshold,
    grade(testCase, output) {
      const resolved = resolveValue(o.values ?? o.value, testCase, name);
      const references = (Array.isArray(resolved) && o.value === undefined ? resolved : [resolved]).map(asText);
      const predicted = squadTokens(outputText(output));
      let best = { f1: -1, reference: references[0] };
      for (const reference of references) {
        const f1 = tokenF1(predicted, squadTokens(reference));
        if (f1 > best.f1) best = { f1, reference };
      }
      const pass = best.f1 >= threshold;
      const rounded = Math.round(best.f1 * 1000) / 1000;
      return {
        value: best.f1,
        pass,
        reason: pass
          ? `token F1 ${rounded} ≥ ${threshold} against ${preview(best.reference, 60)}`
          : `token F1 ${rounded} < ${threshold}: expected about ${preview(best.reference, 60)}, got: ${preview(outputText(output), 60)}`,
      };
    },
  };
}

/** SQuAD answer normalisation, Unicode-aware: lower case, drop punctuation and articles, split on whitespace. */
export function squadTokens(text: string): string[] {
  const cleaned = text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\p{P}/gu, '')
    .replace(/(?<![\p{L}\p{N}])(a|an|the)(?![\p{L}\p{N}])/gu, ' ');
  return cleaned.split(/\s+/u).filter((t) => t !== '');
}

/** F1 of the multiset overlap of two token lists; 1 when both are empty, 0 when only one is. */
export function tokenF1(predicted: readonly string[], reference: readonly string[]): number {
  if (predicted.length === 0 || reference.length === 0) return predicted.length === reference.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of reference) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of predicted) {
    const left = counts.get(t) ?? 0;
    if (left > 0) {
      common += 1;
      counts.set(t, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / reference.length;
  return (2 * precision * recall) / (precision + recall);
}
