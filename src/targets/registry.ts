import type { z } from 'zod';
import { AssayError, issueCodeOf, type Issue } from '../core/errors.js';
import { anthropicTargetSchema } from './anthropic/anthropic-config.js';
import { commandTargetSchema } from './command/command-config.js';
import { functionTargetSchema } from './function/function-config.js';
import { createFunctionTarget, functionTarget } from './function/function-target.js';
import { httpTargetSchema } from './http/http-config.js';
import { mockTargetSchema } from './mock/mock-config.js';
import { ollamaTargetSchema } from './ollama/ollama-config.js';
import { openaiTargetSchema } from './openai/openai-config.js';
import { replayTargetSchema } from './replay/replay-config.js';
import type { Target, TargetEnvironment, TargetFunction } from './target.js';
import { didYouMean, nearestName } from '../core/did-you-mean.js';
import { lazyFactory } from '../core/lazy-factory.js';

/** A kind of target: the schema of its config and the factory that builds it. */
export interface TargetKind<C = any> {
  readonly schema: z.ZodType<C> & { readonly shape?: Record<string, unknown> };
  readonly create: (config: C, environment: TargetEnvironment) => Target | Promise<Target>;
}

function kind<S extends z.ZodType & { shape: Record<string, unknown> }>(
  schema: S,
  create: (config: z.infer<S>, environment: TargetEnvironment) => Target | Promise<Target>,
): TargetKind<z.infer<S>> {
  return { schema: schema as unknown as TargetKind<z.infer<S>>['schema'], create };
}

/**
 * Every target `type` an eval file may name; one line per kind. The schemas are loaded for
 * checks; a kind's code only when an eval builds that kind.
 */
export const targetKinds: { readonly [type: string]: TargetKind } = {
  function: kind(functionTargetSchema, createFunctionTarget),
  command: kind(
    commandTargetSchema,
    lazyFactory(async () => (await import('./command/command-target.js')).createCommandTarget),
  ),
  openai: kind(
    openaiTargetSchema,
    lazyFactory(async () => (await import('./openai/openai-target.js')).createOpenAITarget),
  ),
  anthropic: kind(
    anthropicTargetSchema,
    lazyFactory(async () => (await import('./anthropic/anthropic-target.js')).createAnthropicTarget),
  ),
  ollama: kind(
    ollamaTargetSchema,
    lazyFactory(async () => (await import('./ollama/ollama-target.js')).createOllamaTarget),
  ),
  http: kind(
    httpTargetSchema,
    lazyFactory(async () => (await import('./http/http-target.js')).createHttpTarget),
  ),
  replay: kind(
    replayTargetSchema,
    lazyFactory(async () => (await import('./replay/replay-target.js')).createReplayTarget),
  ),
  mock: kind(
    mockTargetSchema,
    lazyFactory(async () => (await import('./mock/mock-target.js')).createMockTarget),
  ),
};

/**
 * Builds the target an eval names. `spec` is a YAML/JSON config (`{ type: 'openai', … }`),
 * a ready `Target`, or a plain function. Bad configs fail with every problem listed by path
 * (`target.temprature: unknown field; did you mean 'temperature'?`).
 *
 * @example
 * const target = await createTarget({ type: 'openai', model: 'gpt-4o-mini', prompt: '{{input}}' }, { baseDir: '.', env: process.env });
 */
export async function createTarget(spec: unknown, environment: TargetEnvironment): Promise<Target> {
  if (typeof spec === 'function') return functionTarget(spec as TargetFunction, { name: spec.name || 'function' });
  if (isTarget(spec)) return spec;
  const parsed = parseTargetSpec(spec);
  if (!parsed.ok) {
    throw new AssayError(
      'TARGET_CONFIG_INVALID',
      `The target config is invalid (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}).`,
      {
        issues: parsed.issues,
        hint: `A target needs a type (${Object.keys(targetKinds).join(', ')}) and that type's fields, e.g. { type: openai, model: gpt-4o-mini, prompt: "{{input}}" }. Every field is listed in src/targets/README.md.`,
      },
    );
  }
  return targetKinds[parsed.type].create(parsed.config, environment);
}

export type ParsedTargetSpec = { ok: true; type: string; config: unknown } | { ok: false; issues: Issue[] };

/** Validates a target config without building it; every problem comes back as data. */
export function parseTargetSpec(spec: unknown): ParsedTargetSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    return {
      ok: false,
      issues: [
        {
          code: 'invalid_type',
          path: 'target',
          message: `expected an object like { type: openai, model: … }, got ${spec === null ? 'null' : Array.isArray(spec) ? 'a list' : typeof spec}`,
        },
      ],
    };
  }
  const type = (spec as Record<string, unknown>).type;
  const known = Object.keys(targetKinds);
  if (typeof type !== 'string' || !Object.hasOwn(targetKinds, type)) {
    const guess = typeof type === 'string' ? nearestName(type, known) : undefined;
    const suggestion = guess !== undefined ? ` Did you mean '${guess}'?` : '';
    return {
      ok: false,
      issues: [
        {
          code: 'unknown_reference',
          path: 'target.type',
          message: `${type === undefined ? 'missing' : `unknown type '${String(type)}'`}; use one of ${known.join(', ')}.${suggestion}`,
        },
      ],
    };
  }
  const targetKind = targetKinds[type];
  const result = targetKind.schema.safeParse(spec);
  if (result.success) return { ok: true, type, config: result.data };
  const fields = Object.keys(targetKind.schema.shape ?? {});
  const issues: Issue[] = [];
  for (const issue of result.error.issues) {
    const base = ['target', ...issue.path.map(String)].join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = didYouMean(key, fields) || `; ${type} targets accept ${fields.join(', ')}`;
        issues.push({ code: 'unknown_field', path: `${base}.${key}`, message: `unknown field${hint}` });
      }
    } else if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      issues.push({ code: 'missing_field', path: base, message: `required (${issue.expected})` });
    } else {
      issues.push({ code: issueCodeOf(issue.code), path: base, message: issue.message });
    }
  }
  return { ok: false, issues };
}

function isTarget(value: unknown): value is Target {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Target).call === 'function' &&
    typeof (value as Target).fingerprint === 'function'
  );
}
