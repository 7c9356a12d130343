import type { GraderFactory } from '../grader.js';
import { lazyFactory } from '../../core/lazy-factory.js';
import type { FinalAnswerGraderOptions } from './final-answer-grader.js';
import type { MaxStepsGraderOptions } from './max-steps-grader.js';
import type { NoToolGraderOptions } from './no-tool-grader.js';
import type { ToolCalledGraderOptions } from './tool-called-grader.js';
import type { ToolSequenceGraderOptions } from './tool-sequence-grader.js';

/**
 * The trajectory grader types by their YAML `type`. They read the whole trajectory
 * (`scope: conversation`). Each module (and ajv, for `tool-called`) is imported only when an
 * eval names that type.
 */
export const trajectoryGraderFactories: { readonly [type: string]: GraderFactory } = {
  'tool-called': lazyFactory(async () => {
    const { toolCalledGrader } = await import('./tool-called-grader.js');
    return (spec) => toolCalledGrader(spec as ToolCalledGraderOptions);
  }),
  'tool-sequence': lazyFactory(async () => {
    const { toolSequenceGrader } = await import('./tool-sequence-grader.js');
    return (spec) => toolSequenceGrader(spec as ToolSequenceGraderOptions);
  }),
  'no-tool': lazyFactory(async () => {
    const { noToolGrader } = await import('./no-tool-grader.js');
    return (spec) => noToolGrader(spec as NoToolGraderOptions);
  }),
  'max-steps': lazyFactory(async () => {
    const { maxStepsGrader } = await import('./max-steps-grader.js');
    return (spec) => maxStepsGrader(spec as MaxStepsGraderOptions);
  }),
  'final-answer': lazyFactory(async () => {
    const { finalAnswerGrader } = await import('./final-answer-grader.js');
    return (spec, env) => finalAnswerGrader(spec as FinalAnswerGraderOptions, env);
  }),
};
