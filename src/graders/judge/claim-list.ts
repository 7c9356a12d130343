import type { TargetOutput } from '../../core/types.js';
import type { ChatRequest } from '../../targets/chat-model.js';
import { invalidReply, readJudgeJson } from './parse-reply.js';
import type { ReplyFormat } from './parse-reply.js';
import { DATA_NOT_INSTRUCTIONS } from './untrusted-text.js';

/** One statement a claim-checking judge listed, and whether the context backs it. */
export interface CheckedClaim {
  readonly claim: string;
  readonly supported: boolean;
}

export interface ClaimListOptions {
  readonly task: string;
  /** The boolean field name in the JSON reply (`supported`, `attributed`). */
  readonly verdictField: string;
  readonly sections: readonly string[];
  readonly temperature: number;
  readonly maxTokens?: number;
}

/** A request asking the judge to split a text into claims and check each one. */
export function buildClaimListRequest(options: ClaimListOptions): ChatRequest {
  const v = options.verdictField;
  const system = [
    'You are a careful, impartial evaluator of the output of an AI system.',
    DATA_NOT_INSTRUCTIONS,
    'Think step by step first, then list every claim with your verdict.',
    `Reply with a single JSON object and nothing else: {"reasoning": "<your reasoning>", "claims": [{"claim": "<one atomic statement>", "${v}": true|false}]}.`,
  ].join('\n');
  const user = [
    `## Task\n${options.task}`,
    ...options.sections,
    '## Your reply\nReason first, then give the claims as JSON.',
  ].join('\n\n');
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    temperature: options.temperature,
    ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
    responseSchema: {
      name: 'judge_claims',
      schema: {
        type: 'object',
        properties: {
          reasoning: { type: 'string' },
          claims: {
            type: 'array',
            items: {
              type: 'object',
              properties: { claim: { type: 'string' }, [v]: { type: 'boolean' } },
              required: ['claim', v],
              additionalProperties: false,
            },
          },
        },
        required: ['reasoning', 'claims'],
        additionalProperties: false,
      },
    },
  };
}

export interface ParsedClaims {
  readonly claims: readonly CheckedClaim[];
  readonly reasoning?: string;
  readonly format: ReplyFormat;
}

/**
 * Reads the claim list from JSON, or from `SUPPORTED: …` / `UNSUPPORTED: …` lines. A reply with
 * neither, or with a malformed claim, throws `JUDGE_INVALID_REPLY`.
 */
export function parseClaims(reply: TargetOutput, verdictField: string): ParsedClaims {
  const json = readJudgeJson(reply);
  if (json) {
    const list = json.data.claims;
    if (!Array.isArray(list)) throw invalidReply(reply, [], 'its JSON has no "claims" list');
    const claims: CheckedClaim[] = [];
    for (const [i, item] of list.entries()) {
      const claim = (item as { claim?: unknown })?.claim;
      const verdict = toBoolean((item as { [k: string]: unknown })?.[verdictField]);
      if (typeof claim !== 'string' || verdict === undefined) {
        throw invalidReply(reply, [], `claims[${i}] needs "claim" (text) and "${verdictField}" (true or false)`);
      }
      claims.push({ claim, supported: verdict });
    }
    const reasoning = typeof json.data.reasoning === 'string' ? json.data.reasoning : undefined;
    return { claims, format: json.format, ...(reasoning !== undefined && { reasoning }) };
  }
  const text = reply.text ?? '';
  const claims: CheckedClaim[] = [];
  for (const m of text.matchAll(/^[\s*-]*(UNSUPPORTED|SUPPORTED|NOT ATTRIBUTED|ATTRIBUTED)\s*[:-]\s*(.+)$/gim)) {
    claims.push({ claim: m[2].trim(), supported: !/^(?:UN|NOT)/i.test(m[1]) });
  }
  if (claims.length === 0) throw invalidReply(reply, [], 'no claim list found');
  return { claims, format: 'text' };
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', 'supported', 'attributed'].includes(v)) return true;
    if (['false', 'no', 'unsupported', 'not attributed'].includes(v)) return false;
  }
  return undefined;
}
