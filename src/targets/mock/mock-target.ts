import { AssayError } from '../../core/errors.js';
import { contentHash } from '../../core/hash.js';
import type { TargetFingerprint } from '../../core/types.js';
import { toTargetOutput } from '../output/to-target-output.js';
import type { Target, TargetEnvironment } from '../target.js';
import { renderTemplate, templateProblems } from '../template/prompt-template.js';
import { sleep } from '../transport/backoff.js';
import type { MockTargetConfig } from './mock-config.js';

/**
 * A deterministic fake target: scripted replies by case id, else the `reply` template
 * (default: the input echoed back). Registered like the real ones, so demos and tests run
 * with no API key.
 *
 * @example
 * createMockTarget({ type: 'mock', reply: 'You asked: {{input}}', replies: { refund: 'Refunds take 5 days.' } }, env)
 */
export function createMockTarget(config: MockTargetConfig, _environment: TargetEnvironment): Target {
  const template = config.reply ?? '{{input}}';
  const problems = templateProblems(template);
  if (problems.length > 0) {
    throw new AssayError('TARGET_CONFIG_INVALID', "The mock target's reply template is invalid.", {
      issues: problems.map((message) => ({ code: 'invalid_value', path: 'target.reply', message })),
    });
  }
  const name = config.name ?? 'mock';
  const fingerprint: TargetFingerprint = Object.freeze({
    kind: 'mock',
    name,
    promptHash: contentHash({ template, replies: config.replies ?? {} }),
  });
  return {
    name,
    fingerprint: () => fingerprint,
    async call(testCase, ctx) {
      if (config.delayMs) await sleep(config.delayMs, ctx.signal);
      const scripted = config.replies?.[testCase.id];
      // A scripted reply is copied so no trial can change it for the next; a rendered one is new.
      if (scripted !== undefined) return { ...structuredClone(toTargetOutput(scripted)), costUsd: 0 };
      return { text: renderTemplate(template, testCase), costUsd: 0 };
    },
  };
}
