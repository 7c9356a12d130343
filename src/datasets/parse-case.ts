import type { Issue, IssueCode } from '../core/errors.js';
import { nestingDepth } from '../core/hash.js';
import type { Case, CaseInput, CaseMetadata, ChatMessage } from '../core/types.js';
import { generatedCaseId } from './case-id.js';
import type { RowLocation } from './dataset.js';
import { parseContent } from './parse-content.js';
import { parseSimulatedUser, parseTurns } from './parse-conversation.js';

/** The fields a case may have at its top level. */
export const CASE_FIELDS = [
  'id',
  'input',
  'expected',
  'slice',
  'metadata',
  'weight',
  'source',
  'turns',
  'simulatedUser',
] as const;

/**
 * Other names for case fields, accepted because common eval formats use them
 * (inspect `target`, OpenAI evals `ideal`, QA sets `question`/`answer`). A row may use a
 * field or one of its aliases, not both.
 */
export const CASE_FIELD_ALIASES: { readonly [alias: string]: (typeof CASE_FIELDS)[number] } = {
  prompt: 'input',
  question: 'input',
  answer: 'expected',
  target: 'expected',
  ideal: 'expected',
  expected_output: 'expected',
  expectedOutput: 'expected',
  meta: 'metadata',
};

/** Each accepted top-level key (a field or an alias) to its field; a Map, so `constructor` or `__proto__` is no field. */
const FIELD_OF_KEY: ReadonlyMap<string, string> = new Map([
  ...CASE_FIELDS.map((field) => [field, field] as const),
  ...Object.entries(CASE_FIELD_ALIASES),
]);

/** A case under construction, before it is handed out. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const DEFAULT_SLICE = 'typical';

/** Deepest nesting an input or expected value may have (far below what hashing could survive). */
export const MAX_CASE_DEPTH = 200;

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** The fields whose nesting is bounded by `MAX_CASE_DEPTH`. */
const NESTED_FIELDS = ['input', 'expected'] as const;

export type ParseCaseResult =
  | { readonly case: Case; readonly issues?: undefined }
  | { readonly case?: undefined; readonly issues: readonly Issue[] };

/**
 * Validates one raw row (parsed JSON, YAML or CSV) and fills in the defaults: a generated
 * `id`, slice `typical`, weight 1, empty metadata. Never throws: every problem in the row is
 * returned as an `Issue` whose path is `where` and whose message starts with the field name.
 *
 * @example
 * const r = parseCase({ input: 'Hi', weight: 0 }, 'qa.jsonl:3');
 * // r.issues → [{ code: 'invalid_value', path: 'qa.jsonl:3', message: 'weight: must be a finite number > 0, got 0' }]
 */
export function parseCase(raw: unknown, where: RowLocation): ParseCaseResult {
  const issues: Issue[] = [];
  const problem = (code: IssueCode, field: string, message: string) =>
    issues.push({ code, path: where, message: `${field}: ${message}` });

  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problem('invalid_type', 'row', `must be an object like {"input": "…"}, got ${describe(raw)}`);
    return { issues };
  }

  const fields: Record<string, unknown> = {};
  const seenAs: Record<string, string> = {};
  const row = raw as Record<string, unknown>;
  // Indexed loops (here and below): a dataset's rows are checked before V8 has optimised this
  // code, and unoptimised, `for … of` runs the iterator protocol on every step.
  const keys = Object.keys(row);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const field = FIELD_OF_KEY.get(key);
    if (field === undefined) {
      problem(
        'unknown_field',
        key,
        `unknown field; move it under "metadata" (e.g. {"metadata": {"${key}": …}}) or use one of: ${CASE_FIELDS.join(', ')}`,
      );
      continue;
    }
    if (field in seenAs) {
      problem('duplicate', key, `same field as "${seenAs[field]}"; keep only one of them`);
      continue;
    }
    seenAs[field] = key;
    fields[field] = row[key];
  }

  const turns = parseTurns(fields.turns, problem);
  const simulatedUser = parseSimulatedUser(fields.simulatedUser, problem);
  if (fields.turns !== undefined && fields.simulatedUser !== undefined)
    problem('conflict', 'turns', 'a case has either scripted turns or a simulatedUser, not both');
  const conversation = fields.turns !== undefined || fields.simulatedUser !== undefined;
  // A conversation's input is optional: the messages before its first turn (a system prompt…).
  const input = conversation && fields.input === undefined ? [] : parseInput(fields.input, problem, conversation);
  const id = parseId(fields.id, problem);
  const slice = parseSlice(fields.slice, problem);
  const weight = parseWeight(fields.weight, problem);
  const metadata = parseMetadata(fields.metadata, problem);
  const source = fields.source;
  if (source !== undefined && typeof source !== 'string')
    problem('invalid_type', 'source', `must be a string, got ${describe(source)}`);

  for (let f = 0; f < NESTED_FIELDS.length; f++) {
    const field = NESTED_FIELDS[f]!;
    if (nestingDepth(fields[field], MAX_CASE_DEPTH) > MAX_CASE_DEPTH) {
      problem('invalid_value', field, `nests deeper than ${MAX_CASE_DEPTH} levels; flatten it`);
    }
  }
  if (issues.length > 0 || input === undefined) return { issues };
  const expected = fields.expected;
  const caseId = id ?? generatedCaseId(turns || simulatedUser ? { input, turns, simulatedUser } : input, expected);
  // The optional fields are added one by one rather than spread in: the same field order, less work a row.
  const testCase: Mutable<Case> =
    expected === undefined
      ? { id: caseId, input, slice, metadata, weight }
      : { id: caseId, input, expected, slice, metadata, weight };
  if (typeof source === 'string') testCase.source = source;
  if (turns) testCase.turns = turns;
  if (simulatedUser) testCase.simulatedUser = simulatedUser;
  return { case: testCase };
}

type Problem = (code: IssueCode, field: string, message: string) => void;

function parseInput(value: unknown, problem: Problem, conversation = false): CaseInput | undefined {
  if (value === undefined) {
    problem(
      'missing_field',
      'input',
      'is required (a string, chat messages [{"role": "user", "content": "…"}], or an object)',
    );
    return undefined;
  }
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    if (value.length === 0 && !conversation) {
      problem('invalid_value', 'input', 'an empty list; chat messages need at least one {"role", "content"}');
      return undefined;
    }
    let ok = true;
    value.forEach((message: unknown, i) => {
      const m = message as Partial<ChatMessage> | null;
      if (m === null || typeof m !== 'object' || Array.isArray(m)) {
        problem('invalid_type', `input[${i}]`, `a chat message must be {"role", "content"}, got ${describe(message)}`);
        ok = false;
      } else if (typeof m.role !== 'string' || !CHAT_ROLES.has(m.role)) {
        problem(
          'invalid_value',
          `input[${i}].role`,
          `must be one of ${[...CHAT_ROLES].join(', ')}, got ${describe(m.role)}`,
        );
        ok = false;
      } else if (parseContent(m.content, `input[${i}].content`, problem) === undefined) {
        ok = false;
      }
    });
    return ok ? (value as ChatMessage[]) : undefined;
  }
  if (value !== null && typeof value === 'object') return value as { [key: string]: unknown };
  problem('invalid_type', 'input', `must be a string, chat messages or an object, got ${describe(value)}`);
  return undefined;
}

function parseId(value: unknown, problem: Problem): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value;
  problem(
    'invalid_type',
    'id',
    `must be a non-empty string or a number, got ${describe(value)}; leave it out to generate one`,
  );
  return undefined;
}

function parseSlice(value: unknown, problem: Problem): string {
  if (value === undefined || value === null) return DEFAULT_SLICE;
  if (typeof value === 'string' && value.trim() !== '') return value;
  problem(
    'invalid_type',
    'slice',
    `must be a non-empty string (typical, edge, adversarial, regression…), got ${describe(value)}`,
  );
  return DEFAULT_SLICE;
}

function parseWeight(value: unknown, problem: Problem): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  problem('invalid_value', 'weight', `must be a finite number > 0, got ${describe(value)}`);
  return 1;
}

function parseMetadata(value: unknown, problem: Problem): CaseMetadata {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problem(
      'invalid_type',
      'metadata',
      `must be an object of segment fields like {"language": "en"}, got ${describe(value)}`,
    );
    return {};
  }
  const keys = Object.keys(value);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === 'object') {
      problem(
        'invalid_type',
        `metadata.${key}`,
        `must be a string, number, boolean or null, got ${describe(v)}; flatten it (e.g. "${key}_field": …)`,
      );
    } else if (typeof v === 'number' && !Number.isFinite(v)) {
      problem('invalid_value', `metadata.${key}`, `must be a finite number, got ${v}`);
    }
  }
  return value as CaseMetadata;
}

/** A short description of a value for an error message: `"abc"`, `-1`, `an array`, `null`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return 'an object';
  if (typeof value === 'number') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…"` : text;
}
