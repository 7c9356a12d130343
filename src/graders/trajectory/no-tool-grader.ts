import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from '../rules/grader-config.js';
import { ruleSchema } from '../rules/rule-options.js';
import { describeCall, toolCallsOf } from './trajectory-view.js';

const schema = ruleSchema('no-tool', {
  tools: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe('The forbidden tools; leave out to forbid every tool call.'),
});

export type NoToolGraderOptions = z.input<typeof schema>;

/**
 * Passes when the trajectory calls none of the forbidden tools (or no tool at all).
 *
 * @example
 * noToolGrader({ tools: ['refund'] }); // a question about shipping must not trigger a refund
 */
export function noToolGrader(options: NoToolGraderOptions): Grader {
  const o = parseGraderOptions(schema, options ?? {}, options?.name ?? 'no-tool');
  const forbidden = o.tools === undefined ? undefined : new Set(o.tools);
  return {
    name: o.name ?? 'no-tool',
    kind: 'rule',
    scope: 'conversation',
    grade(_testCase, output) {
      const bad = toolCallsOf(output).filter((c) => forbidden === undefined || forbidden.has(c.name));
      const pass = bad.length === 0;
      const reason = pass
        ? forbidden
          ? `none of ${[...forbidden].join(', ')} was called`
          : 'no tool was called'
        : `forbidden call: ${describeCall(bad[0])}${bad.length > 1 ? ` (and ${bad.length - 1} more)` : ''}`;
      return { value: pass ? 1 : 0, pass, reason, meta: { forbiddenCalls: bad.map((c) => c.name) } };
    },
  };
}
