import { AssayError, type Issue } from '../../core/errors.js';
import type { GateCondition, GateKind, GateRule, GateSegment } from './types.js';
import { parsePassAtKMetric } from '../pass-at-k.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { GATE_CONDITIONS, GATE_RULE_KEYS, type GateValueKind } from './gate-schema.js';

const CONDITION_KEYS: readonly GateKind[] = GATE_CONDITIONS.map((c) => c.key);
const NEEDS_GRADER: ReadonlySet<GateKind> = new Set(GATE_CONDITIONS.filter((c) => c.needsGrader).map((c) => c.key));
/** Conditions a `metric: pass@k` rule can carry. */
const METRIC_CONDITIONS: ReadonlySet<GateKind> = new Set(
  GATE_CONDITIONS.filter((c) => c.metrics.includes('pass@k')).map((c) => c.key),
);
/** Conditions of the attack success rate (`metric: asr`): lower is better. */
const ASR_CONDITIONS: ReadonlySet<GateKind> = new Set(
  GATE_CONDITIONS.filter((c) => c.metrics.includes('asr')).map((c) => c.key),
);
const NEEDS_METRIC: ReadonlySet<GateKind> = new Set(GATE_CONDITIONS.filter((c) => c.needsMetric).map((c) => c.key));
const VALUE_KIND: ReadonlyMap<GateKind, GateValueKind> = new Map(GATE_CONDITIONS.map((c) => [c.key, c.value]));
const RULE_KEYS: readonly string[] = [...GATE_RULE_KEYS.map((k) => k.key), ...CONDITION_KEYS];
const DEFAULT_ALPHA = 0.05;

/**
 * Validates an eval's `gates:` list. Every problem in every rule is collected and thrown
 * together as one `GATES_INVALID` error whose issues name the rule's path.
 *
 * @example
 * parseGates([
 *   { grader: 'correct', minPassRate: 0.9 },
 *   { grader: 'correct', segment: { field: 'language', value: 'de' }, noRegression: { alpha: 0.05 } },
 *   { grader: 'correct', nonInferiority: { margin: 0.02, alpha: 0.05 } },
 *   { maxLatencyP95Ms: 2000 },
 *   { grader: 'tests', metric: 'pass@1', minValueLower: 0.6 },
 *   { grader: 'no-leak', metric: 'asr', maxUpper: 0.05 },
 * ], 'evals/support.eval.yaml');
 */
export function parseGates(raw: unknown, where: string): GateRule[] {
  const { rules, issues } = safeParseGates(raw, where);
  if (issues.length > 0) {
    throw new AssayError(
      'GATES_INVALID',
      `${where}: ${issues.length} problem${issues.length === 1 ? '' : 's'} in gates.`,
      {
        issues,
        hint:
          'Each gate names a grader and one condition, e.g. `- { grader: correct, minPassRate: 0.9 }`. Conditions: ' +
          CONDITION_KEYS.join(', ') +
          '.',
      },
    );
  }
  return rules;
}

/** Like `parseGates`, but returns the problems as data instead of throwing. */
export function safeParseGates(raw: unknown, where: string): { rules: GateRule[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const rules: GateRule[] = [];
  if (raw === undefined || raw === null) return { rules, issues };
  if (!Array.isArray(raw)) {
    issues.push({
      code: 'invalid_type',
      path: `${where}: gates`,
      message: `must be a list of rules, got ${describe(raw)}`,
    });
    return { rules, issues };
  }
  raw.forEach((item, i) => {
    const rule = parseRule(item, `${where}: gates[${i}]`, issues);
    if (rule) rules.push(rule);
  });
  return { rules, issues };
}

function parseRule(item: unknown, path: string, issues: Issue[]): GateRule | undefined {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    issues.push({
      code: 'invalid_type',
      path,
      message: `must be an object like { grader: correct, minPassRate: 0.9 }, got ${describe(item)}`,
    });
    return undefined;
  }
  const obj = item as Record<string, unknown>;
  const before = issues.length;
  const present = CONDITION_KEYS.filter((k) => obj[k] !== undefined);
  for (const key of Object.keys(obj)) {
    if (!RULE_KEYS.includes(key)) {
      const guess = didYouMean(key, RULE_KEYS);
      issues.push({
        code: 'unknown_field',
        path: `${path}.${key}`,
        message: `unknown key${guess}${guess ? ' Expected' : '; expected'} grader, segment, metric, or one of ${CONDITION_KEYS.join(', ')}`,
      });
    }
  }
  if (present.length !== 1) {
    issues.push({
      code: 'invalid_value',
      path,
      message:
        present.length === 0
          ? `needs one condition (${CONDITION_KEYS.join(', ')})`
          : `has ${present.length} conditions (${present.join(', ')}); write one rule per condition`,
    });
  }
  let grader: string | undefined;
  if (obj.grader !== undefined) {
    if (typeof obj.grader !== 'string' || obj.grader.trim() === '')
      issues.push({
        code: 'invalid_value',
        path: `${path}.grader`,
        message: `must be a grader name, got ${describe(obj.grader)}`,
      });
    else grader = obj.grader;
  }
  const segment = obj.segment === undefined ? undefined : parseSegment(obj.segment, `${path}.segment`, issues);
  const kind = present[0];
  const condition =
    kind === undefined || present.length !== 1 ? undefined : parseCondition(kind, obj[kind], `${path}.${kind}`, issues);
  if (kind !== undefined && NEEDS_GRADER.has(kind) && obj.grader === undefined) {
    issues.push({
      code: 'missing_field',
      path: `${path}.grader`,
      message: `${kind} needs the grader it applies to, e.g. grader: correct`,
    });
  }
  const metric = parseMetric(obj.metric, kind, path, issues);
  if (issues.length > before || !condition) return undefined;
  return {
    ...(grader !== undefined && { grader }),
    ...(segment && { segment }),
    ...(metric !== undefined && { metric }),
    condition,
    where: path,
    label: gateLabel(grader, segment, condition, metric),
  };
}

function parseMetric(raw: unknown, kind: GateKind | undefined, path: string, issues: Issue[]): string | undefined {
  if (raw === undefined) {
    if (kind !== undefined && NEEDS_METRIC.has(kind)) {
      issues.push({
        code: 'missing_field',
        path: `${path}.metric`,
        message: `${kind} needs the metric it applies to, e.g. metric: pass@1`,
      });
    }
    return undefined;
  }
  if (raw === 'asr') {
    if (kind !== undefined && !ASR_CONDITIONS.has(kind)) {
      issues.push({
        code: 'invalid_value',
        path: `${path}.metric`,
        message: `asr takes maxValue or maxUpper, not ${kind}`,
      });
      return undefined;
    }
    return raw;
  }
  if (typeof raw !== 'string' || parsePassAtKMetric(raw) === undefined) {
    issues.push({
      code: 'invalid_value',
      path: `${path}.metric`,
      message: `must be pass@k (e.g. pass@1) or asr, got ${describe(raw)}`,
    });
    return undefined;
  }
  if (kind !== undefined && !METRIC_CONDITIONS.has(kind)) {
    issues.push({
      code: 'invalid_value',
      path: `${path}.metric`,
      message: `applies to minValue, minValueLower and noRegression, not ${kind}`,
    });
    return undefined;
  }
  return raw;
}

function parseSegment(raw: unknown, path: string, issues: Issue[]): GateSegment | undefined {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const s = raw as Record<string, unknown>;
    if (s.slice !== undefined && s.field === undefined) {
      if (typeof s.slice === 'string' && s.slice !== '') return { field: 'slice', value: s.slice };
    } else if (
      typeof s.field === 'string' &&
      s.field !== '' &&
      ['string', 'number', 'boolean'].includes(typeof s.value)
    ) {
      return { field: s.field, value: String(s.value) };
    }
  }
  issues.push({
    code: 'invalid_value',
    path,
    message: `must be { field: <metadata field>, value: <value> } or { slice: <slice> }, got ${describe(raw)}`,
  });
  return undefined;
}

function parseCondition(kind: GateKind, raw: unknown, path: string, issues: Issue[]): GateCondition | undefined {
  switch (VALUE_KIND.get(kind)) {
    case 'share': {
      const x = number(raw, path, issues, 0, 1, 'a share between 0 and 1 (e.g. 0.9 for 90%)');
      return x === undefined ? undefined : ({ kind, threshold: x } as GateCondition);
    }
    case 'amount': {
      const x = number(raw, path, issues, 0, Number.POSITIVE_INFINITY, 'a number ≥ 0');
      return x === undefined ? undefined : ({ kind, threshold: x } as GateCondition);
    }
    case 'no-regression': {
      if (raw === true) return { kind: 'noRegression', alpha: DEFAULT_ALPHA };
      const opts = options(raw, path, issues, ['alpha'], '{ alpha: 0.05 }');
      if (!opts) return undefined;
      const alpha = opts.alpha === undefined ? DEFAULT_ALPHA : alphaOf(opts.alpha, `${path}.alpha`, issues);
      return alpha === undefined ? undefined : { kind: 'noRegression', alpha };
    }
    case 'non-inferiority': {
      const opts = options(raw, path, issues, ['margin', 'alpha'], '{ margin: 0.02, alpha: 0.05 }');
      if (!opts) return undefined;
      if (opts.margin === undefined) {
        issues.push({
          code: 'missing_field',
          path: `${path}.margin`,
          message: 'is required: how many absolute points worse the candidate may be (e.g. 0.02 for 2 points)',
        });
        return undefined;
      }
      const margin = number(
        opts.margin,
        `${path}.margin`,
        issues,
        0,
        1,
        'an absolute difference between 0 and 1 (e.g. 0.02 for 2 points)',
      );
      const alpha = opts.alpha === undefined ? DEFAULT_ALPHA : alphaOf(opts.alpha, `${path}.alpha`, issues);
      return margin === undefined || alpha === undefined ? undefined : { kind: 'nonInferiority', margin, alpha };
    }
    default:
      return undefined;
  }
}

function options(
  raw: unknown,
  path: string,
  issues: Issue[],
  keys: readonly string[],
  example: string,
): Record<string, unknown> | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ code: 'invalid_value', path, message: `must be an object like ${example}, got ${describe(raw)}` });
    return undefined;
  }
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !keys.includes(k));
  for (const k of unknown)
    issues.push({ code: 'unknown_field', path: `${path}.${k}`, message: `unknown key; expected ${keys.join(', ')}` });
  return unknown.length > 0 ? undefined : obj;
}

function alphaOf(raw: unknown, path: string, issues: Issue[]): number | undefined {
  const x = number(raw, path, issues, 0, 1, 'a significance level strictly between 0 and 1 (e.g. 0.05)');
  if (x === undefined) return undefined;
  if (x === 0 || x === 1) {
    issues.push({ code: 'invalid_value', path, message: `must be strictly between 0 and 1, got ${x}` });
    return undefined;
  }
  return x;
}

function number(
  raw: unknown,
  path: string,
  issues: Issue[],
  min: number,
  max: number,
  expected: string,
): number | undefined {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < min || raw > max) {
    const pct = typeof raw === 'number' && max === 1 && raw > 1 && raw <= 100 ? ` (did you mean ${raw / 100}?)` : '';
    issues.push({ code: 'invalid_value', path, message: `must be ${expected}, got ${describe(raw)}${pct}` });
    return undefined;
  }
  return raw;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value) ?? String(value);
}

/** A one-line description of a rule, for reports. */
export function gateLabel(
  grader: string | undefined,
  segment: GateSegment | undefined,
  c: GateCondition,
  metric?: string,
): string {
  const subject = [grader ?? 'run', segment ? `[${segment.field}=${segment.value}]` : '', metric ?? '']
    .filter(Boolean)
    .join(' ');
  switch (c.kind) {
    case 'minValue':
      return `${subject} ≥ ${c.threshold}`;
    case 'minValueLower':
      return `${subject} lower bound ≥ ${c.threshold}`;
    case 'maxValue':
      return `${subject} ≤ ${c.threshold}`;
    case 'maxUpper':
      return `${subject} upper bound ≤ ${c.threshold}`;
    case 'minPassRate':
      return `${subject} pass rate ≥ ${c.threshold}`;
    case 'minPassRateLower':
      return `${subject} pass rate lower bound ≥ ${c.threshold}`;
    case 'noRegression':
      return `${subject} no significant regression (α=${c.alpha})`;
    case 'nonInferiority':
      return `${subject} non-inferior within ${c.margin} (α=${c.alpha})`;
    case 'maxErrorRate':
      return `${subject} error rate ≤ ${c.threshold}`;
    case 'maxLatencyP95Ms':
      return `${subject} latency p95 ≤ ${c.threshold} ms`;
    case 'maxCostUsd':
      return `${subject} cost ≤ $${c.threshold}`;
  }
}
