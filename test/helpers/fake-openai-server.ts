import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  /** Lower-cased header names. */
  readonly headers: { readonly [name: string]: string };
  /** The parsed JSON body (undefined when the body was not JSON). */
  readonly body: any;
  /** Milliseconds since the server started, for measuring waits between attempts. */
  readonly at: number;
}

/** What the server does for one request. Every field is optional. */
export interface FakeReply {
  /** HTTP status (default 200). */
  readonly status?: number;
  readonly headers?: { readonly [name: string]: string };
  /** Wait this long before answering (slow replies, timeouts). */
  readonly delayMs?: number;
  /** Close the connection without answering: the client sees a network error. */
  readonly destroy?: boolean;
  /** Send this exact body text (malformed or truncated JSON). */
  readonly raw?: string;
  /** Send this JSON body instead of a provider-shaped reply. */
  readonly json?: unknown;
  /** The answer text of a provider-shaped reply (default: `echo: <last user message>`). */
  readonly text?: string;
  readonly toolCalls?: readonly { readonly id?: string; readonly name: string; readonly arguments: unknown }[];
  /** Token usage to report (default 10 in, 5 out); `null` leaves usage out. */
  readonly usage?: { readonly input: number; readonly output: number } | null;
  /** The model name in the reply (default: the requested model). */
  readonly model?: string;
}

/**
 * The server's behaviour: one reply for every request, a list (request i gets reply i, the
 * last one repeats), or a function of the request and its 0-based index.
 */
export type FakeScript =
  FakeReply | readonly FakeReply[] | ((request: FakeRequest, index: number) => FakeReply | Promise<FakeReply>);

export interface FakeServer {
  /** The base URL to configure a target or judge with. */
  readonly url: string;
  /** Every request received so far, in arrival order. */
  readonly requests: FakeRequest[];
  close(): Promise<void>;
}

/** Turns a scripted reply into the provider's JSON reply body. */
export type ReplyShaper = (reply: FakeReply, request: FakeRequest) => unknown;

/**
 * A real HTTP server on 127.0.0.1 (random port) that answers as scripted; the provider fakes
 * are built on it. Shared by the OpenAI, Anthropic and Ollama fakes.
 */
export async function startScriptedServer(options: {
  script: FakeScript;
  shape: ReplyShaper;
  basePath: string;
}): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const started = performance.now();
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer((req, res) => void handle(req, res));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      headers[name] = Array.isArray(value) ? value.join(', ') : (value ?? '');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers,
      body,
      at: performance.now() - started,
    };
    const index = requests.length;
    requests.push(request);
    const script = options.script;
    const reply: FakeReply =
      typeof script === 'function'
        ? await script(request, index)
        : Array.isArray(script)
          ? script[Math.min(index, script.length - 1)]
          : (script as FakeReply);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    const status = reply.status ?? 200;
    const out =
      reply.raw ??
      JSON.stringify(
        reply.json ??
          (status >= 400 ? { error: { message: `scripted error ${status}` } } : options.shape(reply, request)),
      );
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
    res.end(out);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.basePath}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The last user message of a chat request body, for echo replies. */
export function lastUserText(body: any): string {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  const user = [...messages].reverse().find((m) => m?.role === 'user');
  return typeof user?.content === 'string' ? user.content : '';
}

/**
 * A fake OpenAI-compatible chat-completions server for tests (`POST /v1/chat/completions`).
 * Configure a target or judge with `baseUrl: server.url` (it ends in `/v1`).
 *
 * @example
 * const server = await startFakeOpenAI({ script: [
 *   { status: 429, headers: { 'retry-after': '1' } },          // rate limited, then…
 *   { text: 'Paris', usage: { input: 12, output: 1 } },        // …a normal answer
 *   { toolCalls: [{ name: 'verdict', arguments: { choice: 'A' } }] },
 *   { raw: '{"choices": [' },                                  // truncated JSON
 *   { delayMs: 5_000 },                                        // slow answer
 * ] });
 * // server.requests[0].headers.authorization, server.requests[1].body.messages …
 * await server.close();
 */
export function startFakeOpenAI(options: { script: FakeScript }): Promise<FakeServer> {
  return startScriptedServer({ script: options.script, basePath: '/v1', shape: openAIReply });
}

function openAIReply(reply: FakeReply, request: FakeRequest): unknown {
  const usage = reply.usage === undefined ? { input: 10, output: 5 } : reply.usage;
  const toolCalls = reply.toolCalls?.map((call, i) => ({
    id: call.id ?? `call_${i}`,
    type: 'function',
    function: {
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model: reply.model ?? request.body?.model ?? 'fake-model',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: toolCalls && reply.text === undefined ? null : (reply.text ?? `echo: ${lastUserText(request.body)}`),
          ...(toolCalls && { tool_calls: toolCalls }),
        },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    ...(usage && {
      usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    }),
  };
}
