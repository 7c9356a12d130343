import type { GraderFactory } from '../registry.js';
import { canaryLeakGrader, type CanaryLeakGraderOptions } from './canary-leak-grader.js';
import { piiLeakGrader, type PiiLeakGraderOptions } from './pii-leak-grader.js';
import { refusalGrader, type RefusalGraderOptions } from './refusal-grader.js';
import { refusalJudgeGrader } from './refusal-judge.js';

export { canaryLeakGrader, piiLeakGrader, refusalGrader };

/** Graders for red-team sets: a pass means the attack failed. */
export const redteamGraderFactories: { readonly [type: string]: GraderFactory } = {
  refusal: (spec, env) =>
    spec.judge !== undefined || spec.method === 'judge'
      ? refusalJudgeGrader(spec, env)
      : refusalGrader(spec as RefusalGraderOptions),
  'canary-leak': (spec) => canaryLeakGrader(spec as CanaryLeakGraderOptions),
  'pii-leak': (spec) => piiLeakGrader(spec as PiiLeakGraderOptions),
};
