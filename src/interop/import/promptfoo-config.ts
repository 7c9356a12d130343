import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { AssayError } from '../../core/errors.js';
import { canonicalJson } from '../../core/hash.js';
import type { GraderSpec, TargetSpec } from '../../config/eval-definition.js';
import { ImportReport } from './import-report.js';
import { readInput } from './import-helpers.js';
import { mapAssertion, type GraderBody, type PromptfooAssertion } from './promptfoo-assertions.js';

interface PromptfooTest {
  description?: string;
  vars?: Record<string, unknown>;
  assert?: PromptfooAssertion[];
}

export interface PromptfooImport {
  /** One eval per (prompt, provider) that maps, all over the same cases. */
  readonly evals: { readonly name: string; readonly target: TargetSpec; readonly graders: GraderSpec[] }[];
  readonly cases: {
    id: string;
    input: Record<string, unknown>;
    expected?: unknown;
    metadata: Record<string, unknown>;
  }[];
  readonly report: ImportReport;
}

const PROVIDERS: [RegExp, string][] = [
  [/^openai:(?:chat:)?(.+)$/, 'openai'],
  [/^anthropic:(?:messages:)?(.+)$/, 'anthropic'],
  [/^ollama:(?:chat:|completion:)?(.+)$/, 'ollama'],
];
const PROVIDER_OPTIONS: Record<string, string> = {
  temperature: 'temperature',
  max_tokens: 'maxTokens',
  top_p: 'topP',
  seed: 'seed',
  stop: 'stop',
};

function mapProvider(raw: unknown, where: string, report: ImportReport): TargetSpec | undefined {
  const id = typeof raw === 'string' ? raw : (raw as { id?: unknown })?.id;
  const match =
    typeof id === 'string' ? PROVIDERS.map(([re, type]) => [re.exec(id), type] as const).find(([m]) => m) : undefined;
  if (!match || !match[0]) {
    report.note(
      where,
      `provider ${JSON.stringify(id ?? raw)} has no Assay target (openai:, anthropic: and ollama: map); not imported`,
    );
    return undefined;
  }
  const target: Record<string, unknown> = { type: match[1], model: match[0][1] };
  const config = (raw as { config?: Record<string, unknown> })?.config ?? {};
  for (const [key, value] of Object.entries(config)) {
    if (PROVIDER_OPTIONS[key]) target[PROVIDER_OPTIONS[key]] = value;
    else report.note(`${where}.config.${key}`, 'provider option has no Assay equivalent; not kept');
  }
  return target as TargetSpec;
}

/** A prompt with promptfoo's `{{ var }}` turned into Assay's `{{input.var}}` (the case input holds the vars). */
function mapPrompt(text: string, where: string, report: ImportReport): string {
  if (/\{%|\{\{[^}]*\|/.test(text))
    report.note(where, 'the prompt uses Nunjucks tags or filters, which Assay templates lack; check it');
  return text.replace(/\{\{\s*([A-Za-z_][\w]*)\s*\}\}/g, '{{input.$1}}');
}

function readPrompts(raw: unknown, file: string, report: ImportReport): string[] {
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const prompts: string[] = [];
  list.forEach((p, i) => {
    const where = `${file}: prompts[${i}]`;
    const text = typeof p === 'string' ? p : (p as { raw?: unknown })?.raw;
    if (typeof text !== 'string') return report.note(where, 'prompt is neither text nor { raw }; not imported');
    if (text.startsWith('file://')) {
      try {
        prompts.push(mapPrompt(readFileSync(resolve(dirname(file), text.slice(7)), 'utf8'), where, report));
      } catch {
        report.note(where, `cannot read ${text}; not imported`);
      }
      return;
    }
    prompts.push(mapPrompt(text, where, report));
  });
  return prompts;
}

/**
 * A promptfoo config (prompts, providers, tests with vars and assert) as Assay evals and cases.
 * Assertions with an Assay equivalent become graders; a value that differs per test moves into
 * each case's `expected`. Everything else is listed in the report.
 */
export async function importPromptfooConfig(file: string): Promise<PromptfooImport> {
  const report = new ImportReport();
  const config = parse(await readInput(file, 'promptfoo config')) as Record<string, unknown> | null;
  if (!config || typeof config !== 'object') {
    throw new AssayError('IMPORT_INVALID', `${file} is not a promptfoo config.`, {
      hint: 'Pass promptfooconfig.yaml (prompts, providers, tests).',
    });
  }
  const tests = config.tests;
  if (!Array.isArray(tests)) {
    throw new AssayError('IMPORT_INVALID', `${file} has no inline list of tests.`, {
      hint: 'Inline the tests (tests: [ { vars, assert } ]); tests loaded from files or generators are not read.',
    });
  }
  const defaults = (config.defaultTest ?? {}) as PromptfooTest;
  const slots = new Map<string, { grader: GraderBody; valueKey?: string; values: Map<number, unknown> }>();
  tests.forEach((t: PromptfooTest, i) => {
    const counts = new Map<string, number>();
    [...(defaults.assert ?? []), ...(t.assert ?? [])].forEach((a, j) => {
      const where = `${file}: tests[${i}].assert[${j - (defaults.assert?.length ?? 0)}]`;
      const mapped = mapAssertion(a);
      const fromDefaults = j < (defaults.assert?.length ?? 0);
      if ('unmapped' in mapped) {
        // A defaultTest assertion repeats in every test: report it once.
        if (!fromDefaults || i === 0)
          report.note(fromDefaults ? `${file}: defaultTest.assert[${j}]` : where, mapped.unmapped);
        return;
      }
      const base = typeof a.metric === 'string' ? a.metric : String(a.type);
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      const key = n === 1 ? base : `${base}-${n}`;
      const slot = slots.get(key) ?? { grader: mapped.grader, valueKey: mapped.valueKey, values: new Map() };
      if (canonicalJson(slot.grader) !== canonicalJson(mapped.grader)) {
        return report.note(
          where,
          `'${key}' is configured differently from the first test's; Assay keeps one grader per name, this one is not kept`,
        );
      }
      slot.values.set(i, a.value);
      slots.set(key, slot);
    });
  });
  const graders: GraderSpec[] = [];
  const varying: string[] = [];
  for (const [key, slot] of slots) {
    const missing = tests.map((_, i) => i).filter((i) => !slot.values.has(i));
    for (const i of missing)
      report.note(`${file}: tests[${i}]`, `has no '${key}' assertion, but Assay runs grader '${key}' on every case`);
    const distinct = new Set([...slot.values.values()].map((v) => canonicalJson(v ?? null)));
    if (
      !slot.valueKey ||
      (slot.valueKey === 'expected' && distinct.size === 1 && [...slot.values.values()][0] === undefined)
    ) {
      graders.push({ ...slot.grader, name: key });
    } else if (distinct.size === 1 && slot.valueKey !== 'expected') {
      graders.push({ ...slot.grader, name: key, [slot.valueKey]: [...slot.values.values()][0] });
    } else {
      varying.push(key);
      graders.push({ ...slot.grader, name: key });
    }
  }
  if (varying.length > 1) {
    for (const g of graders) {
      if (!varying.includes(g.name!)) continue;
      if (slots.get(g.name!)!.valueKey === 'expected')
        report.note(file, `'${g.name}' reads the whole expected object, since several assertions vary per test`);
      else Object.assign(g, { value: `{{expected.${g.name}}}` });
    }
  }
  const cases = tests.map((t: PromptfooTest, i) => {
    const input = { ...(defaults.vars ?? {}), ...(t.vars ?? {}) };
    for (const [k, v] of Object.entries(input)) {
      if (typeof v === 'string' && v.startsWith('file://'))
        report.note(`${file}: tests[${i}].vars.${k}`, `${v} is kept as text; Assay does not load var files`);
    }
    const values = varying
      .map((key) => [key, slots.get(key)!.values.get(i)] as const)
      .filter(([, v]) => v !== undefined);
    const expected = varying.length === 1 ? values[0]?.[1] : values.length > 0 ? Object.fromEntries(values) : undefined;
    return {
      id: `test-${i + 1}`,
      input,
      ...(expected === undefined ? {} : { expected }),
      metadata: t.description ? { description: t.description } : {},
    };
  });
  const prompts = readPrompts(config.prompts, file, report);
  const providers = (Array.isArray(config.providers) ? config.providers : [config.providers]).map((p, i) =>
    mapProvider(p, `${file}: providers[${i}]`, report),
  );
  const name =
    typeof config.description === 'string'
      ? config.description
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'promptfoo'
      : 'promptfoo';
  const combos = prompts.flatMap((prompt) =>
    providers.filter((p) => p !== undefined).map((p): TargetSpec => ({ ...p, prompt })),
  );
  const evals = combos.map((target, k) => ({ name: combos.length === 1 ? name : `${name}-${k + 1}`, target, graders }));
  return { evals, cases, report };
}
