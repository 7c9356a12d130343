import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { importUserModule } from '../../core/import-module.js';
import type { Case, TargetOutput } from '../../core/types.js';
import type { Grader, GraderContext, GraderResult } from '../grader.js';
import { graderConfigError, parseGraderOptions } from './grader-config.js';
import { ruleSchema, thresholdOption } from './rule-options.js';

/** What a custom grading function may return: a full result, a score in [0, 1], or pass/fail. */
export type CustomGradeResult = GraderResult | number | boolean;
export type CustomGradeFunction = (
  testCase: Case,
  output: TargetOutput,
  ctx: GraderContext,
) => CustomGradeResult | Promise<CustomGradeResult>;

/**
 * A grader from a plain function. A number is the score; `true`/`false` mean 1/0.
 *
 * @example
 * customGrader('mentions-order-id', (c, out) => (out.text ?? '').includes(String(c.metadata.orderId)));
 */
export function customGrader(name: string, grade: CustomGradeFunction, options: { threshold?: number } = {}): Grader {
  return {
    name,
    kind: 'custom',
    ...(options.threshold !== undefined && { threshold: options.threshold }),
    // A function that answers at once is graded at once (no promise, no deadline): the run's
    // hot path for the common `(case, output) => boolean` check.
    grade(testCase, output, ctx) {
      const result = grade(testCase, output, ctx);
      const thenable = typeof (result as { then?: unknown } | null)?.then === 'function';
      return thenable ? Promise.resolve(result).then(toGraderResult) : toGraderResult(result as CustomGradeResult);
    },
  };
}

function toGraderResult(result: CustomGradeResult): GraderResult {
  if (typeof result === 'boolean') return { value: result ? 1 : 0, pass: result };
  if (typeof result === 'number') return { value: result };
  if (result === null || typeof result !== 'object') {
    throw new Error(
      `returned ${JSON.stringify(result) ?? String(result)}; return a number in [0, 1], a boolean, or { value, pass?, reason? }`,
    );
  }
  return result;
}

const schema = ruleSchema('custom', {
  module: z
    .string()
    .min(1, 'must be a path like ./graders.ts')
    .describe('The module that exports the grading function, relative to the eval file.'),
  export: z
    .string()
    .min(1)
    .optional()
    .describe('The export to use (default `default`): a function `(case, output, ctx) => score`, or a Grader object.'),
  threshold: thresholdOption,
});

export type CustomModuleGraderOptions = z.input<typeof schema>;

/**
 * The YAML form of a custom grader: `{ type: custom, module: './graders.ts', export: 'name' }`,
 * loaded through tsx so the module may be TypeScript.
 */
export async function customModuleGrader(
  options: CustomModuleGraderOptions,
  env: { readonly baseDir: string },
): Promise<Grader> {
  const o = parseGraderOptions(schema, options, options?.name ?? 'custom');
  const exportName = o.export ?? 'default';
  const name = o.name ?? (exportName === 'default' ? 'custom' : exportName);
  const path = isAbsolute(o.module) ? o.module : resolve(env.baseDir, o.module);
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (error) {
    const message =
      (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND'
        ? `no module at ${path}`
        : `cannot load ${path}: ${(error as Error).message.split('\n')[0]}`;
    throw graderConfigError(name, [{ code: 'load_failed', path: 'module', message }]);
  }
  const exported = mod[exportName];
  if (typeof exported === 'function')
    return customGrader(name, exported as CustomGradeFunction, { threshold: o.threshold });
  const grader = exported as Partial<Grader> | undefined;
  if (grader && typeof grader === 'object' && typeof grader.grade === 'function') {
    const g = grader as Grader;
    // Wrapped rather than spread: a class instance keeps its methods on the prototype.
    return {
      name: o.name ?? g.name ?? name,
      kind: g.kind ?? 'custom',
      threshold: o.threshold ?? g.threshold,
      grade: (c, out, ctx) => g.grade(c, out, ctx),
    };
  }
  const available = Object.keys(mod).filter((k) => k !== '__esModule');
  throw graderConfigError(name, [
    {
      code: 'unknown_reference',
      path: 'export',
      message: `${o.module} has no function or grader export '${exportName}'${available.length > 0 ? `; it exports: ${available.join(', ')}` : ''}`,
    },
  ]);
}
