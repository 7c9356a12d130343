import type { ToolCall } from '../../core/types.js';
import {
  field,
  joinUrl,
  secretHeader,
  optionalNumber,
  parseJsonOrUndefined,
  type ChatDialect,
} from '../chat/chat-dialect.js';

/**
 * Ollama's native `/api/chat` (non-streaming): sampling goes under `options`, structured
 * output is `format: <JSON schema>`, and token counts are `prompt_eval_count` / `eval_count`.
 */
export const ollamaDialect: ChatDialect = {
  provider: 'ollama',
  defaultBaseUrl: 'http://127.0.0.1:11434',
  defaultApiKeyEnv: null,

  buildRequest({ baseUrl, model, request, apiKey }) {
    const options: Record<string, unknown> = {};
    if (request.temperature !== undefined) options.temperature = request.temperature;
    if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
    if (request.topP !== undefined) options.top_p = request.topP;
    if (request.stop !== undefined) options.stop = request.stop;
    if (request.seed !== undefined) options.seed = request.seed;
    const body: Record<string, unknown> = {
      model,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: false,
    };
    if (Object.keys(options).length > 0) body.options = options;
    if (request.responseSchema) body.format = request.responseSchema.schema;
    return {
      url: joinUrl(baseUrl, 'api/chat'),
      body,
      secretHeaders: secretHeader('authorization', apiKey === undefined ? undefined : `Bearer ${apiKey}`),
    };
  },

  parseReply(body) {
    const message = field(body, 'message', 'object');
    const text = typeof message.content === 'string' ? message.content : '';
    const toolCalls: ToolCall[] = Array.isArray(message.tool_calls)
      ? message.tool_calls.map((call: any) => ({
          name: String(call?.function?.name ?? ''),
          arguments:
            typeof call?.function?.arguments === 'string'
              ? (parseJsonOrUndefined(call.function.arguments) ?? call.function.arguments)
              : call?.function?.arguments,
        }))
      : [];
    if (typeof message.content !== 'string' && toolCalls.length === 0)
      throw new Error('expected message.content to be a string');
    const inputTokens = optionalNumber((body as any).prompt_eval_count);
    const outputTokens = optionalNumber((body as any).eval_count);
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
      value: text ? parseJsonOrUndefined(text) : undefined,
      finishReason: typeof (body as any).done_reason === 'string' ? (body as any).done_reason : undefined,
    };
  },
};
