import { z } from 'zod';
import type { Grader } from '../grader.js';
import { parseGraderOptions } from '../rules/grader-config.js';
import { ruleSchema } from '../rules/rule-options.js';
import { toolCallsOf } from './trajectory-view.js';

const schema = ruleSchema('tool-sequence', {
  tools: z.array(z.string().min(1)).min(1).describe('The tool names expected, in order.'),
  mode: z
    .enum(['exact', 'in-order', 'any-order'])
    .optional()
    .describe(
      '`exact`: these calls and no others, in order; `in-order` (default): in this order, other calls between allowed; `any-order`: each called, order free.',
    ),
});

export type ToolSequenceGraderOptions = z.input<typeof schema>;

/**
 * Compares the order of tool calls with an expected sequence. The value is the share of the
 * sequence found (for `in-order`, its longest matched prefix); it passes only when all is.
 *
 * @example
 * toolSequenceGrader({ tools: ['lookup_order', 'refund'], mode: 'in-order' });
 */
export function toolSequenceGrader(options: ToolSequenceGraderOptions): Grader {
  const o = parseGraderOptions(schema, options, options?.name ?? 'tool-sequence');
  const mode = o.mode ?? 'in-order';
  return {
    name: o.name ?? 'tool-sequence',
    kind: 'rule',
    scope: 'conversation',
    grade(_testCase, output) {
      const called = toolCallsOf(output).map((c) => c.name);
      const found = mode === 'any-order' ? anyOrder(o.tools, called) : inOrder(o.tools, called);
      const pass = mode === 'exact' ? sameList(o.tools, called) : found === o.tools.length;
      const value =
        mode === 'exact' ? (pass ? 1 : found / Math.max(o.tools.length, called.length)) : found / o.tools.length;
      const got = called.length === 0 ? 'no tool calls' : called.join(' → ');
      const reason = pass ? `${mode}: ${got}` : `${mode}: expected ${o.tools.join(' → ')}, got ${got}`;
      return { value, pass, reason, meta: { called } };
    },
  };
}

/** How many of `want` appear in `got` as a subsequence, counting from the start of `want`. */
function inOrder(want: readonly string[], got: readonly string[]): number {
  let k = 0;
  for (const name of got) if (k < want.length && name === want[k]) k++;
  return k;
}

/** How many of `want` (with multiplicity) appear anywhere in `got`. */
function anyOrder(want: readonly string[], got: readonly string[]): number {
  const left = [...got];
  let k = 0;
  for (const name of want) {
    const at = left.indexOf(name);
    if (at >= 0) {
      left.splice(at, 1);
      k++;
    }
  }
  return k;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
