import { relative, resolve } from 'node:path';
import { didYouMean } from '../../core/did-you-mean.js';
import { AssayError, issueCodeOf, type Issue } from '../../core/errors.js';
import { importUserModule } from '../../core/import-module.js';
import { DEFAULT_MAX_STEPS, MAX_MAX_STEPS } from './max-steps.js';
import type { ParsedToolSpec } from './tool-config.js';
import { readToolReplay } from './tool-replay.js';
import { createToolbox, type ToolHandler, type Toolbox } from './toolbox.js';

/**
 * Builds the toolbox an eval's `tools` list declares, reporting every bad entry at once
 * (`tools[1].result: …`). Modules and replay files resolve against the eval file's folder
 * and are loaded once, here.
 *
 * @example
 * const tools = await loadTools([{ name: 'refund', parameters: {…}, result: { value: { ok: true } } }], { baseDir });
 */
export async function loadTools(raw: unknown, options: { readonly baseDir: string }): Promise<Toolbox | undefined> {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    throw invalid([{ code: 'invalid_type', path: 'tools', message: 'must be a list of { name, parameters, result }' }]);
  }
  // The schema (built with zod when its module loads) only for an eval that declares tools.
  const { toolSpecSchema } = await import('./tool-config.js');
  const issues: Issue[] = [];
  const specs: ParsedToolSpec[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    const parsed = toolSpecSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = ['tools', i, ...issue.path].map((p, k) =>
          typeof p === 'number' ? `[${p}]` : k ? `.${String(p)}` : p,
        );
        issues.push({ code: issueCodeOf(issue.code), path: path.join(''), message: issue.message });
      }
      return;
    }
    if (seen.has(parsed.data.name)) {
      issues.push({ code: 'duplicate', path: `tools[${i}].name`, message: `'${parsed.data.name}' is declared twice` });
    }
    seen.add(parsed.data.name);
    specs.push(parsed.data);
  });
  if (issues.length > 0) throw invalid(issues);
  const handlers: Record<string, ToolHandler> = {};
  for (const spec of specs) handlers[spec.name] = await handlerOf(spec, options.baseDir);
  return createToolbox(
    specs.map((s) => ({
      name: s.name,
      ...(s.description && { description: s.description }),
      parameters: s.parameters,
    })),
    handlers,
  );
}

async function handlerOf(spec: ParsedToolSpec, baseDir: string): Promise<ToolHandler> {
  const result = spec.result;
  if ('value' in result) return () => result.value;
  if ('byCase' in result) {
    return (_args, { case: testCase }) => {
      if (Object.hasOwn(result.byCase, testCase.id)) return result.byCase[testCase.id];
      if (result.default !== undefined) return result.default;
      throw new Error(`no result for case '${testCase.id}' (add it under byCase, or a default)`);
    };
  }
  if ('replay' in result) {
    const path = resolve(baseDir, result.replay);
    const replay = await readToolReplay(path, relative(process.cwd(), path) || path);
    return (args, context) => {
      const handler = replay.get(spec.name);
      if (!handler) throw new Error(`the replay file has no line for ${spec.name}`);
      return handler(args, context);
    };
  }
  const path = resolve(baseDir, result.module);
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(path);
  } catch (error) {
    throw invalid([
      {
        code: 'load_failed',
        path: `tools.${spec.name}.result.module`,
        message: `${path}: ${(error as Error).message}`,
      },
    ]);
  }
  const name = result.export ?? 'default';
  const fn = mod[name];
  if (typeof fn !== 'function') {
    const functions = Object.keys(mod).filter((k) => typeof mod[k] === 'function');
    throw invalid([
      {
        code: 'unknown_reference',
        path: `tools.${spec.name}.result.export`,
        message: `${path} exports no function '${name}'${didYouMean(name, functions)}`,
      },
    ]);
  }
  return fn as ToolHandler;
}

/** The eval's `maxSteps`, checked: a whole number of model calls per turn. */
export function parseMaxSteps(raw: unknown): number {
  if (raw === undefined) return DEFAULT_MAX_STEPS;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= MAX_MAX_STEPS) return raw;
  throw invalid([
    {
      code: 'invalid_value',
      path: 'maxSteps',
      message: `must be a whole number from 1 to ${MAX_MAX_STEPS}, got ${JSON.stringify(raw)}`,
    },
  ]);
}

function invalid(issues: readonly Issue[]): AssayError {
  return new AssayError('TOOLS_INVALID', `The eval's tools have ${issues.length} problem(s).`, {
    issues,
    hint: 'Each tool is { name, description?, parameters (JSON Schema), result: { value } | { byCase } | { module, export? } | { replay } }.',
  });
}
