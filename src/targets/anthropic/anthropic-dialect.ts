import { contentText } from '../../core/content-parts.js';
import type { ChatMessage, ContentPart, ToolCall } from '../../core/types.js';
import {
  field,
  imageSource,
  joinUrl,
  secretHeader,
  optionalNumber,
  toolArguments,
  type ChatDialect,
} from '../chat/chat-dialect.js';

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
      .map((m) => contentText(m.content))
      .join('\n\n');
    const body: Record<string, unknown> = {
      model,
      max_tokens: request.maxTokens ?? defaultMaxTokens,
      messages: anthropicMessages(request.messages.filter((m) => m.role !== 'system')),
    };
    const tools = (request.tools ?? []).map((t) => ({
      name: t.name,
      ...(t.description && { description: t.description }),
      input_schema: t.parameters,
    }));
    if (tools.length > 0) body.tools = tools;
    if (system) body.system = system;
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.stop !== undefined) body.stop_sequences = request.stop;
    if (request.responseSchema) {
      const { name, schema } = request.responseSchema;
      body.tools = [...tools, { name, description: `Give your answer by calling ${name}.`, input_schema: schema }];
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
      .map((b) => ({
        ...(typeof b.id === 'string' && { id: b.id }),
        name: String(b.name ?? ''),
        ...toolArguments(b.input),
      }));
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

/**
 * The turns in the Messages API shape: assistant tool calls as `tool_use` blocks, tool results
 * as `tool_result` blocks of a user turn (consecutive results share one turn, as the API asks),
 * images as `base64` or `url` sources.
 */
function anthropicMessages(messages: readonly ChatMessage[]): Record<string, unknown>[] {
  const out: { role: 'user' | 'assistant'; content: unknown }[] = [];
  for (const m of messages) {
    if (m.role === 'tool') {
      const block = {
        type: 'tool_result',
        tool_use_id: m.toolCallId ?? '',
        content: contentText(m.content),
        ...((m as { error?: string }).error !== undefined && { is_error: true }),
      };
      const last = out[out.length - 1];
      if (last?.role === 'user' && Array.isArray(last.content) && last.content.every(isToolResult))
        last.content.push(block);
      else out.push({ role: 'user', content: [block] });
      continue;
    }
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const calls = m.role === 'assistant' ? (m.toolCalls ?? []) : [];
    if (typeof m.content === 'string' && calls.length === 0) {
      out.push({ role, content: m.content });
      continue;
    }
    const parts: ContentPart[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : [...m.content];
    const blocks: unknown[] = parts
      .filter((p) => p.type !== 'text' || p.text !== '')
      .map((p) => {
        if (p.type === 'text') return { type: 'text', text: p.text };
        const source = imageSource(p);
        return source.kind === 'data'
          ? { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } }
          : { type: 'image', source: { type: 'url', url: source.url } };
      });
    calls.forEach((call, i) =>
      blocks.push({
        type: 'tool_use',
        id: call.id ?? `toolu_${i}`,
        name: call.name,
        input: call.argumentsError ? {} : call.arguments,
      }),
    );
    out.push({ role, content: blocks });
  }
  return out;
}

function isToolResult(block: unknown): boolean {
  return (block as { type?: unknown })?.type === 'tool_result';
}
