import { AssayError } from '../../core/errors.js';
import type { ChatMessage, ToolCall } from '../../core/types.js';
import { contentText } from '../../core/content-parts.js';
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
      messages: request.messages.map(ollamaMessage),
      stream: false,
    };
    if (request.tools && request.tools.length > 0) {
      body.tools = request.tools.map((t) => ({
        type: 'function',
        function: { name: t.name, ...(t.description && { description: t.description }), parameters: t.parameters },
      }));
    }
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
          ...toolArguments(call?.function?.arguments),
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

/**
 * One message in Ollama's shape: text in `content`, images as base64 in `images` (Ollama takes
 * no URLs), tool calls with object arguments, tool results named by the tool.
 */
function ollamaMessage(m: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = { role: m.role, content: '' };
  if (typeof m.content === 'string') {
    out.content = m.content;
  } else {
    out.content = m.content
      .filter((p) => p.type === 'text')
      .map((p) => p.text)
      .join('\n');
    const images = m.content.filter((p) => p.type === 'image').map((p) => imageSource(p));
    if (images.length > 0) {
      out.images = images.map((source) => {
        if (source.kind === 'data') return source.data;
        throw new AssayError('IMAGE_URL_UNSUPPORTED', `Ollama cannot fetch the image ${source.url}.`, {
          hint: 'Give Ollama images as a file path relative to the dataset or as a data: URI; it takes base64 bytes only.',
        });
      });
    }
  }
  if (m.role === 'tool') {
    out.content = contentText(m.content);
    if (m.name !== undefined) out.tool_name = m.name;
  }
  if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length > 0) {
    out.tool_calls = m.toolCalls.map((call) => ({ function: { name: call.name, arguments: call.arguments } }));
  }
  return out;
}
