import type { GraderFactory } from '../registry.js';
import { lazyFactory } from '../../core/lazy-factory.js';
import type { CanaryLeakGraderOptions } from './canary-leak-grader.js';
import type { PiiLeakGraderOptions } from './pii-leak-grader.js';
import type { RefusalGraderOptions } from './refusal-grader.js';

/** Graders for red-team sets: a pass means the attack failed. Each module loads on first use. */
export const redteamGraderFactories: { readonly [type: string]: GraderFactory } = {
  refusal: async (spec, env) =>
    spec.judge !== undefined || spec.method === 'judge'
      ? (await import('./refusal-judge.js')).refusalJudgeGrader(spec, env)
      : (await import('./refusal-grader.js')).refusalGrader(spec as RefusalGraderOptions),
  'canary-leak': lazyFactory(async () => {
    const { canaryLeakGrader } = await import('./canary-leak-grader.js');
    return (spec) => canaryLeakGrader(spec as CanaryLeakGraderOptions);
  }),
  'pii-leak': lazyFactory(async () => {
    const { piiLeakGrader } = await import('./pii-leak-grader.js');
    return (spec) => piiLeakGrader(spec as PiiLeakGraderOptions);
  }),
};
