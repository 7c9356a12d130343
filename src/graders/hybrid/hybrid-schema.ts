import { z } from 'zod';
import { ruleSchema } from '../rules/rule-options.js';

const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const spec = z.looseObject({ type: z.string().min(1) });

/**
 * The options of the `hybrid` grader type (a rule first, a judge when the rule cannot decide,
 * people when the judge is unsure): what validates them and what `docs/reference.md` shows.
 */
export const hybridGraderSchema = ruleSchema('hybrid', {
  rule: spec.meta({ description: 'The rule grader spec tried first, e.g. { type: includes, value: refund }' }),
  judge: spec.meta({ description: 'The judge grader spec asked when the rule does not decide' }),
  trust: z
    .enum(['pass', 'fail', 'both'])
    .optional()
    .meta({ description: "Which of the rule's outcomes are final", default: 'pass' }),
  band: z
    .tuple([share, share], { error: 'must be [low, high] within [0, 1]' })
    .optional()
    .meta({ description: '[low, high] judge scores that count as unsure (sent to review)', default: [0.3, 0.7] }),
  human: z.boolean().optional().meta({ description: 'Send unsure trials to human review', default: true }),
});
