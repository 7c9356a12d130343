import type { Case } from '../core/types.js';

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;
const ONLY_PLACEHOLDER = /^\{\{\s*([\w.-]+)\s*\}\}$/;

/** True when `text` contains a `{{…}}` placeholder. */
export function hasTemplate(text: string): boolean {
  return /\{\{\s*[\w.-]+\s*\}\}/.test(text);
}

/**
 * Fills `{{expected}}`, `{{input}}`, `{{id}}`, `{{slice}}`, `{{metadata.x}}` (and paths into
 * them, like `{{expected.city}}`) from a case. Strings go in as they are, other values as JSON.
 * Throws when the case has no such value, so the score becomes an error with that reason.
 *
 * @example
 * renderTemplate('Answer in {{metadata.language}}', testCase); // 'Answer in fr'
 */
export function renderTemplate(template: string, testCase: Case): string {
  return template.replace(PLACEHOLDER, (_m, path: string) => {
    const value = lookup(path, testCase);
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * The value a grader compares against: its configured `value` (templates filled in), or the
 * case's `expected` when none is configured. A template that is a single placeholder keeps
 * the value's type (`'{{expected}}'` can be an object).
 *
 * @example
 * resolveValue(undefined, testCase, 'exact'); // testCase.expected, or throws if it has none
 */
export function resolveValue(configured: unknown, testCase: Case, graderName: string): unknown {
  if (configured === undefined) {
    if (testCase.expected === undefined) {
      throw new Error(
        `case '${testCase.id}' has no "expected" value; add one to the case, or set "value" on grader '${graderName}'`,
      );
    }
    return testCase.expected;
  }
  if (typeof configured === 'string') {
    const whole = ONLY_PLACEHOLDER.exec(configured);
    return whole ? lookup(whole[1], testCase) : renderTemplate(configured, testCase);
  }
  if (Array.isArray(configured)) return configured.map((item: unknown) => resolveValue(item, testCase, graderName));
  return configured;
}

function lookup(path: string, testCase: Case): unknown {
  const [root, ...rest] = path.split('.');
  let value: unknown;
  switch (root) {
    case 'expected':
    case 'input':
    case 'id':
    case 'slice':
    case 'weight':
    case 'source':
    case 'metadata':
      value = testCase[root];
      break;
    default:
      throw new Error(
        `unknown template variable {{${path}}}; use {{expected}}, {{input}}, {{id}}, {{slice}} or {{metadata.<field>}}`,
      );
  }
  for (const key of rest) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined) {
    throw new Error(`case '${testCase.id}' has no value for {{${path}}}`);
  }
  return value;
}
