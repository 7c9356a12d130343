import { AssayError, type Issue } from '../../core/errors.js';
import { contentHash } from '../../core/hash.js';
import { withLazySignal } from '../../core/lazy-signal.js';
import type { TargetFingerprint } from '../../core/types.js';
import type { Target, TargetEnvironment } from '../target.js';
import { describeUrl } from '../transport/http-transport.js';
import { templateProblems } from '../template/prompt-template.js';
import { buildMessages } from './build-messages.js';
import type { ChatTargetConfig } from './chat-config.js';
import type { ChatDialect } from './chat-dialect.js';
import { ProviderChatModel } from './provider-chat-model.js';
import { resolveImages } from './resolve-images.js';
import { runToolLoop } from './tool-loop.js';
import { DEFAULT_MAX_STEPS } from '../tools/max-steps.js';

/**
 * A target that sends each case to a chat model (OpenAI-compatible, Anthropic, Ollama) and
 * returns its reply: text, tool calls, token usage, cost, latency and model.
 *
 * @example
 * const target = createChatTarget({ type: 'openai', model: 'gpt-4o-mini', prompt: 'Q: {{input}}' }, openaiDialect, env);
 */
export function createChatTarget(
  config: ChatTargetConfig,
  dialect: ChatDialect,
  environment: TargetEnvironment,
): Target {
  validatePrompt(config);
  const model = new ProviderChatModel(dialect, config, environment);
  const promptHash = contentHash({ prompt: config.prompt, messages: config.messages, system: config.system });
  const params = Object.fromEntries(
    Object.entries({
      temperature: config.temperature,
      maxTokens: config.maxTokens,
      topP: config.topP,
      stop: config.stop,
      seed: config.seed,
      baseUrl: describeUrl(model.baseUrl),
    }).filter(([, v]) => v !== undefined),
  );
  const fingerprint: TargetFingerprint = Object.freeze({
    kind: dialect.provider,
    model: config.model,
    promptHash,
    params,
  });
  return {
    name: config.name ?? `${dialect.provider}:${config.model}`,
    fingerprint: () => fingerprint,
    async call(testCase, ctx) {
      const messages = await resolveImages(buildMessages(config, testCase), ctx.datasetDir ?? environment.baseDir);
      // The signal is passed on unread: with `onStop` a call that completes never makes it.
      const call = withLazySignal(
        { useCache: ctx.useCache, cacheVariant: ctx.repeat, onStop: ctx.onStop },
        () => ctx.signal,
      );
      if (ctx.tools && ctx.tools.definitions.length > 0) {
        const maxSteps = ctx.maxSteps ?? DEFAULT_MAX_STEPS;
        return runToolLoop({ model, messages, tools: ctx.tools, maxSteps, testCase, turn: ctx.turn ?? 0, call });
      }
      const output = await model.chat({ messages }, call);
      // Why drop the raw reply: trial rows are stored for every case; the parsed fields carry what graders need.
      const { raw: _raw, ...meta } = output.meta ?? {};
      return Object.assign({}, output, { meta });
    },
  };
}

function validatePrompt(config: ChatTargetConfig): void {
  const issues: Issue[] = [];
  if (config.prompt !== undefined && config.messages !== undefined) {
    issues.push({ code: 'conflict', path: 'target.prompt', message: 'set either prompt or messages, not both' });
  }
  const templates: [string, string][] = [];
  if (config.prompt !== undefined) templates.push(['target.prompt', config.prompt]);
  if (config.system !== undefined) templates.push(['target.system', config.system]);
  config.messages?.forEach((m, i) => templates.push([`target.messages.${i}.content`, m.content]));
  for (const [path, template] of templates) {
    for (const message of templateProblems(template)) issues.push({ code: 'invalid_value', path, message });
  }
  if (issues.length > 0) {
    throw new AssayError('TARGET_CONFIG_INVALID', `The ${config.type} target's prompt is invalid.`, {
      issues,
      hint: 'Placeholders are {{input}}, {{input.field}}, {{expected}}, {{metadata.NAME}}, {{id}} and {{slice}}.',
    });
  }
}
