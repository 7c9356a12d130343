import type { ToolCall } from '../../core/types.js';
import {
  field,
  joinUrl,
  secretHeader,
  optionalNumber,
  parseJsonOrUndefined,
  type ChatDialect,
} from '../chat/chat-dialect.js';

/** The OpenAI chat-completions API, as spoken by OpenAI and every compatible server (vLLM, LiteLLM, llama.cpp…). */
export const openaiDialect: ChatDialect = {
  provider: 'openai',
  defaultBaseUrl: 'https://api.openai.com/v1',
  defaultApiKeyEnv: 'OPENAI_API_KEY',

  buildRequest({ baseUrl, model, request, apiKey }) {
    const body: Record<string, unknown> = {
      model,
      messages: request.messages.map((m) => ({
        role: m.role,
        content: m.content,
        ...(m.name !== undefined && { name: m.name }),
      })),
    };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.stop !== undefined) body.stop = request.stop;
    if (request.seed !== undefined) body.seed = request.seed;
    if (request.responseSchema) {
      body.response_format = {
        type: 'json_schema',
        json_schema: { name: request.responseSchema.name, schema: request.responseSchema.schema },
      };
    }
    return {
      url: joinUrl(baseUrl, 'chat/completions'),
      body,
      secretHeaders: secretHeader('authorization', apiKey === undefined ? undefined : `Bearer ${apiKey}`),
    };
  },

  parseReply(body) {
    const message = field(body, 'choices.0.message', 'object');
    const text = typeof message.content === 'string' ? message.content : '';
    const toolCalls: ToolCall[] = Array.isArray(message.tool_calls)
      ? message.tool_calls.map((call: any) => ({
          ...(typeof call?.id === 'string' && { id: call.id }),
          name: String(call?.function?.name ?? ''),
          arguments:
            typeof call?.function?.arguments === 'string'
              ? (parseJsonOrUndefined(call.function.arguments) ?? call.function.arguments)
              : call?.function?.arguments,
        }))
      : [];
    if (typeof message.content !== 'string' && toolCalls.length === 0)
      throw new Error('expected choices.0.message.content to be a string or tool_calls to be present');
    const usage = (body as any).usage;
    const inputTokens = optionalNumber(usage?.prompt_tokens);
    const outputTokens = optionalNumber(usage?.completion_tokens);
    return {
      text,
      toolCalls,
      usage:
        inputTokens === undefined && outputTokens === undefined
          ? undefined
          : { inputTokens, outputTokens, totalTokens: optionalNumber(usage?.total_tokens) },
      model: typeof (body as any).model === 'string' ? (body as any).model : undefined,
      value: text ? parseJsonOrUndefined(text) : undefined,
      finishReason: (body as any).choices[0]?.finish_reason ?? undefined,
    };
  },
};
