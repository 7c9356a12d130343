import { AssayError } from '../../core/errors.js';
import { contentText } from '../../core/content-parts.js';
import type { Case, ChatMessage } from '../../core/types.js';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const ROOTS = ['input', 'expected', 'metadata', 'id', 'slice', 'env'] as const;

/**
 * The placeholders of a template that are not one of `{{input}}`, `{{input.x}}`, `{{expected}}`,
 * `{{metadata.x}}`, `{{id}}`, `{{slice}}` (and `{{env.X}}` where `allowEnv`). Empty when valid.
 *
 * @example
 * templateProblems('Answer: {{inptu}}') // ["unknown placeholder {{inptu}}: use {{input}}, ..."]
 */
export function templateProblems(template: string, options: { allowEnv?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const path = match[1];
    const root = path.split('.')[0];
    const allowed = ROOTS.filter((r) => r !== 'env' || options.allowEnv);
    if (
      !(allowed as readonly string[]).includes(root) ||
      path.endsWith('.') ||
      (root === 'metadata' && !path.includes('.')) ||
      (root === 'env' && !path.includes('.'))
    ) {
      problems.push(
        `unknown placeholder {{${path}}}: use ${allowed.map((r) => (r === 'metadata' || r === 'env' ? `{{${r}.NAME}}` : `{{${r}}}`)).join(', ')}`,
      );
    }
  }
  return problems;
}

/** True when the template mentions `{{input}}` or `{{input.x}}`. */
export function usesInput(template: string): boolean {
  for (const match of template.matchAll(PLACEHOLDER)) if (match[1].split('.')[0] === 'input') return true;
  return false;
}

/**
 * Fills `{{…}}` placeholders from a case. Text stays as is, chat messages become a
 * `role: content` transcript, other values become JSON. A missing value is an error naming
 * the placeholder and the case, never a silent empty string.
 *
 * @example
 * renderTemplate('Q: {{input}} ({{metadata.lang}})', testCase) // "Q: Where is my order? (en)"
 */
export function renderTemplate(template: string, testCase: Case, env: NodeJS.ProcessEnv = {}): string {
  const parts = compiled(template);
  let text = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) text += formatValue(lookup(parts[i], testCase, env)) + parts[i + 1];
  return text;
}

/** Templates split once into text and placeholder paths: a run renders one template per trial. */
const templates = new Map<string, readonly string[]>();

/** `[text, path, text, path, …, text]`: what `template.replace(PLACEHOLDER, …)` would fill in. */
function compiled(template: string): readonly string[] {
  let parts = templates.get(template);
  if (parts === undefined) {
    const split: string[] = [];
    let last = 0;
    for (const match of template.matchAll(PLACEHOLDER)) {
      split.push(template.slice(last, match.index), match[1]);
      last = match.index + match[0].length;
    }
    split.push(template.slice(last));
    parts = split;
    if (templates.size >= 100) templates.clear();
    templates.set(template, parts);
  }
  return parts;
}

/** The raw value behind one placeholder path; used when a whole JSON field is `{{input}}`. */
export function lookup(path: string, testCase: Case, env: NodeJS.ProcessEnv = {}): unknown {
  const [root, ...rest] = path.split('.');
  let value: unknown;
  if (root === 'env') value = env[rest.join('.')];
  else {
    value = caseField(testCase, root);
    for (const key of rest)
      value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  if (value === undefined) {
    throw new AssayError(
      'TEMPLATE_MISSING_VALUE',
      `Case '${testCase.id}' has no value for {{${path}}} in the prompt template.`,
      {
        hint:
          root === 'env'
            ? `Set the environment variable ${rest.join('.')}.`
            : `Add ${path} to the case, or remove {{${path}}} from the template.`,
      },
    );
  }
  return value;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isChat(value)) return value.map((m) => `${m.role}: ${contentText(m.content)}`).join('\n');
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/** A case input that is a list of `{ role, content }` messages. */
export function isChat(value: unknown): value is readonly ChatMessage[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (m) =>
        m !== null &&
        typeof m === 'object' &&
        typeof m.role === 'string' &&
        (typeof m.content === 'string' || Array.isArray(m.content)),
    )
  );
}

/** The case field a placeholder path starts with (a switch: this runs for every placeholder of every trial). */
function caseField(testCase: Case, root: string): unknown {
  switch (root) {
    case 'input':
      return testCase.input;
    case 'expected':
      return testCase.expected;
    case 'metadata':
      return testCase.metadata;
    case 'id':
      return testCase.id;
    case 'slice':
      return testCase.slice;
    default:
      return undefined;
  }
}
