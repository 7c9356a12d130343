import { z } from 'zod';
import type { Grader } from '../grader.js';
import { resolveValue } from '../template.js';
import { extractNumber } from './extract-number.js';
import { parseGraderOptions } from './grader-config.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const tolerance = z.number().min(0, 'must be 0 or more').optional();

const schema = ruleSchema('numeric', {
  value: z
    .union([z.number(), z.string()])
    .optional()
    .describe("The expected number (or numeric text); defaults to the case's `expected`. May be a template."),
  /** Largest accepted absolute difference (default 0). */
  tolerance: tolerance.describe('Largest absolute difference that still passes'),
  relativeTolerance: tolerance.describe(
    'Largest accepted difference as a share of the expected value, e.g. 0.01 for 1% (default 0).',
  ),
});

export type NumericGraderOptions = z.input<typeof schema>;

/**
 * Passes when the number in the output is within tolerance of the expected number:
 * `|got − expected| ≤ max(tolerance, relativeTolerance × |expected|)`. The output may be a bare
 * number or text containing one (the first number is used).
 *
 * @example
 * numericGrader({ tolerance: 0.01 });            // against the case's expected
 * numericGrader({ value: 42, relativeTolerance: 0.05 });
 */
export function numericGrader(options: NumericGraderOptions = {}): Grader {
  const o = parseGraderOptions(schema, options, options.name ?? 'numeric');
  const name = o.name ?? 'numeric';
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const raw = resolveValue(o.value, testCase, name);
      const expected = typeof raw === 'number' ? raw : typeof raw === 'string' ? extractNumber(raw) : undefined;
      if (expected === undefined || !Number.isFinite(expected)) {
        throw new Error(`the expected value ${preview(raw, 40)} of case '${testCase.id}' is not a number`);
      }
      const text = outputText(output);
      const got =
        typeof output.text !== 'string' && typeof output.value === 'number' ? output.value : extractNumber(text);
      if (got === undefined)
        return { value: 0, pass: false, reason: `expected ${expected}, but found no number in: ${preview(text)}` };
      const allowed = Math.max(o.tolerance ?? 0, (o.relativeTolerance ?? 0) * Math.abs(expected));
      const diff = Math.abs(got - expected);
      // A small epsilon keeps 0.1 + 0.2 within a tolerance of 0 of 0.3.
      const pass = diff <= allowed + 1e-12 * Math.max(1, Math.abs(expected));
      const band = allowed > 0 ? ` ± ${allowed}` : '';
      return pass
        ? { value: 1, pass: true, reason: `${got} is within ${expected}${band}` }
        : {
            value: 0,
            pass: false,
            reason: `expected ${expected}${band}, got ${got} (off by ${diff}) from: ${preview(text)}`,
          };
    },
  };
}
