import { z } from 'zod';
import type { Grader, GraderEnvironment } from '../grader.js';
import { graderConfigError, parseGraderOptions } from '../rules/grader-config.js';
import { ruleGraderFactories } from '../rules/index.js';
import { ruleSchema } from '../rules/rule-options.js';
import { finalAnswerOf } from './trajectory-view.js';

const schema = ruleSchema('final-answer', {
  grader: z
    .looseObject({ type: z.string().min(1) })
    .describe('The rule grader applied to the final answer: `{ type: includes, value: refunded }`.'),
});

export type FinalAnswerGraderOptions = z.input<typeof schema>;

/**
 * Applies a rule grader to the agent's final answer: the last assistant message without tool
 * calls (what the user finally reads), not the tool traffic before it.
 *
 * @example
 * await finalAnswerGrader({ grader: { type: 'includes', value: 'refund' } }, env);
 */
export async function finalAnswerGrader(options: FinalAnswerGraderOptions, env: GraderEnvironment): Promise<Grader> {
  const o = parseGraderOptions(schema, options, options?.name ?? 'final-answer');
  const name = o.name ?? `final-answer:${o.grader.type}`;
  const factory = ruleGraderFactories[o.grader.type];
  if (!factory) {
    throw graderConfigError(name, [
      {
        code: 'unknown_reference',
        path: 'grader.type',
        message: `'${o.grader.type}' is not a rule grader; use one of ${Object.keys(ruleGraderFactories).join(', ')}`,
      },
    ]);
  }
  let inner: Grader;
  try {
    inner = await factory({ ...o.grader, type: o.grader.type }, env);
  } catch (error) {
    const e = error as { issues?: { code: 'invalid_value'; path: string; message: string }[] };
    if (!e.issues) throw error;
    throw graderConfigError(
      name,
      e.issues.map((i) => ({ ...i, path: `grader.${i.path}` })),
    );
  }
  return {
    name,
    kind: 'rule',
    scope: 'conversation',
    ...(inner.threshold !== undefined && { threshold: inner.threshold }),
    grade(testCase, output, ctx) {
      return inner.grade(testCase, { text: finalAnswerOf(output) }, ctx);
    },
  };
}
