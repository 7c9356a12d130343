import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from '../rules/grader-config.js';
import { ruleSchema } from '../rules/rule-options.js';
import { stepCountOf } from './trajectory-view.js';

const schema = ruleSchema('max-steps', {
  max: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('At most this many model calls; leave out to only require that the loop ended on its own.'),
});

export type MaxStepsGraderOptions = z.input<typeof schema>;

/**
 * Passes when the agent finished on its own (not stopped by the eval's `maxSteps`) within
 * `max` model calls.
 *
 * @example
 * maxStepsGrader({ max: 4 });
 */
export function maxStepsGrader(options: MaxStepsGraderOptions): Grader {
  const o = parseGraderOptions(schema, options ?? {}, options?.name ?? 'max-steps');
  return {
    name: o.name ?? 'max-steps',
    kind: 'rule',
    scope: 'conversation',
    grade(_testCase, output) {
      const steps = stepCountOf(output);
      const stopped = output.trajectory?.stopReason === 'max_steps';
      const within = o.max === undefined || steps <= o.max;
      const pass = !stopped && within;
      const reason = stopped
        ? `stopped by the step limit after ${steps} model calls without a final answer`
        : within
          ? `${steps} model call(s)${o.max === undefined ? '' : `, within ${o.max}`}`
          : `${steps} model calls, over the limit of ${o.max}`;
      return { value: pass ? 1 : 0, pass, reason, meta: { steps } };
    },
  };
}
