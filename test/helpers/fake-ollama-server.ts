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
 * A fake Ollama server for tests (`POST /api/chat`, non-streaming). Configure a target or
 * judge with `baseUrl: server.url`. Same script as `startFakeOpenAI`; `usage` maps to
 * `prompt_eval_count` / `eval_count`.
 *
 * @example
 * const server = await startFakeOllama({ script: { text: '{"choice":"A"}' } });
 * // server.requests[0].body.format holds the response schema, .body.options the sampling params
 */
export function startFakeOllama(options: { script: FakeScript }): Promise<FakeServer> {
  return startScriptedServer({ script: options.script, basePath: '', shape: ollamaReply });
}

function ollamaReply(reply: FakeReply, request: FakeRequest): unknown {
  const usage = reply.usage === undefined ? { input: 10, output: 5 } : reply.usage;
  return {
    model: reply.model ?? request.body?.model ?? 'fake-model',
    created_at: new Date(0).toISOString(),
    message: {
      role: 'assistant',
      content: reply.text ?? (reply.toolCalls ? '' : `echo: ${lastUserText(request.body)}`),
      ...(reply.toolCalls && {
        tool_calls: reply.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })),
      }),
    },
    done: true,
    done_reason: 'stop',
    ...(usage && { prompt_eval_count: usage.input, eval_count: usage.output }),
  };
}
