import { AssayError } from '../../core/errors.js';
import type { TargetOutput } from '../../core/types.js';
import { asObject, jsonSpans, tryParseObject, wholeJsonObject } from './json-spans.js';

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
  const structured = structuredObject(reply);
  if (structured) return { data: structured, format: 'structured' };
  const text = reply.text ?? '';
  const whole = wholeJsonObject(text);
  if (whole) return { data: whole, format: 'json' };
  for (const m of text.matchAll(/```(?:json)?\s*([\s\S]*?)```/gi)) {
    const parsed = tryParseObject(m[1].trim());
    if (parsed) return { data: parsed, format: 'json' };
  }
  for (const span of jsonSpans(text).reverse()) {
    const parsed = tryParseObject(span.text);
    if (parsed) return { data: parsed, format: 'json' };
  }
  return undefined;
}

/** One verdict found in a reply, before it is checked against the others. */
interface Found {
  readonly raw: string;
  readonly match: string | undefined;
  readonly format: ReplyFormat;
  readonly reasoning?: string;
  readonly data?: { readonly [key: string]: unknown };
}

const VERDICT_LINE =
  /^[\s*#>-]*(?:final\s+)?(?:choice|answer|verdict|label|grade|rating|score)\s*\**\s*[:=]\s*(.+?)\s*$/gim;

/**
 * Finds the judge's choice among `choices` (case-insensitive), where the judge was asked to put
 * it. A tool call / JSON-mode object, or a reply that is one JSON object and nothing else, is
 * the answer: its `choice` field decides, and text quoted inside its strings never does.
 * Otherwise every verdict in the reply counts — each JSON object with a `choice` field, each
 * `Choice: X` line outside them, else a truncated JSON whose `"choice": "…"` survived, else a
 * reply that is nothing but a choice — and they must agree: a reply that names two different
 * verdicts (say a quoted injection and the judge's own) is an error, never the friendlier one.
 * A reply naming no valid choice throws `JUDGE_INVALID_REPLY` too: an error, never a pass or a 0.
 */
export function parseChoice(reply: TargetOutput, choices: readonly string[], field = 'choice'): ParsedChoice {
  const byKey = new Map(choices.map((c) => [normalise(c), c]));
  const text = reply.text ?? '';
  const structured = structuredObject(reply);
  const whole = structured ? { data: structured, format: 'structured' as const } : wholeAsJson(text);
  if (whole) {
    const found = fromObject(whole.data, whole.format, field, byKey);
    if (found?.match !== undefined) return answer(found);
    throw invalidReply(
      reply,
      choices,
      found === undefined ? `its JSON has no "${field}" field` : `"${field}" is ${found.raw}`,
    );
  }
  const found = verdictsInProse(text, field, byKey);
  const valid = found.filter((f) => f.match !== undefined);
  const distinct = choices.filter((c) => valid.some((f) => f.match === c));
  if (distinct.length > 1) {
    const why = `it names conflicting verdicts (${distinct.map((d) => JSON.stringify(d)).join(' and ')})`;
    throw invalidReply(reply, choices, why, 'Judge reply is ambiguous');
  }
  if (valid.length > 0) return answer(valid.find((f) => f.format === 'json') ?? valid[0]);
  const invalidJson = found.find((f) => f.format === 'json');
  if (invalidJson) throw invalidReply(reply, choices, `"${field}" is ${invalidJson.raw}`);
  const bare = byKey.get(normalise(text));
  if (bare !== undefined) return { choice: bare, format: 'text' };
  throw invalidReply(reply, choices, looksLikeRefusal(text) ? 'the judge refused' : 'no valid choice found');
}

function wholeAsJson(text: string): { data: { readonly [key: string]: unknown }; format: 'json' } | undefined {
  const data = wholeJsonObject(text);
  return data ? { data, format: 'json' } : undefined;
}

function structuredObject(reply: TargetOutput): { readonly [key: string]: unknown } | undefined {
  const call = reply.toolCalls?.[0];
  if (call) {
    const args = typeof call.arguments === 'string' ? tryParseObject(call.arguments) : asObject(call.arguments);
    if (args) return args;
  }
  return asObject(reply.value);
}

function fromObject(
  data: { readonly [key: string]: unknown },
  format: ReplyFormat,
  field: string,
  byKey: Map<string, string>,
): Found | undefined {
  if (!(field in data)) return undefined;
  const raw = data[field];
  const match = typeof raw === 'string' || typeof raw === 'number' ? byKey.get(normalise(String(raw))) : undefined;
  const reasoning = typeof data.reasoning === 'string' ? data.reasoning : undefined;
  return { raw: JSON.stringify(raw), match, format, data, ...(reasoning !== undefined && { reasoning }) };
}

/** Every verdict in a reply that is not one JSON object: JSON objects, verdict lines, a truncated JSON. */
function verdictsInProse(text: string, field: string, byKey: Map<string, string>): Found[] {
  const found: Found[] = [];
  let outside = text;
  for (const span of jsonSpans(text)) {
    const data = tryParseObject(span.text);
    const verdict = data && fromObject(data, 'json', field, byKey);
    if (verdict) found.push(verdict);
    // Why: a verdict line inside a JSON object (a quoted string) is part of that object, not the judge's own line.
    outside = outside.slice(0, span.start) + ' '.repeat(span.end - span.start) + outside.slice(span.end);
  }
  for (const line of outside.matchAll(VERDICT_LINE)) {
    const match = byKey.get(normalise(line[1]));
    if (match !== undefined)
      found.push({ raw: line[1], match, format: 'text', reasoning: text.slice(0, line.index).trim() });
  }
  if (found.length > 0) return found;
  const salvaged =
    new RegExp(`"${field}"\\s*:\\s*"?([^"\\n,}]+)"?\\s*[,}\\n]`, 'i').exec(text) ??
    new RegExp(`"${field}"\\s*:\\s*"([^"\\n]+)"`, 'i').exec(text);
  const match = salvaged ? byKey.get(normalise(salvaged[1])) : undefined;
  if (salvaged && match !== undefined)
    found.push({ raw: salvaged[1], match, format: 'recovered', ...reasoningFrom(text) });
  return found;
}

function answer(found: Found): ParsedChoice {
  return {
    choice: found.match as string,
    format: found.format,
    ...(found.data !== undefined && { data: found.data }),
    ...(found.reasoning !== undefined && { reasoning: found.reasoning }),
  };
}

function reasoningFrom(text: string): { reasoning?: string } {
  const m = /"reasoning"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text);
  return m ? { reasoning: m[1].replace(/\\n/g, '\n').replace(/\\"/g, '"') } : {};
}

/** Builds the error for a reply the judge got wrong, quoting the start of the reply. */
export function invalidReply(
  reply: TargetOutput,
  choices: readonly string[],
  why: string,
  headline = 'Judge reply named no valid choice',
): AssayError {
  const raw = rawReply(reply).replace(/\s+/g, ' ').trim();
  const snippet = raw.length > 160 ? `${raw.slice(0, 160)}…` : raw;
  const expected = choices.length > 0 ? ` (expected one of ${choices.map((c) => JSON.stringify(c)).join(', ')})` : '';
  return new AssayError(JUDGE_INVALID_REPLY, `${headline}${expected}: ${why}. Reply: ${JSON.stringify(snippet)}`, {
    hint: 'Use a model that follows JSON instructions, or check the prompt with `assay explain <grader>`.',
  });
}

export function looksLikeRefusal(text: string): boolean {
  return /\b(?:I can(?:no|')t|I cannot|I won't|I am unable|I'm unable|I'm sorry|I apologi[sz]e|As an AI)\b/i.test(text);
}

function normalise(value: string): string {
  return value
    .trim()
    .replace(/^["'`*[(]+|["'`*\].),;:!]+$/g, '')
    .trim()
    .toLowerCase();
}
