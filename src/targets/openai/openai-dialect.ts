import type { ChatMessage, ToolCall } from '../../core/types.js';
import {
  field,
  imageSource,
  joinUrl,
  secretHeader,
  optionalNumber,
  parseJsonOrUndefined,
  toolArguments,
  type ChatDialect,
} from '../chat/chat-dialect.js';
import { contentText } from '../../core/content-parts.js';

/** The OpenAI chat-completions API, as spoken by OpenAI and every compatible server (vLLM, LiteLLM, llama.cpp…). */
export const openaiDialect: ChatDialect = {
  provider: 'openai',
  defaultBaseUrl: 'https://api.openai.com/v1',
  defaultApiKeyEnv: 'OPENAI_API_KEY',

  buildRequest({ baseUrl, model, request, apiKey }) {
    const body: Record<string, unknown> = {
      model,
      messages: request.messages.map(openAIMessage),
    };
    if (request.tools && request.tools.length > 0) {
      body.tools = request.tools.map((t) => ({
        type: 'function',
        function: { name: t.name, ...(t.description && { description: t.description }), parameters: t.parameters },
      }));
    }
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
          ...toolArguments(call?.function?.arguments),
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

/** One message in the chat-completions shape: image parts as `image_url`, tool calls and results by id. */
function openAIMessage(m: ChatMessage): Record<string, unknown> {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId ?? '', content: contentText(m.content) };
  const content =
    typeof m.content === 'string'
      ? m.content
      : m.content.map((part) => {
          if (part.type === 'text') return { type: 'text', text: part.text };
          const source = imageSource(part);
          const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
          return { type: 'image_url', image_url: { url } };
        });
  const out: Record<string, unknown> = { role: m.role, content, ...(m.name !== undefined && { name: m.name }) };
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    out.tool_calls = m.toolCalls.map((call, i) => ({
      id: call.id ?? `call_${i}`,
      type: 'function',
      function: {
        name: call.name,
        // Why raw text back: the model's own malformed arguments are what it sent; re-encoding would hide it.
        arguments:
          call.argumentsError && typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
      },
    }));
    if (content === '') out.content = null;
  }
  return out;
}
