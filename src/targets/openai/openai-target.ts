import { createChatTarget } from '../chat/chat-target.js';
import type { Target, TargetEnvironment } from '../target.js';
import type { OpenAITargetConfig } from './openai-config.js';
import { openaiDialect } from './openai-dialect.js';

/**
 * Any OpenAI-compatible chat-completions endpoint as the system under test.
 *
 * @example
 * const target = createOpenAITarget({ type: 'openai', model: 'gpt-4o-mini', prompt: 'Answer briefly: {{input}}', temperature: 0 }, { baseDir: '.', env: process.env });
 */
export function createOpenAITarget(config: OpenAITargetConfig, environment: TargetEnvironment): Target {
  return createChatTarget(config, openaiDialect, environment);
}
