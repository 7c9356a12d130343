import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from './grader-config.js';
import { outputText } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const bound = z.number().int('must be a whole number').min(0, 'must be 0 or more').optional();

const schema = ruleSchema('length', {
  min: bound.describe('Fewest characters or words allowed.'),
  max: bound.describe('Most characters or words allowed.'),
  unit: z
    .enum(['chars', 'words'])
    .optional()
    .describe('What to count: `chars` (Unicode code points, the default) or `words`.'),
})
  .refine((o) => o.min !== undefined || o.max !== undefined, { message: 'set "min", "max" or both', path: ['min'] })
  .refine((o) => o.min === undefined || o.max === undefined || o.min <= o.max, {
    message: '"min" must not be above "max"',
    path: ['min'],
  });

export type LengthGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output's length in characters (code points) or words is within bounds.
 *
 * @example
 * lengthGrader({ max: 280 });
 * lengthGrader({ min: 5, max: 120, unit: 'words' });
 */
export function lengthGrader(options: LengthGraderOptions): Grader {
  const o = parseGraderOptions(schema, options, options?.name ?? 'length');
  const unit = o.unit ?? 'chars';
  return {
    name: o.name ?? 'length',
    kind: 'rule',
    grade(_testCase, output) {
      const text = outputText(output);
      const n = unit === 'words' ? text.split(/\s+/u).filter((w) => w !== '').length : [...text].length;
      const label = `${n} ${unit === 'words' ? (n === 1 ? 'word' : 'words') : n === 1 ? 'char' : 'chars'}`;
      if (o.min !== undefined && n < o.min)
        return { value: 0, pass: false, reason: `${label}, below the minimum of ${o.min}` };
      if (o.max !== undefined && n > o.max)
        return { value: 0, pass: false, reason: `${label}, above the maximum of ${o.max}` };
      const range =
        o.min !== undefined && o.max !== undefined
          ? `${o.min}–${o.max}`
          : o.min !== undefined
            ? `≥ ${o.min}`
            : `≤ ${o.max}`;
      return { value: 1, pass: true, reason: `${label}, within ${range}` };
    },
  };
}
