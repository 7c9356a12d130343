import { createChatTarget } from '../chat/chat-target.js';
import type { Target, TargetEnvironment } from '../target.js';
import type { AnthropicTargetConfig } from './anthropic-config.js';
import { anthropicDialect } from './anthropic-dialect.js';

/**
 * The Anthropic Messages API as the system under test.
 *
 * @example
 * const target = createAnthropicTarget({ type: 'anthropic', model: 'claude-3-5-haiku-latest', prompt: 'Answer briefly: {{input}}', temperature: 0 }, { baseDir: '.', env: process.env });
 */
export function createAnthropicTarget(config: AnthropicTargetConfig, environment: TargetEnvironment): Target {
  return createChatTarget(config, anthropicDialect, environment);
}
