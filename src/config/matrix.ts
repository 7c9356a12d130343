import { randomBytes } from 'node:crypto';
import { didYouMean } from '../core/did-you-mean.js';
import { AssayError, type Issue } from '../core/errors.js';
import type { EvalDefinition, GraderSpec, TargetSpec } from './eval-definition.js';

/** One model (or system) of a matrix: a target spec with a `label`. */
export interface TargetVariant extends TargetSpec {
  readonly label: string;
}

/** One prompt of a matrix: a user-message template, or a list of message templates, with a `label`. */
export interface PromptVariant {
  readonly label: string;
  /** A user-message template (`{{input}}`, `{{expected}}`, `{{metadata.x}}`). */
  readonly prompt?: string;
  /** Message templates instead of `prompt`. */
  readonly messages?: readonly { readonly role: 'system' | 'user' | 'assistant'; readonly content: string }[];
  /** A system message template, sent first. */
  readonly system?: string;
}

/** How a matrix is compared and gated (`matrix:` in the eval file). */
export interface MatrixOptions {
  /** The cell every candidate is compared with (a cell label); default the first cell. */
  readonly baseline?: string;
  /** `baseline`: every candidate against the baseline (default); `all`: every pair. */
  readonly pairs?: 'baseline' | 'all';
  /** Correction over the family of pair tests; default `holm`. */
  readonly correction?: 'holm' | 'bh' | 'by' | 'none';
  /** Let a judge grade outputs of its own model (default false: it skips that cell, with a warning). */
  readonly allowSelfGrading?: boolean;
  /** Rules over the whole matrix, e.g. `{ grader: answers, bestBeatsBaseline: { alpha: 0.05 } }`. */
  readonly gates?: readonly unknown[];
}

/** One cell of a matrix: the eval with one target and one prompt. */
export interface MatrixCell {
  /** `target/prompt`, or the one label when only one of the lists is given. */
  readonly label: string;
  readonly index: number;
  readonly target: string | null;
  readonly prompt: string | null;
  readonly definition: EvalDefinition;
}

/** Targets a prompt can be applied to: chat-model targets take `prompt`, `messages` and `system`. */
const PROMPTABLE = new Set(['openai', 'anthropic', 'ollama']);
const MATRIX_KEYS = ['baseline', 'pairs', 'correction', 'allowSelfGrading', 'gates'];

/** True when the eval declares `targets:` or `prompts:`. */
export function isMatrixEval(def: EvalDefinition): boolean {
  return def.targets !== undefined || def.prompts !== undefined;
}

/** A new matrix id, e.g. `mx_20260101T000000Z_1a2b3c`. */
export function newMatrixId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `mx_${stamp}_${randomBytes(3).toString('hex')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks `targets:`, `prompts:` and `matrix:`; pushes every problem onto `issues`. */
export function checkMatrixKeys(raw: Record<string, unknown>, where: string, issues: Issue[]): void {
  const labels = new Map<string, string>();
  const checkList = (key: 'targets' | 'prompts'): Record<string, unknown>[] => {
    const list = raw[key];
    if (list === undefined) return [];
    if (!Array.isArray(list) || list.length === 0) {
      issues.push({ code: 'invalid_type', path: `${where}: ${key}`, message: 'must be a non-empty list' });
      return [];
    }
    return list.flatMap((item, i) => {
      const path = `${where}: ${key}[${i}]`;
      if (!isRecord(item)) {
        issues.push({ code: 'invalid_type', path, message: `must be an object with a label, got ${typeof item}` });
        return [];
      }
      const label = item.label;
      if (typeof label !== 'string' || label.trim() === '' || /[/,]/.test(label)) {
        issues.push({
          code: label === undefined ? 'missing_field' : 'invalid_value',
          path: `${path}.label`,
          message: 'is required: a short name without "/" or "," (it names the cell, and --only takes it)',
        });
      } else if (labels.has(label)) {
        issues.push({ code: 'duplicate', path: `${path}.label`, message: `'${label}' is also ${labels.get(label)}` });
      } else labels.set(label, path);
      return [item];
    });
  };
  const targets = checkList('targets');
  const prompts = checkList('prompts');
  if (raw.targets !== undefined && raw.target !== undefined)
    issues.push({
      code: 'conflict',
      path: `${where}: targets`,
      message: 'give either target (one) or targets (a list with labels), not both',
    });
  targets.forEach((t, i) => {
    const path = `${where}: targets[${i}]`;
    const isCode = typeof t.target === 'function' || (isRecord(t.target) && typeof t.target.call === 'function');
    if (!isCode && typeof t.type !== 'string')
      issues.push({
        code: 'missing_field',
        path: `${path}.type`,
        message: 'is required: openai | anthropic | ollama | http | command | … (or `target: <function>` in code)',
      });
    else if (prompts.length > 0 && (isCode || !PROMPTABLE.has(String(t.type))))
      issues.push({
        code: 'conflict',
        path,
        message: `prompts: apply to openai, anthropic and ollama targets; '${String(t.label)}' is ${isCode ? 'a code target' : `a ${String(t.type)} target`}`,
      });
  });
  const single = raw.target;
  if (prompts.length > 0 && raw.targets === undefined && !(isRecord(single) && PROMPTABLE.has(String(single.type))))
    issues.push({
      code: 'conflict',
      path: `${where}: prompts`,
      message: 'prompts: apply to openai, anthropic and ollama targets; the eval target is not one',
    });
  prompts.forEach((p, i) => {
    const path = `${where}: prompts[${i}]`;
    for (const key of Object.keys(p))
      if (!['label', 'prompt', 'messages', 'system'].includes(key))
        issues.push({
          code: 'unknown_field',
          path: `${path}.${key}`,
          message: `unknown key${didYouMean(key, ['prompt', 'messages', 'system'])}; expected label, prompt, messages, system`,
        });
    if (typeof p.prompt !== 'string' && !Array.isArray(p.messages))
      issues.push({ code: 'missing_field', path, message: 'needs prompt (a template) or messages (a list)' });
  });
  checkMatrixOptions(raw.matrix, where, issues);
}

function checkMatrixOptions(matrix: unknown, where: string, issues: Issue[]): void {
  if (matrix === undefined) return;
  const path = `${where}: matrix`;
  if (!isRecord(matrix)) {
    issues.push({ code: 'invalid_type', path, message: 'must be an object (baseline, pairs, correction, gates…)' });
    return;
  }
  for (const key of Object.keys(matrix))
    if (!MATRIX_KEYS.includes(key))
      issues.push({
        code: 'unknown_field',
        path: `${path}.${key}`,
        message: `unknown key${didYouMean(key, MATRIX_KEYS)}; expected one of ${MATRIX_KEYS.join(', ')}`,
      });
  if (matrix.pairs !== undefined && matrix.pairs !== 'baseline' && matrix.pairs !== 'all')
    issues.push({ code: 'invalid_value', path: `${path}.pairs`, message: 'must be baseline or all' });
  if (matrix.correction !== undefined && !['holm', 'bh', 'by', 'none'].includes(String(matrix.correction)))
    issues.push({ code: 'invalid_value', path: `${path}.correction`, message: 'must be holm, bh, by or none' });
  if (matrix.allowSelfGrading !== undefined && typeof matrix.allowSelfGrading !== 'boolean')
    issues.push({ code: 'invalid_type', path: `${path}.allowSelfGrading`, message: 'must be true or false' });
  if (matrix.gates !== undefined && !Array.isArray(matrix.gates))
    issues.push({ code: 'invalid_type', path: `${path}.gates`, message: 'must be a list of matrix gate rules' });
}

/**
 * The cells of a matrix eval: every target × every prompt, in file order (targets outer).
 * `only` keeps the cells whose label, target label or prompt label is listed; an unknown
 * label is an error naming the known ones.
 *
 * @example
 * expandMatrix(def, ['gpt-4o']).map((c) => c.label) // ['gpt-4o/short', 'gpt-4o/detailed']
 */
export function expandMatrix(def: EvalDefinition, only: readonly string[] = []): MatrixCell[] {
  const targets: (TargetVariant | undefined)[] = def.targets ? [...def.targets] : [undefined];
  const prompts: (PromptVariant | undefined)[] = def.prompts ? [...def.prompts] : [undefined];
  const cells: MatrixCell[] = [];
  for (const t of targets) {
    for (const p of prompts) {
      const label = [t?.label, p?.label].filter((x) => x !== undefined).join('/');
      cells.push({
        label,
        index: cells.length,
        target: t?.label ?? null,
        prompt: p?.label ?? null,
        definition: cellDefinition(def, t, p),
      });
    }
  }
  if (only.length === 0) return cells;
  const known = [...new Set(cells.flatMap((c) => [c.label, c.target, c.prompt]).filter((x): x is string => !!x))];
  const unknown = only.filter((o) => !known.includes(o));
  if (unknown.length > 0)
    throw new AssayError('UNKNOWN_CELL', `--only ${unknown[0]}: no cell, target or prompt has that label.`, {
      hint: `Labels${didYouMean(unknown[0]!, known)}: ${known.join(', ')}.`,
    });
  return cells.filter((c) => only.includes(c.label) || only.includes(c.target ?? '') || only.includes(c.prompt ?? ''));
}

function cellDefinition(
  def: EvalDefinition,
  t: TargetVariant | undefined,
  p: PromptVariant | undefined,
): EvalDefinition {
  const { targets: _targets, prompts: _prompts, ...rest } = def;
  let target: EvalDefinition['target'] = def.target;
  if (t) {
    const { label: _label, target: code, ...spec } = t as TargetVariant & { target?: EvalDefinition['target'] };
    target = code ?? (spec as TargetSpec);
  }
  if (p) {
    const { label: _label, ...prompt } = p;
    // A prompt replaces the target's own prompt, messages and system message.
    const { prompt: _p, messages: _m, system: _s, ...base } = target as TargetSpec;
    target = { ...base, ...prompt } as TargetSpec;
  }
  return { ...rest, target };
}

/** The model a target spec calls, for the self-grading check (lower-cased), if it names one. */
export function targetModel(def: EvalDefinition): string | undefined {
  const t = def.target as Partial<TargetSpec> | undefined;
  return typeof t?.model === 'string' ? t.model.toLowerCase() : undefined;
}

/** The judge graders of a definition, as specs (judges are `judge.*` types). */
export function judgeSpecs(def: EvalDefinition): GraderSpec[] {
  return def.graders.filter(
    (g): g is GraderSpec => typeof (g as GraderSpec).type === 'string' && (g as GraderSpec).type.startsWith('judge.'),
  );
}
