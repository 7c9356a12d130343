import {
  lastUserText,
  startScriptedServer,
  type FakeReply,
  type FakeRequest,
  type FakeScript,
  type FakeServer,
} from './fake-openai-server.js';

export type { FakeReply, FakeRequest, FakeScript, FakeServer } from './fake-openai-server.js';

/**
 * A fake Anthropic Messages API server for tests (`POST /v1/messages`). Configure a target or
 * judge with `baseUrl: server.url` (the origin; the client adds `/v1/messages`). Same script
 * as `startFakeOpenAI`: `text` becomes a text block, `toolCalls` become `tool_use` blocks
 * (that is how a forced tool call — structured output — comes back).
 *
 * @example
 * const server = await startFakeAnthropic({ script: { toolCalls: [{ name: 'verdict', arguments: { choice: 'A' } }] } });
 * // server.requests[0].headers['x-api-key'], ['anthropic-version'], .body.tool_choice …
 */
export function startFakeAnthropic(options: { script: FakeScript }): Promise<FakeServer> {
  return startScriptedServer({ script: options.script, basePath: '', shape: anthropicReply });
}

function anthropicReply(reply: FakeReply, request: FakeRequest): unknown {
  const usage = reply.usage === undefined ? { input: 10, output: 5 } : reply.usage;
  const content: unknown[] = [];
  if (reply.text !== undefined || !reply.toolCalls)
    content.push({ type: 'text', text: reply.text ?? `echo: ${lastUserText(request.body)}` });
  reply.toolCalls?.forEach((call, i) =>
    content.push({ type: 'tool_use', id: call.id ?? `toolu_${i}`, name: call.name, input: call.arguments }),
  );
  return {
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model: reply.model ?? request.body?.model ?? 'fake-model',
    content,
    stop_reason: reply.toolCalls ? 'tool_use' : 'end_turn',
    ...(usage && { usage: { input_tokens: usage.input, output_tokens: usage.output } }),
  };
}
