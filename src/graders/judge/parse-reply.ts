import { AssayError } from '../../core/errors.js';
import type { TargetOutput } from '../../core/types.js';

/** How a verdict was read from the reply: a tool call / JSON-mode object, JSON in text, a truncated JSON salvaged, or plain text. */
export type ReplyFormat = 'structured' | 'json' | 'recovered' | 'text';

export interface JudgeJson {
  readonly data: { readonly [key: string]: unknown };
  readonly format: ReplyFormat;
}

export interface ParsedChoice {
  readonly choice: string;
  readonly reasoning?: string;
  readonly format: ReplyFormat;
  readonly data?: { readonly [key: string]: unknown };
}

export const JUDGE_INVALID_REPLY = 'JUDGE_INVALID_REPLY';

/** The reply as text, for `meta.raw`: the text, or the tool call arguments as JSON. */
export function rawReply(reply: TargetOutput): string {
  if (reply.toolCalls && reply.toolCalls.length > 0) {
    const args = reply.toolCalls[0].arguments;
    return typeof args === 'string' ? args : JSON.stringify(args);
  }
  if (reply.text !== undefined) return reply.text;
  return reply.value === undefined ? '' : JSON.stringify(reply.value);
}

/** Reads a JSON object from a reply: a tool call, a structured value, or JSON inside the text. */
export function readJudgeJson(reply: TargetOutput): JudgeJson | undefined {
  const call = reply.toolCalls?.[0];
  if (call) {
    const args = typeof call.arguments === 'string' ? tryParseObject(call.arguments) : asObject(call.arguments);
    if (args) return { data: args, format: 'structured' };
  }
  const value = asObject(reply.value);
  if (value) return { data: value, format: 'structured' };
  const text = reply.text ?? '';
  for (const candidate of jsonCandidates(text)) {
    const parsed = tryParseObject(candidate);
    if (parsed) return { data: parsed, format: 'json' };
  }
  return undefined;
}

/**
 * Finds the judge's choice among `choices` (case-insensitive). Order: a structured/JSON object's
 * `choice` field; a truncated JSON whose `"choice": "…"` survived; an explicit `Choice: X`
 * line (the last one wins); a reply that is nothing but a choice. Anything else throws
 * `JUDGE_INVALID_REPLY`: a reply naming no valid choice is an error, never a pass or a 0.
 */
export function parseChoice(reply: TargetOutput, choices: readonly string[], field = 'choice'): ParsedChoice {
  const byKey = new Map(choices.map((c) => [normalise(c), c]));
  const json = readJudgeJson(reply);
  if (json) {
    const raw = json.data[field];
    const match = typeof raw === 'string' || typeof raw === 'number' ? byKey.get(normalise(String(raw))) : undefined;
    if (match !== undefined) {
      const reasoning = typeof json.data.reasoning === 'string' ? json.data.reasoning : undefined;
      return { choice: match, format: json.format, data: json.data, ...(reasoning !== undefined && { reasoning }) };
    }
    throw invalidReply(reply, choices, raw === undefined ? `its JSON has no "${field}" field` : `"${field}" is ${JSON.stringify(raw)}`);
  }
  const text = reply.text ?? '';
  const salvaged = new RegExp(`"${field}"\\s*:\\s*"?([^"\\n,}]+)"?\\s*[,}\\n]`, 'i').exec(text)
    ?? new RegExp(`"${field}"\\s*:\\s*"([^"\\n]+)"`, 'i').exec(text);
  if (salvaged) {
    const match = byKey.get(normalise(salvaged[1]));
    if (match !== undefined) return { choice: match, format: 'recovered', ...reasoningFrom(text) };
  }
  const lines = [...text.matchAll(/^[\s*#>-]*(?:final\s+)?(?:choice|answer|verdict|label|grade|rating|score)\s*[:=]\s*(.+?)\s*$/gim)];
  for (const line of lines.reverse()) {
    const match = byKey.get(normalise(line[1]));
    if (match !== undefined) return { choice: match, format: 'text', reasoning: text.slice(0, line.index).trim() };
  }
  const whole = byKey.get(normalise(text));
  if (whole !== undefined) return { choice: whole, format: 'text' };
  throw invalidReply(reply, choices, looksLikeRefusal(text) ? 'the judge refused' : 'no valid choice found');
}

function reasoningFrom(text: string): { reasoning?: string } {
  const m = /"reasoning"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return m ? { reasoning: m[1].replace(/\\n/g, '\n').replace(/\\"/g, '"') } : {};
}

/** Builds the error for a reply the judge got wrong, quoting the start of the reply. */
export function invalidReply(reply: TargetOutput, choices: readonly string[], why: string): AssayError {
  const raw = rawReply(reply).replace(/\s+/g, ' ').trim();
  const snippet = raw.length > 160 ? `${raw.slice(0, 160)}…` : raw;
  const expected = choices.length > 0 ? ` (expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')})` : '';
  return new AssayError(JUDGE_INVALID_REPLY, `Judge reply named no valid choice${expected}: ${why}. Reply: ${JSON.stringify(snippet)}`, {
    hint: 'Use a model that follows JSON instructions, or check the prompt with `assay explain <grader>`.',
  });
}

export function looksLikeRefusal(text: string): boolean {
  return /\b(?:I can(?:no|')t|I cannot|I won't|I am unable|I'm unable|I'm sorry|I apologi[sz]e|As an AI)\b/i.test(text);
}

function normalise(value: string): string {
  return value.trim().replace(/^["'`*[(]+|["'`*\].),;:!]+$/g, '').trim().toLowerCase();
}

function asObject(value: unknown): { readonly [key: string]: unknown } | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as { [key: string]: unknown }) : undefined;
}

function tryParseObject(text: string): { readonly [key: string]: unknown } | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch (_error) {
    // Not JSON: the caller tries the next candidate or falls back to text parsing.
    return undefined;
  }
}

/** The whole text, fenced code blocks, then balanced `{…}` spans from the last backwards. */
function* jsonCandidates(text: string): Generator<string> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) yield trimmed;
  for (const m of trimmed.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) yield m[1].trim();
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < trimmed.length; i++) {
    const ch = trimmed[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(trimmed.slice(start, i + 1));
    }
  }
  yield* spans.reverse();
}
