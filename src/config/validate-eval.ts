import { didYouMean } from '../core/did-you-mean.js';
import { AssayError, type Issue } from '../core/errors.js';
import { formatCount } from '../core/format-count.js';
import { checkOnlineSpec } from '../core/online-spec.js';
import { checkMatrixKeys } from './matrix.js';
import { EVAL_KEYS, EVAL_LIMITS, type EvalDefinition } from './eval-definition.js';

const KNOWN_KEYS: ReadonlySet<string> = new Set(EVAL_KEYS.map((k) => k.key));

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveInt(
  raw: Record<string, unknown>,
  key: 'repeats' | 'concurrency' | 'timeoutMs' | 'graderTimeoutMs',
  where: string,
  issues: Issue[],
): void {
  const v = raw[key];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    issues.push({
      code: 'invalid_value',
      path: `${where}: ${key}`,
      message: `must be a positive whole number, got ${JSON.stringify(v)}`,
    });
  } else if (v > EVAL_LIMITS[key]) {
    const max = formatCount(EVAL_LIMITS[key]);
    const message = `must be at most ${max}, got ${formatCount(v)}`;
    issues.push({ code: 'invalid_value', path: `${where}: ${key}`, message });
  }
}

/** Checks the shape of an eval definition and reports every problem at once. */
export function validateEvalDefinition(raw: unknown, where: string): EvalDefinition {
  if (!isRecord(raw)) {
    throw new AssayError('EVAL_INVALID', `${where} must define an object with name, dataset, target and graders.`, {
      hint: 'See the tutorial in README.md for a minimal eval file.',
    });
  }
  const issues: Issue[] = [];
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) {
      issues.push({
        code: 'unknown_field',
        path: `${where}: ${key}`,
        message: `unknown key${didYouMean(key, [...KNOWN_KEYS])}; expected one of ${[...KNOWN_KEYS].join(', ')}`,
      });
    }
  }
  if (typeof raw.name !== 'string' || raw.name.trim() === '') {
    issues.push({
      code: 'missing_field',
      path: `${where}: name`,
      message: 'is required (a short name for the eval, e.g. "support-bot")',
    });
  }
  const online = raw.online !== undefined;
  if (online) checkOnlineSpec(raw.online, where);
  if (!online && typeof raw.dataset !== 'string' && !Array.isArray(raw.dataset)) {
    issues.push({
      code: 'missing_field',
      path: `${where}: dataset`,
      message: 'is required: a path to a JSONL/CSV/YAML/JSON file, or a list of cases',
    });
  }
  const target = raw.target;
  if (
    !online &&
    raw.targets === undefined &&
    !(
      typeof target === 'function' ||
      (isRecord(target) && (typeof target.type === 'string' || typeof target.call === 'function'))
    )
  ) {
    issues.push({
      code: 'missing_field',
      path: `${where}: target`,
      message: 'is required: a function, or { type: function|command|openai|anthropic|ollama|http|replay|mock, … }',
    });
  }
  if (!Array.isArray(raw.graders) || raw.graders.length === 0) {
    issues.push({
      code: 'missing_field',
      path: `${where}: graders`,
      message: 'is required: a non-empty list such as [{ type: exact }]',
    });
  } else {
    raw.graders.forEach((g, i) => {
      if (!isRecord(g) || (typeof g.type !== 'string' && typeof g.grade !== 'function')) {
        issues.push({
          code: 'invalid_type',
          path: `${where}: graders[${i}]`,
          message: 'must be { type: …, name?: …, … } or a Grader object',
        });
      }
    });
  }
  checkMatrixKeys(raw, where, issues);
  positiveInt(raw, 'repeats', where, issues);
  positiveInt(raw, 'concurrency', where, issues);
  positiveInt(raw, 'timeoutMs', where, issues);
  positiveInt(raw, 'graderTimeoutMs', where, issues);
  if (raw.gates !== undefined && !Array.isArray(raw.gates)) {
    issues.push({ code: 'invalid_value', path: `${where}: gates`, message: 'must be a list of gate rules' });
  }
  if (issues.length > 0) {
    throw new AssayError('EVAL_INVALID', `${where} has ${issues.length} problem${issues.length > 1 ? 's' : ''}:`, {
      issues,
      hint: 'Fix each field listed above; README.md shows a complete eval file.',
    });
  }
  return raw as unknown as EvalDefinition;
}
