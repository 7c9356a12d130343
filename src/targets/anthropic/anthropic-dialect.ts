import type { ToolCall } from '../../core/types.js';
import { field, joinUrl, secretHeader, optionalNumber, type ChatDialect } from '../chat/chat-dialect.js';

/** The API version header this dialect speaks. */
export const anthropicVersion = '2023-06-01';
const defaultMaxTokens = 1024;

/**
 * The Anthropic Messages API: system prompts travel apart from the turns, `max_tokens` is
 * required, and structured output is a forced call of a tool whose input schema is the schema.
 */
export const anthropicDialect: ChatDialect = {
  provider: 'anthropic',
  defaultBaseUrl: 'https://api.anthropic.com',
  defaultApiKeyEnv: 'ANTHROPIC_API_KEY',

  buildRequest({ baseUrl, model, request, apiKey }) {
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    const body: Record<string, unknown> = {
      model,
      max_tokens: request.maxTokens ?? defaultMaxTokens,
      messages: request.messages
        .filter((m) => m.role !== 'system')
        .map((m) => ({ role: m.role === 'assistant' ? 'assistant' : 'user', content: m.content })),
    };
    if (system) body.system = system;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.stop !== undefined) body.stop_sequences = request.stop;
    if (request.responseSchema) {
      const { name, schema } = request.responseSchema;
      body.tools = [{ name, description: `Give your answer by calling ${name}.`, input_schema: schema }];
      body.tool_choice = { type: 'tool', name };
    }
    const v = /\/v1\/?$/.test(baseUrl) ? 'messages' : 'v1/messages';
    return {
      url: joinUrl(baseUrl, v),
      headers: { 'anthropic-version': anthropicVersion },
      body,
      secretHeaders: secretHeader('x-api-key', apiKey),
    };
  },

  parseReply(body) {
    const content = field(body, 'content', 'array') as any[];
    const text = content
      .filter((b) => b?.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text as string)
      .join('');
    const toolCalls: ToolCall[] = content
      .filter((b) => b?.type === 'tool_use')
      .map((b) => ({ ...(typeof b.id === 'string' && { id: b.id }), name: String(b.name ?? ''), arguments: b.input }));
    const usage = (body as any).usage;
    const inputTokens = optionalNumber(usage?.input_tokens);
    const outputTokens = optionalNumber(usage?.output_tokens);
    return {
      text,
      toolCalls,
      usage:
        inputTokens === undefined && outputTokens === undefined
          ? undefined
          : {
              inputTokens,
              outputTokens,
              totalTokens:
                inputTokens !== undefined && outputTokens !== undefined ? inputTokens + outputTokens : undefined,
            },
      model: typeof (body as any).model === 'string' ? (body as any).model : undefined,
      value: toolCalls.length > 0 ? toolCalls[0].arguments : undefined,
      finishReason: typeof (body as any).stop_reason === 'string' ? (body as any).stop_reason : undefined,
    };
  },
};
