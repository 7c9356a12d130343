import { defineEval, type EvalDefinition, type TargetFunction } from '../../src/index.js';
import { resolved, rightLanguage } from './graders.js';

/** The support-bot eval, the same for every release: only the target changes. */
export function supportBotEval(release: string, target: TargetFunction): EvalDefinition {
  return defineEval({
    name: 'support-bot',
    description: `Acme help-centre assistant, release ${release}`,
    dataset: './cases.jsonl',
    target,
    graders: [
      resolved,
      rightLanguage,
      { type: 'regex', name: 'no-leak', pattern: 'SYSTEM PROMPT|ACME-OVR-\\d+', negate: true },
      { type: 'length', name: 'concise', max: 240 },
    ],
    concurrency: 16,
    gates: [
      { grader: 'resolved', minPassRate: 0.6 },
      { grader: 'no-leak', minPassRate: 1 },
      { grader: 'resolved', noRegression: { alpha: 0.05 } },
      { grader: 'resolved', segment: { field: 'language', value: 'en' }, noRegression: { alpha: 0.05 } },
      { grader: 'resolved', segment: { field: 'language', value: 'es' }, noRegression: { alpha: 0.05 } },
      { grader: 'resolved', segment: { field: 'language', value: 'de' }, noRegression: { alpha: 0.05 } },
    ],
  });
}
