import { z } from 'zod';
import { ruleSchema } from '../rules/rule-options.js';

const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const graderName = z.string().min(1);

/**
 * The options of the `human` grader type: what validates them (through `SpecReader`) and what
 * `docs/reference.md` is generated from. Which fields apply depends on `policy`.
 */
export const humanGraderSchema = ruleSchema('human', {
  policy: z
    .enum(['all', 'random', 'uncertain', 'disagree', 'audit'])
    .optional()
    .meta({ description: 'Which trials people review', default: 'all' }),
  share: share.optional().meta({
    description: 'random: the share of cases to review (required); audit: the share of runs audited',
    default: 'audit: 1',
  }),
  seed: z.string().min(1).optional().meta({ description: 'random, audit: seed of the draw', default: 'assay' }),
  grader: graderName.optional().meta({ description: 'uncertain: the grader whose score is looked at' }),
  band: z
    .tuple([share, share], { error: 'must be [low, high] within [0, 1]' })
    .optional()
    .meta({ description: 'uncertain: [low, high] scores that count as unsure', default: [0.3, 0.7] }),
  graders: z
    .array(graderName)
    .optional()
    .meta({ description: 'disagree: the graders whose disagreement sends a trial to review' }),
  size: z.number().int().min(1).optional().meta({ description: 'audit: cases per run to review (required)' }),
  fallback: graderName.optional().meta({
    description: 'The grader whose score a trial left out by the policy takes (default: the one the policy looks at)',
  }),
  instructions: z.string().min(1).optional().meta({ description: 'Text shown to reviewers' }),
  calibrates: z
    .union([graderName, z.array(graderName).min(1)])
    .optional()
    .meta({ description: 'The judges these labels check (default: the grader the policy looks at)' }),
  blind: z.boolean().optional().meta({
    description: 'Hide judge verdicts from reviewers (default: hidden for all, random and audit)',
  }),
  labels: z
    .array(z.string().min(1), { error: 'must be a list of at least two label names' })
    .min(2, 'must be a list of at least two label names')
    .optional()
    .meta({ description: 'The labels reviewers choose from', default: ['pass', 'fail'] }),
});
