import type { IssueCode } from '../core/errors.js';
import type { ConversationTurn, SimulatedUser } from '../core/types.js';
import { parseContent } from './parse-content.js';

type Problem = (code: IssueCode, field: string, message: string) => void;

const TURN_FIELDS = ['user', 'expected', 'graders'];
const SIMULATED_USER_FIELDS = ['persona', 'goal', 'maxTurns', 'model', 'stopPhrases', 'opening'];
export const DEFAULT_MAX_TURNS = 5;
const MAX_TURNS = 100;

/** Checks a case's `turns`: a non-empty list of `{ user, expected?, graders? }`. */
export function parseTurns(value: unknown, problem: Problem): ConversationTurn[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    problem(
      'invalid_type',
      'turns',
      'must be a non-empty list like [{"user": "Hi"}, {"user": "And then?", "expected": "…"}]',
    );
    return undefined;
  }
  let ok = true;
  const turns = value.map((raw: unknown, i): ConversationTurn | undefined => {
    const where = `turns[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problem('invalid_type', where, 'a turn must be an object like {"user": "…"}');
      ok = false;
      return undefined;
    }
    const t = raw as Record<string, unknown>;
    for (const key of Object.keys(t)) {
      if (!TURN_FIELDS.includes(key)) {
        problem('unknown_field', `${where}.${key}`, `unknown field; a turn has ${TURN_FIELDS.join(', ')}`);
        ok = false;
      }
    }
    if (t.user === undefined) {
      problem('missing_field', `${where}.user`, 'is required: what the user says in this turn');
      ok = false;
      return undefined;
    }
    const user = parseContent(t.user, `${where}.user`, problem);
    if (user === undefined) ok = false;
    const graders = t.graders;
    if (graders !== undefined) {
      const good =
        Array.isArray(graders) &&
        graders.every((g) => g !== null && typeof g === 'object' && typeof (g as { type?: unknown }).type === 'string');
      if (!good) {
        problem(
          'invalid_type',
          `${where}.graders`,
          'must be a list of graders like [{"type": "includes", "value": "…"}]',
        );
        ok = false;
      }
    }
    return {
      user: user ?? '',
      ...(t.expected !== undefined && { expected: t.expected }),
      ...(graders !== undefined && { graders: graders as ConversationTurn['graders'] }),
    };
  });
  return ok ? (turns as ConversationTurn[]) : undefined;
}

/** Checks a case's `simulatedUser`: `{ persona, goal, maxTurns?, model?, stopPhrases?, opening? }`. */
export function parseSimulatedUser(value: unknown, problem: Problem): SimulatedUser | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problem('invalid_type', 'simulatedUser', 'must be an object like {"persona": "…", "goal": "…", "maxTurns": 5}');
    return undefined;
  }
  const s = value as Record<string, unknown>;
  let ok = true;
  const bad = (code: IssueCode, field: string, message: string) => {
    problem(code, `simulatedUser.${field}`, message);
    ok = false;
  };
  for (const key of Object.keys(s)) {
    if (!SIMULATED_USER_FIELDS.includes(key))
      bad('unknown_field', key, `unknown field; use ${SIMULATED_USER_FIELDS.join(', ')}`);
  }
  for (const key of ['persona', 'goal'] as const) {
    if (typeof s[key] !== 'string' || (s[key] as string).trim() === '') bad('missing_field', key, 'is required (text)');
  }
  const maxTurns = s.maxTurns ?? DEFAULT_MAX_TURNS;
  if (typeof maxTurns !== 'number' || !Number.isInteger(maxTurns) || maxTurns < 1 || maxTurns > MAX_TURNS)
    bad('invalid_value', 'maxTurns', `must be a whole number from 1 to ${MAX_TURNS}, got ${JSON.stringify(maxTurns)}`);
  const model = s.model;
  if (
    model !== undefined &&
    (model === null || typeof model !== 'object' || typeof (model as { provider?: unknown }).provider !== 'string')
  )
    bad('invalid_type', 'model', 'must be a chat model like {"provider": "openai", "model": "gpt-4o-mini"}');
  const stops = s.stopPhrases;
  if (stops !== undefined && !(Array.isArray(stops) && stops.every((x) => typeof x === 'string' && x !== '')))
    bad('invalid_type', 'stopPhrases', 'must be a list of non-empty strings');
  if (s.opening !== undefined && typeof s.opening !== 'string') bad('invalid_type', 'opening', 'must be a string');
  if (!ok) return undefined;
  return {
    persona: s.persona as string,
    goal: s.goal as string,
    maxTurns: maxTurns as number,
    ...(model !== undefined && { model: model as SimulatedUser['model'] }),
    ...(stops !== undefined && { stopPhrases: stops as string[] }),
    ...(s.opening !== undefined && { opening: s.opening as string }),
  };
}
