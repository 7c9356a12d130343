import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { yamlValue } from '../core/yaml-values.js';
import { AssayError, type Issue } from '../core/errors.js';
import { importUserModule } from '../core/import-module.js';
import type { EvalDefinition } from './eval-definition.js';
import { validateEvalDefinition } from './validate-eval.js';

export interface LoadedEval {
  readonly definition: EvalDefinition;
  /** Absolute path of the eval file; relative paths inside it resolve against its folder. */
  readonly file: string;
  readonly baseDir: string;
}

/** Loads `*.eval.yaml` / `.yml` / `.json`, or `*.eval.ts` / `.mts` / `.cts` / `.js` / `.mjs` / `.cjs` (default export). */
export async function loadEvalFile(path: string, cwd = process.cwd()): Promise<LoadedEval> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) {
    throw new AssayError('EVAL_NOT_FOUND', `No eval file at ${path}.`, {
      hint: 'Pass the path of a *.eval.ts or *.eval.yaml file, e.g. `assay run examples/support-bot/support-bot-v1.eval.ts`.',
    });
  }
  const raw = /\.(ya?ml|json)$/i.test(file) ? readDataFile(file, path) : await importEvalModule(file, path);
  const definition = validateEvalDefinition(raw, path);
  return { definition, file, baseDir: dirname(file) };
}

function readDataFile(file: string, shown: string): unknown {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues: Issue[] = doc.errors.map((e) => ({
      code: 'invalid_syntax',
      path: `${shown}:${e.linePos?.[0]?.line ?? '?'}`,
      message: e.message.split('\n')[0],
    }));
    throw new AssayError('EVAL_INVALID', `${shown} is not valid YAML.`, {
      issues,
      hint: 'Fix the syntax at the line shown.',
    });
  }
  const parsed = yamlValue(doc, lineCounter, shown);
  if ('issue' in parsed) {
    throw new AssayError('EVAL_INVALID', `${shown} is not valid YAML.`, {
      issues: [parsed.issue],
      hint: 'Fix the YAML at the line shown.',
    });
  }
  return parsed.value;
}

async function importEvalModule(file: string, shown: string): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = await importUserModule(file);
  } catch (error) {
    throw new AssayError('EVAL_LOAD_FAILED', `Could not load ${shown}: ${(error as Error).message}`, {
      hint: 'Fix the error in the eval module (run it with `npx tsx` to see the full trace).',
      cause: error,
    });
  }
  const def = (mod.default ?? mod.eval) as unknown;
  if (def === undefined) {
    throw new AssayError('EVAL_INVALID', `${shown} has no default export.`, {
      hint: 'End the file with `export default defineEval({ … })`.',
    });
  }
  return def;
}
