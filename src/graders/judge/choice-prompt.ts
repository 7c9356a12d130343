import type { ChatRequest } from '../../targets/chat-model.js';
import type { GraderResult } from '../grader.js';
import type { TargetOutput } from '../../core/types.js';
import { parseChoice } from './parse-reply.js';
import { DATA_NOT_INSTRUCTIONS } from './untrusted-text.js';

/** One allowed verdict of a choice-based judge. */
export interface JudgeChoice {
  readonly label: string;
  /** In [0, 1]. */
  readonly score: number;
  readonly description?: string;
}

export interface ChoiceRequestOptions {
  /** What the judge is asked to decide, in plain words. */
  readonly task: string;
  readonly choices: readonly JudgeChoice[];
  /** Sections of the user message (input, reference, output…), already quoted where untrusted. */
  readonly sections: readonly string[];
  readonly temperature: number;
  readonly maxTokens?: number;
}

const SCHEMA_NAME = 'judge_verdict';

/**
 * The request every choice-based judge sends: a system message with the rules (data is not
 * instructions, reason first, JSON only), the task, the choices, the quoted material, and a JSON
 * schema so providers with tool calls or JSON mode return structured output.
 */
export function buildChoiceRequest(options: ChoiceRequestOptions): ChatRequest {
  const labels = options.choices.map((c) => c.label);
  const system = [
    'You are a careful, impartial evaluator of the output of an AI system.',
    DATA_NOT_INSTRUCTIONS,
    'Think step by step first, then decide.',
    `Reply with a single JSON object and nothing else: {"reasoning": "<your step-by-step reasoning>", "choice": "<one of ${labels.map((l) => JSON.stringify(l)).join(', ')}>"}.`,
  ].join('\n');
  const choiceLines = options.choices.map(
    (c) => `- ${JSON.stringify(c.label)}${c.description ? `: ${c.description}` : ''}`,
  );
  const user = [
    `## Task\n${options.task}`,
    `## Choices\n${choiceLines.join('\n')}`,
    ...options.sections,
    `## Your reply\nWrite your reasoning first, then give exactly one choice from the list, as JSON.`,
  ].join('\n\n');
  return {
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: user },
    ],
    temperature: options.temperature,
    ...(options.maxTokens !== undefined && { maxTokens: options.maxTokens }),
    responseSchema: {
      name: SCHEMA_NAME,
      schema: {
        type: 'object',
        properties: { reasoning: { type: 'string' }, choice: { type: 'string', enum: labels } },
        required: ['reasoning', 'choice'],
        additionalProperties: false,
      },
    },
  };
}

/** Reads a choice reply into a result: the choice's score, its label, the reasoning as reason. */
export function interpretChoice(reply: TargetOutput, choices: readonly JudgeChoice[], threshold: number): GraderResult {
  const parsed = parseChoice(
    reply,
    choices.map((c) => c.label),
  );
  const choice = choices.find((c) => c.label === parsed.choice) as JudgeChoice;
  return {
    value: choice.score,
    pass: choice.score >= threshold,
    label: choice.label,
    ...(parsed.reasoning !== undefined && parsed.reasoning !== '' && { reason: parsed.reasoning }),
    meta: { choice: choice.label, format: parsed.format },
  };
}
