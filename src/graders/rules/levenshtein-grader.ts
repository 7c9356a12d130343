import { distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { parseGraderOptions } from './grader-config.js';
import { normalizeOptions, normalizeText } from './normalize.js';
import { asText, outputText, preview } from './output-text.js';
import { ruleSchema, thresholdOption } from './rule-options.js';

const schema = ruleSchema('levenshtein', {
  value: z.unknown().optional().describe("The reference text; defaults to the case's `expected`. May be a template."),
  threshold: thresholdOption.describe('Similarity needed to pass, in [0, 1] (default 0.8).'),
  ...normalizeOptions,
});

export type LevenshteinGraderOptions = z.input<typeof schema>;

/**
 * Scores `1 − editDistance / longerLength` between the output and the reference (1 when
 * both are empty), counted in Unicode code points; passes at `threshold` (default 0.8).
 *
 * @example
 * levenshteinGrader({ threshold: 0.9, ignoreCase: true });
 */
export function levenshteinGrader(options: LevenshteinGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'levenshtein');
  const name = o.name ?? 'levenshtein';
  const threshold = o.threshold ?? 0.8;
  return {
    name,
    kind: 'rule',
    threshold,
    grade(testCase, output) {
      const reference = asText(resolveValue(o.value, testCase, name));
      const a = normalizeText(outputText(output), o);
      const b = normalizeText(reference, o);
      const value = similarity(a, b);
      const pass = value >= threshold;
      const rounded = Math.round(value * 1000) / 1000;
      return {
        value,
        pass,
        reason: pass
          ? `similarity ${rounded} ≥ ${threshold} to ${preview(reference, 60)}`
          : `similarity ${rounded} < ${threshold}: expected about ${preview(reference, 60)}, got: ${preview(outputText(output), 60)}`,
      };
    },
  };
}

/** Edit-distance similarity over code points, so an emoji counts as one character, not two. */
export function similarity(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  const longer = Math.max(ca.length, cb.length);
  if (longer === 0) return 1;
  const astral = ca.length !== a.length || cb.length !== b.length;
  const d = astral ? distance(...toBmp(ca, cb)) : distance(a, b);
  return 1 - d / longer;
}

/** Maps each distinct code point to one BMP character so the UTF-16 distance counts code points. */
function toBmp(a: readonly string[], b: readonly string[]): [string, string] {
  const codes = new Map<string, string>();
  const map = (chars: readonly string[]) =>
    chars
      .map((ch) => {
        let c = codes.get(ch);
        if (c === undefined) {
          c = String.fromCharCode(0xe000 + (codes.size % 0x1900));
          codes.set(ch, c);
        }
        return c;
      })
      .join('');
  return [map(a), map(b)];
}
