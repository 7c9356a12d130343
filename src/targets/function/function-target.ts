import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { importUserModule } from '../../core/import-module.js';
import { AssayError } from '../../core/errors.js';
import { contentHash } from '../../core/hash.js';
import type { TargetFingerprint } from '../../core/types.js';
import { toTargetOutput } from '../output/to-target-output.js';
import type { Target, TargetEnvironment, TargetFunction } from '../target.js';
import type { FunctionTargetConfig } from './function-config.js';
import { recordingTools, withRecordedTools } from './agent-tools.js';

/**
 * A plain function as the target, for evals defined in code. A string result is the text
 * answer; an object with text/value/messages/toolCalls is kept; anything else becomes `value`.
 *
 * @example
 * const target = functionTarget(async (c) => `You said: ${c.input}`, { name: 'echo' });
 */
export function functionTarget(
  fn: TargetFunction,
  options: { name: string; fingerprint?: Omit<TargetFingerprint, 'kind'> },
): Target {
  const fingerprint: TargetFingerprint = Object.freeze({
    ...options.fingerprint,
    kind: 'function',
    name: options.name,
  });
  return {
    name: options.name,
    fingerprint: () => fingerprint,
    async call(testCase, ctx) {
      const turn = ctx.turn ?? 0;
      const recorder = ctx.tools && recordingTools(ctx.tools, testCase, ctx.signal, turn);
      const result: unknown = await fn(testCase, { ...ctx, tools: recorder?.tools });
      if (result === undefined || result === null) {
        throw new AssayError(
          'TARGET_EMPTY_RESULT',
          `Target '${options.name}' returned ${String(result)} for case '${testCase.id}'.`,
          {
            hint: 'Return a string (the answer) or an object such as { text } or { value }.',
          },
        );
      }
      const output = toTargetOutput(result);
      return recorder ? withRecordedTools(output, recorder.recorded(), testCase, turn) : output;
    },
  };
}

/**
 * Loads `export` (default: the default export) from a TS or JS module, resolved against the
 * eval file's folder. TypeScript is loaded with tsx, so no build step is needed.
 */
export async function createFunctionTarget(
  config: FunctionTargetConfig,
  environment: TargetEnvironment,
): Promise<Target> {
  const path = resolve(environment.baseDir, config.module);
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch {
    throw new AssayError('TARGET_MODULE_NOT_FOUND', `The function target's module ${path} does not exist.`, {
      hint: `Check target.module ('${config.module}'); relative paths resolve against the eval file's folder.`,
    });
  }
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (error) {
    throw new AssayError(
      'TARGET_MODULE_LOAD_FAILED',
      `Could not load the function target's module ${path}: ${(error as Error).message}`,
      {
        hint: 'Fix the error in the module, or run it alone with `npx tsx <file>` to see the full trace.',
        cause: error,
      },
    );
  }
  const exportName = config.export ?? 'default';
  const exported = (name: string): unknown => mod[name];
  const fn = exported(exportName);
  if (typeof fn !== 'function') {
    const functions = Object.keys(mod).filter((k) => typeof exported(k) === 'function');
    throw new AssayError(
      'TARGET_EXPORT_NOT_FUNCTION',
      `The module ${path} has no function exported as '${exportName}'.`,
      {
        hint:
          functions.length > 0
            ? `Set target.export to one of: ${functions.join(', ')}.`
            : 'Export the target function, e.g. `export default async function (testCase) { … }`.',
      },
    );
  }
  return functionTarget(fn as TargetFunction, {
    name: config.name ?? `${basename(config.module)}${exportName === 'default' ? '' : `#${exportName}`}`,
    fingerprint: { module: config.module, export: exportName, codeHash: contentHash(source) },
  });
}
