import { Ajv } from 'ajv';
import { z } from 'zod';
import { canonicalJson } from '../../core/hash.js';
import type { Grader } from '../grader.js';
import { graderConfigError, parseGraderOptions } from '../rules/grader-config.js';
import { ruleSchema } from '../rules/rule-options.js';
import { describeCall, malformedCallsError, toolCallsOf } from './trajectory-view.js';

const schema = ruleSchema('tool-called', {
  tool: z.string().min(1).describe('The tool that must have been called.'),
  arguments: z.unknown().optional().describe('The arguments it must have been called with (compared as `match` says).'),
  match: z
    .enum(['exact', 'subset', 'schema'])
    .optional()
    .describe(
      '`exact`: equal JSON; `subset` (default): every given field equal, others free; `schema`: `arguments` is a JSON Schema.',
    ),
  minTimes: z.number().int().min(1).optional().describe('At least this many matching calls (default 1).'),
});

export type ToolCalledGraderOptions = z.input<typeof schema>;

/**
 * Passes when the trajectory has a call of `tool` whose arguments match. Arguments the model
 * sent as malformed JSON make the score an error.
 *
 * @example
 * toolCalledGrader({ tool: 'refund', arguments: { orderId: 'A-1042' } });
 */
export function toolCalledGrader(options: ToolCalledGraderOptions): Grader {
  const o = parseGraderOptions(schema, options, options?.name ?? 'tool-called');
  const name = o.name ?? `tool-called:${o.tool}`;
  const match = o.match ?? (o.arguments === undefined ? undefined : 'subset');
  let validate: ReturnType<Ajv['compile']> | undefined;
  if (match === 'schema') {
    if (o.arguments === null || typeof o.arguments !== 'object') {
      throw graderConfigError(name, [
        { code: 'invalid_type', path: 'arguments', message: 'with match: schema, arguments must be a JSON Schema' },
      ]);
    }
    try {
      validate = new Ajv({ allErrors: true, strict: false }).compile(o.arguments as object);
    } catch (error) {
      throw graderConfigError(name, [
        { code: 'invalid_value', path: 'arguments', message: `not a valid JSON Schema: ${(error as Error).message}` },
      ]);
    }
  }
  const matches = (args: unknown): boolean => {
    if (match === undefined) return true;
    if (match === 'exact') return canonicalJson(args) === canonicalJson(o.arguments);
    if (match === 'subset') return isSubset(o.arguments, args);
    return validate!(args) === true;
  };
  const minTimes = o.minTimes ?? 1;
  return {
    name,
    kind: 'rule',
    scope: 'conversation',
    grade(_testCase, output) {
      const calls = toolCallsOf(output).filter((c) => c.name === o.tool);
      const malformed = malformedCallsError(calls);
      if (malformed) throw malformed;
      const hits = calls.filter((c) => matches(c.arguments));
      const pass = hits.length >= minTimes;
      const reason = pass
        ? `called ${describeCall(hits[0])}${hits.length > 1 ? ` (${hits.length} times)` : ''}`
        : calls.length === 0
          ? `${o.tool} was never called`
          : `${o.tool} was called ${calls.length} time(s), ${hits.length} with matching arguments (${match}); first: ${describeCall(calls[0])}`;
      return { value: pass ? 1 : 0, pass, reason, meta: { calls: calls.length, matching: hits.length } };
    },
  };
}

/** Every field of `want` is in `got` with an equal value (objects recursively; arrays and scalars exactly). */
export function isSubset(want: unknown, got: unknown): boolean {
  if (want !== null && typeof want === 'object' && !Array.isArray(want)) {
    if (got === null || typeof got !== 'object' || Array.isArray(got)) return false;
    return Object.entries(want).every(
      ([k, v]) => Object.hasOwn(got, k) && isSubset(v, (got as Record<string, unknown>)[k]),
    );
  }
  return canonicalJson(want) === canonicalJson(got);
}
