import type { Case, TargetOutput } from '../../core/types.js';
import type { ChatRequest } from '../../targets/chat-model.js';
import type { GraderResult } from '../grader.js';

/**
 * What makes one judge: the prompt it sends for a trial and how it reads the reply. Separate
 * from the model so `assay explain` can print the prompt without any endpoint.
 *
 * @example
 * const def = classifyJudge({ type: 'judge.classify', prompt: 'Is it polite?', choices: { yes: 1, no: 0 } });
 * def.prompt(sampleCase, { text: 'Thanks!' }).messages; // the exact messages the judge sees
 */
export interface JudgeDefinition {
  readonly type: string;
  readonly name: string;
  /** Pass threshold on the normalised score. */
  readonly threshold: number;
  prompt(testCase: Case, output: TargetOutput): ChatRequest;
  /** Reads the verdict; throws on a reply that names no valid verdict. */
  interpret(reply: TargetOutput, testCase: Case, output: TargetOutput): GraderResult;
}

/** Options shared by every judge spec. */
export interface JudgeCommonSpec {
  readonly type: string;
  readonly name?: string;
  readonly judge?: {
    readonly provider: string;
    readonly model: string;
    readonly baseUrl?: string;
    readonly apiKeyEnv?: string;
  };
  readonly threshold?: number;
  readonly temperature?: number;
  readonly maxTokens?: number;
}

/** Sampling settings for a judge request: temperature 0 unless the spec says otherwise. */
export function samplingOf(spec: { readonly [key: string]: unknown }): { temperature: number; maxTokens?: number } {
  const temperature = typeof spec.temperature === 'number' ? spec.temperature : 0;
  const maxTokens = typeof spec.maxTokens === 'number' ? spec.maxTokens : undefined;
  return maxTokens === undefined ? { temperature } : { temperature, maxTokens };
}
