import { createChatTarget } from '../chat/chat-target.js';
import type { Target, TargetEnvironment } from '../target.js';
import type { OllamaTargetConfig } from './ollama-config.js';
import { ollamaDialect } from './ollama-dialect.js';

/**
 * A model served by Ollama (`/api/chat`) as the system under test.
 *
 * @example
 * const target = createOllamaTarget({ type: 'ollama', model: 'llama3.2', prompt: 'Answer briefly: {{input}}', temperature: 0 }, { baseDir: '.', env: process.env });
 */
export function createOllamaTarget(config: OllamaTargetConfig, environment: TargetEnvironment): Target {
  return createChatTarget(config, ollamaDialect, environment);
}
