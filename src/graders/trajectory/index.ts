import type { GraderFactory } from '../grader.js';
import { finalAnswerGrader, type FinalAnswerGraderOptions } from './final-answer-grader.js';
import { maxStepsGrader, type MaxStepsGraderOptions } from './max-steps-grader.js';
import { noToolGrader, type NoToolGraderOptions } from './no-tool-grader.js';
import { toolCalledGrader, type ToolCalledGraderOptions } from './tool-called-grader.js';
import { toolSequenceGrader, type ToolSequenceGraderOptions } from './tool-sequence-grader.js';

export { finalAnswerGrader, maxStepsGrader, noToolGrader, toolCalledGrader, toolSequenceGrader };

/** The trajectory grader types by their YAML `type`. They read the whole trajectory (`scope: conversation`). */
export const trajectoryGraderFactories: { readonly [type: string]: GraderFactory } = {
  'tool-called': (spec) => toolCalledGrader(spec as ToolCalledGraderOptions),
  'tool-sequence': (spec) => toolSequenceGrader(spec as ToolSequenceGraderOptions),
  'no-tool': (spec) => noToolGrader(spec as NoToolGraderOptions),
  'max-steps': (spec) => maxStepsGrader(spec as MaxStepsGraderOptions),
  'final-answer': (spec, env) => finalAnswerGrader(spec as FinalAnswerGraderOptions, env),
};
