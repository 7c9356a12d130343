import { AssayError } from '../../core/errors.js';
import type { Grader } from '../grader.js';
import { answerRelevanceJudge } from './answer-relevance-judge.js';
import { classifyJudge } from './classify-judge.js';
import { contextRecallJudge } from './context-recall-judge.js';
import { createJudgeGrader } from './create-judge-grader.js';
import { factualityJudge } from './factuality-judge.js';
import { harmfulJudge } from './harmful-judge.js';
import { faithfulnessJudge } from './faithfulness-judge.js';
import type { JudgeDefinition } from './judge-definition.js';
import { createJudgeModel, type JudgeEnvironment } from './judge-model.js';
import { createPairwiseGrader, pairwiseJudge, type PairwiseDefinition } from './pairwise-judge.js';
import { rubricJudge } from './rubric-judge.js';

/** Every single-call judge type and the function that reads its spec. */
export const JUDGE_DEFINITIONS: { readonly [type: string]: (spec: unknown) => JudgeDefinition } = {
  'judge.classify': classifyJudge,
  'judge.rubric': rubricJudge,
  'judge.factuality': factualityJudge,
  'judge.faithfulness': faithfulnessJudge,
  'judge.answerRelevance': answerRelevanceJudge,
  'judge.contextRecall': contextRecallJudge,
  'judge.harmful': harmfulJudge,
};

export type JudgeGraderSpec = {
  readonly type: string;
  readonly name?: string;
  readonly judge?: unknown;
  readonly [key: string]: unknown;
};

export function isJudgeType(type: string): boolean {
  return type in JUDGE_DEFINITIONS || type === 'judge.pairwise';
}

/** The definition behind a judge spec, without a model (for `assay explain`). */
export function judgeDefinition(spec: JudgeGraderSpec): JudgeDefinition | PairwiseDefinition {
  if (spec.type === 'judge.pairwise') return pairwiseJudge(spec);
  const define = JUDGE_DEFINITIONS[spec.type];
  if (!define) {
    throw new AssayError('UNKNOWN_GRADER_TYPE', `'${spec.type}' is not a judge type.`, {
      hint: `Judge types: ${[...Object.keys(JUDGE_DEFINITIONS), 'judge.pairwise'].join(', ')}.`,
    });
  }
  return define(spec);
}

/**
 * Builds a judge grader from its spec: the definition first (so config errors show even
 * without a model), then the model from `judge:` or `ASSAY_JUDGE_*`.
 *
 * @example
 * registerGraderType('judge.faithfulness', createJudgeGraderFromSpec);
 */
export async function createJudgeGraderFromSpec(spec: JudgeGraderSpec, environment: JudgeEnvironment): Promise<Grader> {
  const definition = judgeDefinition(spec);
  const model = createJudgeModel(spec.judge, environment, definition.name);
  return definition.type === 'judge.pairwise'
    ? createPairwiseGrader(definition as PairwiseDefinition, model)
    : createJudgeGrader(definition as JudgeDefinition, model);
}
