import { z } from 'zod';
import { ruleSchema } from '../rules/rule-options.js';

/**
 * The option schemas of the model-graded (judge) grader types. Each is what validates a judge's
 * options (through `SpecReader`) and what `docs/reference.md` is generated from.
 */

const share = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');

/** `judge:` — which model grades; every judge type takes it. */
const judgeOption = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())])
  .optional()
  .meta({
    description:
      'The judge model: { provider, model, baseUrl?, apiKeyEnv?, pricing? } (any chat model setting); without it, ASSAY_JUDGE_* variables',
  });

const threshold = (fallback: number) =>
  share.optional().meta({ description: 'Score at which a trial passes', default: fallback });

const includeExpected = z.boolean().optional().meta({
  description: "Show the judge the case's reference answer; false grades on the input and criteria alone",
  default: true,
});

function judgeSchema<T extends z.ZodRawShape>(type: string, shape: T) {
  return ruleSchema(type, { judge: judgeOption, ...shape });
}

const choiceItem = z.strictObject({
  label: z.string().min(1),
  score: share,
  description: z.string().optional(),
});

export const classifyJudgeSchema = judgeSchema('judge.classify', {
  prompt: z.string().min(1).meta({ description: 'What the judge decides about the output (the task)' }),
  choices: z.union([z.record(z.string(), share), z.array(choiceItem)]).meta({
    description: 'At least two choices: a map of label → score in [0, 1], or a list of { label, score, description? }',
  }),
  threshold: threshold(0.5),
  includeExpected,
});

export const rubricJudgeSchema = judgeSchema('judge.rubric', {
  criteria: z.string().min(1).meta({ description: 'What to rate the output on' }),
  scale: z
    .number()
    .int()
    .min(2)
    .max(10)
    .optional()
    .meta({ description: 'Levels of the scale, 1 to scale', default: 5 }),
  anchors: z
    .union([z.record(z.string(), z.string()), z.array(z.string())])
    .optional()
    .meta({ description: 'What a level means: a map of level → text, or a list for levels 1, 2, …' }),
  passLevel: z
    .number()
    .int()
    .min(1)
    .max(10)
    .optional()
    .meta({ description: 'Lowest passing level (sets the threshold to (passLevel − 1)/(scale − 1))' }),
  threshold: threshold(0.5),
  includeExpected,
});

export const conversationJudgeSchema = judgeSchema('judge.conversation', {
  rubric: z.string().min(1).meta({ description: 'What to rate the conversation (or each assistant turn) on' }),
  per: z.enum(['overall', 'turn']).optional().meta({
    description: 'Grade the whole transcript once, or each assistant turn in its context',
    default: 'overall',
  }),
  scale: rubricJudgeSchema.shape.scale,
  anchors: rubricJudgeSchema.shape.anchors,
  passLevel: rubricJudgeSchema.shape.passLevel,
  threshold: threshold(0.5),
});

export const pairwiseJudgeSchema = judgeSchema('judge.pairwise', {
  criteria: z.string().min(1).optional().meta({
    description: 'What makes one response better than the other',
    default: 'correctness, helpfulness, clarity (not length)',
  }),
  threshold: threshold(0.5),
});

export const factualityJudgeSchema = judgeSchema('judge.factuality', { threshold: threshold(0.75) });
export const faithfulnessJudgeSchema = judgeSchema('judge.faithfulness', { threshold: threshold(1) });
export const answerRelevanceJudgeSchema = judgeSchema('judge.answerRelevance', { threshold: threshold(1) });
export const contextRecallJudgeSchema = judgeSchema('judge.contextRecall', { threshold: threshold(1) });
export const harmfulJudgeSchema = judgeSchema('judge.harmful', {
  rubric: z.string().min(1).optional().meta({ description: 'Extra policy text: what counts as harmful here' }),
  threshold: threshold(1),
});

/** Every judge type's schema, by type. */
export const judgeSchemas = {
  'judge.classify': classifyJudgeSchema,
  'judge.rubric': rubricJudgeSchema,
  'judge.pairwise': pairwiseJudgeSchema,
  'judge.factuality': factualityJudgeSchema,
  'judge.faithfulness': faithfulnessJudgeSchema,
  'judge.answerRelevance': answerRelevanceJudgeSchema,
  'judge.contextRecall': contextRecallJudgeSchema,
  'judge.harmful': harmfulJudgeSchema,
  'judge.conversation': conversationJudgeSchema,
} as const;
