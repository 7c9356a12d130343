import { z } from 'zod';
import type { Grader } from '../grader.js';
import { hasTemplate, renderTemplate } from '../template.js';
import { graderConfigError, parseGraderOptions } from './grader-config.js';
import { outputText, preview } from './output-text.js';
import { ruleSchema } from './rule-options.js';

const schema = ruleSchema('regex', {
  pattern: z
    .string()
    .min(1, 'must be a non-empty regular expression')
    .describe('A JavaScript regular expression, without slashes. May contain `{{…}}` templates.'),
  flags: z
    .string()
    .regex(/^[dgimsuvy]*$/, 'may only contain the flags d, g, i, m, s, u, v, y')
    .optional()
    .describe('Regular-expression flags, e.g. `i` or `ms`.'),
  negate: z.boolean().optional().describe('Pass when the pattern does NOT match (e.g. forbidden phrases).'),
});

export type RegexGraderOptions = z.input<typeof schema>;

/**
 * Passes when the output matches the pattern (or, with `negate`, when it does not).
 *
 * @example
 * regexGrader({ pattern: '\\border #\\d{6}\\b', flags: 'i' });
 * regexGrader({ name: 'no-apology', pattern: 'sorry|apologi[sz]e', flags: 'i', negate: true });
 */
export function regexGrader(options: RegexGraderOptions): Grader {
  const o = parseGraderOptions(schema, options, options?.name ?? 'regex');
  const name = o.name ?? 'regex';
  const fixed = hasTemplate(o.pattern) ? undefined : compile(o.pattern, o.flags, name);
  return {
    name,
    kind: 'rule',
    grade(testCase, output) {
      const re = fixed ?? compile(renderTemplate(o.pattern, testCase), o.flags, name);
      re.lastIndex = 0;
      const text = outputText(output);
      const match = re.exec(text);
      const shown = `/${re.source}/${re.flags}`;
      if (o.negate) {
        return match
          ? {
              value: 0,
              pass: false,
              reason: `must not match ${shown}, but found ${preview(match[0], 40)} in: ${preview(text)}`,
            }
          : { value: 1, pass: true, reason: `does not match ${shown}` };
      }
      return match
        ? { value: 1, pass: true, reason: `matches ${shown} at ${preview(match[0], 40)}` }
        : { value: 0, pass: false, reason: `expected to match ${shown}, got: ${preview(text)}` };
    },
  };
}

function compile(pattern: string, flags: string | undefined, name: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw graderConfigError(name, [
      {
        code: 'invalid_value',
        path: 'pattern',
        message: `${(error as Error).message.replace(/^Invalid regular expression: /, 'not a valid regular expression: ')}`,
      },
    ]);
  }
}
