import { AssayError, isAssayError } from '../../core/errors.js';
import type { ChatModel } from '../../targets/chat-model.js';
import { createChatModel, type ChatModelSpec } from '../../targets/create-chat-model.js';

export type JudgeProvider = 'openai' | 'anthropic' | 'ollama';

/** Which model a judge calls: from the grader's `judge:` block or the `ASSAY_JUDGE_*` variables. */
export interface JudgeModelSpec {
  readonly provider: JudgeProvider;
  readonly model: string;
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
}

const PROVIDERS: readonly JudgeProvider[] = ['openai', 'anthropic', 'ollama'];

/** Used when only `ASSAY_JUDGE_BASE_URL` is set: local OpenAI-compatible servers mostly ignore the name. */
const DEFAULT_MODELS: Readonly<Record<JudgeProvider, string>> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-latest',
  ollama: 'llama3.1',
};

export const JUDGE_NOT_CONFIGURED = 'JUDGE_NOT_CONFIGURED';

/**
 * True when a judge grader could not be built because no judge model is configured. Eval loaders
 * catch this to skip the grader with a notice instead of failing the run.
 *
 * @example
 * try { graders.push(await createGrader(spec, env)); }
 * catch (error) { if (isJudgeNotConfigured(error)) notices.push(error.message); else throw error; }
 */
export function isJudgeNotConfigured(error: unknown): error is AssayError {
  return isAssayError(error, JUDGE_NOT_CONFIGURED);
}

/**
 * Resolves the judge model of grader `graderName`. The grader's own `judge:` block wins;
 * otherwise `ASSAY_JUDGE_PROVIDER` (default openai), `ASSAY_JUDGE_MODEL`, `ASSAY_JUDGE_BASE_URL`
 * and `ASSAY_JUDGE_API_KEY_ENV`. A `judge:` block may carry any chat model setting (pricing,
 * retries, cache…); `createChatModel` validates it. Throws `JUDGE_NOT_CONFIGURED` when neither names a model or endpoint.
 */
export function resolveJudgeModelSpec(judge: unknown, env: NodeJS.ProcessEnv, graderName: string): ChatModelSpec {
  if (judge !== undefined && judge !== null) {
    if (typeof judge !== 'object' || Array.isArray(judge)) {
      throw new AssayError(
        'JUDGE_CONFIG_INVALID',
        `Grader '${graderName}': \`judge\` must be an object, got ${JSON.stringify(judge)}.`,
        {
          hint: 'Write judge: { provider: openai, model: gpt-4o-mini, baseUrl?: <url>, apiKeyEnv?: <VAR> }.',
        },
      );
    }
    return judge as ChatModelSpec;
  }
  const baseUrl = nonEmpty(env.ASSAY_JUDGE_BASE_URL);
  const model = nonEmpty(env.ASSAY_JUDGE_MODEL);
  if (!baseUrl && !model) {
    throw new AssayError(
      JUDGE_NOT_CONFIGURED,
      `Judge grader '${graderName}' skipped: no judge model is configured (no \`judge:\` block and ASSAY_JUDGE_BASE_URL / ASSAY_JUDGE_MODEL are not set).`,
      {
        hint: 'Set ASSAY_JUDGE_BASE_URL (and ASSAY_JUDGE_MODEL, ASSAY_JUDGE_PROVIDER) or add `judge: { provider, model, baseUrl? }` to the grader.',
      },
    );
  }
  const providerText = nonEmpty(env.ASSAY_JUDGE_PROVIDER) ?? 'openai';
  if (!PROVIDERS.includes(providerText as JudgeProvider)) {
    throw new AssayError(
      'JUDGE_CONFIG_INVALID',
      `ASSAY_JUDGE_PROVIDER is '${providerText}'; it must be one of ${PROVIDERS.join(', ')}.`,
      {
        hint: 'Set ASSAY_JUDGE_PROVIDER=openai for any OpenAI-compatible server.',
      },
    );
  }
  const provider = providerText as JudgeProvider;
  const apiKeyEnv = nonEmpty(env.ASSAY_JUDGE_API_KEY_ENV);
  return {
    provider,
    model: model ?? DEFAULT_MODELS[provider],
    ...(baseUrl !== undefined && { baseUrl }),
    ...(apiKeyEnv !== undefined && { apiKeyEnv }),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value.trim() : undefined;
}

/** What a judge grader factory receives besides its spec. */
export interface JudgeEnvironment {
  readonly env: NodeJS.ProcessEnv;
  readonly baseDir?: string;
}

/** The chat model a judge grader calls; throws `JUDGE_NOT_CONFIGURED` when none is configured. */
export function createJudgeModel(judge: unknown, environment: JudgeEnvironment, graderName: string): ChatModel {
  const spec = resolveJudgeModelSpec(judge, environment.env, graderName);
  return createChatModel(spec, {
    env: environment.env,
    ...(environment.baseDir !== undefined && { baseDir: environment.baseDir }),
  });
}
