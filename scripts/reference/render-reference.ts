/**
 * Renders docs/reference.md from the option schemas the code validates with: every grader type
 * (`graderTypes()` and `graderOptionSchema`), every target type (`targetKinds`), the gate table
 * (`GATE_CONDITIONS`, `GATE_RULE_KEYS`) and the eval file's keys (`EVAL_KEYS`). Nothing here is
 * written by hand: a type registered with a schema appears on the next `npm run docs:reference`.
 */
import { z } from 'zod';
import { GATE_CONDITIONS, GATE_RULE_KEYS } from '../../src/analysis/gates/gate-schema.js';
import { EVAL_KEYS } from '../../src/config/eval-definition.js';
import { graderOptionSchema, graderTypes } from '../../src/graders/registry.js';
import { graderTimeoutOption } from '../../src/graders/rules/rule-options.js';
import { targetKinds } from '../../src/targets/registry.js';

type Json = { [key: string]: any };

/** One option of a schema as the reference shows it. */
export interface OptionRow {
  readonly key: string;
  readonly type: string;
  readonly required: boolean;
  readonly default: string;
  readonly description: string;
}

/** The options of an object schema, from its JSON Schema (input side), in declaration order. */
export function optionRows(schema: z.ZodType): OptionRow[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const required = new Set<string>(json.required ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, Json>).map(([key, p]) => ({
    key,
    type: typeText(p),
    required: required.has(key),
    default: p.default === undefined ? '—' : JSON.stringify(p.default),
    description: oneLine(p.description ?? ''),
  }));
}

function typeText(p: Json): string {
  if (p.const !== undefined) return JSON.stringify(p.const);
  if (Array.isArray(p.enum)) return p.enum.map((v: unknown) => JSON.stringify(v)).join(' \\| ');
  const alternatives = p.anyOf ?? p.oneOf;
  if (Array.isArray(alternatives)) return alternatives.map((a: Json) => wrap(typeText(a))).join(' \\| ');
  switch (p.type) {
    case 'string':
      return p.format === 'uri' ? 'URL' : p.pattern !== undefined ? 'string (pattern)' : 'string';
    case 'integer':
    case 'number':
      return `${p.type}${range(p)}`;
    case 'boolean':
      return 'boolean';
    case 'array':
      if (Array.isArray(p.prefixItems)) return `[${p.prefixItems.map(typeText).join(', ')}]`;
      return `${wrap(typeText(p.items ?? {}))}[]`;
    case 'object':
      if (p.properties !== undefined) return `{ ${Object.keys(p.properties).join(', ')} }`;
      return p.additionalProperties && Object.keys(p.additionalProperties).length > 0
        ? `map of ${typeText(p.additionalProperties)}`
        : 'object';
    default:
      return 'any';
  }
}

function range(p: Json): string {
  // zod writes the safe-integer limits of `.int()` as bounds; they are no limit worth showing.
  const bound = (x: unknown) => (typeof x === 'number' && Math.abs(x) >= Number.MAX_SAFE_INTEGER ? undefined : x);
  const low = bound(p.minimum) ?? (p.exclusiveMinimum !== undefined ? `> ${p.exclusiveMinimum}` : undefined);
  const high = bound(p.maximum) ?? (p.exclusiveMaximum !== undefined ? `< ${p.exclusiveMaximum}` : undefined);
  if (low !== undefined && high !== undefined) return ` ${low}–${high}`;
  if (low !== undefined) return typeof low === 'string' ? ` ${low}` : ` ≥ ${low}`;
  if (high !== undefined) return typeof high === 'string' ? ` ${high}` : ` ≤ ${high}`;
  return '';
}

const wrap = (t: string) => (t.includes(' ') ? `(${t})` : t);
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\\\\\|/g, '\\|');

function table(rows: readonly OptionRow[]): string[] {
  return [
    '| option | type | required | default | description |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.key}\` | ${cell(r.type)} | ${r.required ? 'yes' : ''} | ${cell(r.default)} | ${cell(r.description)} |`,
    ),
  ];
}

/** Rows of a grader type: its schema's options plus `timeoutMs`, which every grader takes. */
export function graderRows(type: string): OptionRow[] | undefined {
  const schema = graderOptionSchema(type);
  if (!schema) return undefined;
  const rows = optionRows(schema).filter((r) => r.key !== 'type');
  if (!rows.some((r) => r.key === 'timeoutMs')) {
    rows.push(...optionRows(z.object({ timeoutMs: graderTimeoutOption })));
  }
  return rows;
}

/** Options (grader, target) whose schema gives no description: the reference test fails on them. */
export function undescribed(): string[] {
  const missing: string[] = [];
  for (const type of graderTypes()) {
    const rows = graderRows(type);
    if (!rows) missing.push(`grader ${type}: no option schema`);
    else for (const r of rows) if (r.description === '') missing.push(`grader ${type}: ${r.key}`);
  }
  for (const [type, kind] of Object.entries(targetKinds)) {
    for (const r of optionRows(kind.schema)) {
      if (r.key !== 'type' && r.description === '') missing.push(`target ${type}: ${r.key}`);
    }
  }
  return missing;
}

/** The whole of docs/reference.md. */
export function renderReference(): string {
  const out: string[] = [
    '# Reference',
    '',
    '<!-- Generated by `npm run docs:reference` from the option schemas the code validates with. Do not edit by hand. -->',
    '',
    'Every option of every grader and target type, every gate condition and the keys of an eval file, as the',
    'loader checks them: an unknown key is refused with a did-you-mean, a wrong type or range names the field.',
    '"required" marks what must be given; a default of — means the option is off or taken from elsewhere',
    '(the description says where).',
    '',
    '## Eval file',
    '',
    '| key | type | default | description |',
    '| --- | --- | --- | --- |',
    ...EVAL_KEYS.map((k) => `| \`${k.key}\` | ${cell(k.type)} | ${cell(k.default)} | ${cell(k.description)} |`),
    '',
    '## Graders',
    '',
    'Each entry of `graders:` is `{ type, … }` with the options below. Every grader takes `name` and `timeoutMs`.',
    '',
  ];
  for (const type of graderTypes()) {
    out.push(`### \`${type}\``, '');
    const rows = graderRows(type);
    out.push(...(rows ? table(rows) : ['No option schema is declared for this type.']), '');
  }
  out.push('## Targets', '', '`target:` is `{ type, … }` with the options below.', '');
  for (const type of Object.keys(targetKinds).sort()) {
    out.push(`### \`${type}\``, '', ...table(optionRows(targetKinds[type].schema).filter((r) => r.key !== 'type')), '');
  }
  out.push(
    '## Gates',
    '',
    'Each entry of `gates:` is one rule: the keys below and exactly one condition.',
    '',
    '| key | type | description |',
    '| --- | --- | --- |',
    ...GATE_RULE_KEYS.map((k) => `| \`${k.key}\` | ${cell(k.type)} | ${cell(k.description)} |`),
    '',
    '**Segments.** `segment: { field: language, value: de }` restricts a rule to the cases whose metadata field',
    '`language` is `de`; `segment: { slice: edge }` to a slice. A segment no case has is an error, not a pass.',
    '',
    '| condition | value | default | needs grader | metric | description |',
    '| --- | --- | --- | --- | --- | --- |',
    ...GATE_CONDITIONS.map(
      (c) =>
        `| \`${c.key}\` | ${cell(c.example)} | ${cell(c.default ?? '—')} | ${c.needsGrader ? 'yes' : 'no'} | ${
          c.metrics.length === 0 ? '—' : `${c.metrics.join(', ')}${c.needsMetric ? ' (required)' : ''}`
        } | ${cell(c.description)} |`,
    ),
    '',
    '**Metric forms.** `metric: pass@k` (e.g. `pass@1`, for graders with `passAtK`) takes `minValue`,',
    '`minValueLower` and `noRegression`; `metric: asr` (attack success rate of red-team graders) takes `maxValue`',
    'and `maxUpper`. Shares are written as fractions (0.9 for 90%).',
    '',
  );
  return out.join('\n');
}
