/**
 * The OpenTelemetry GenAI semantic conventions, read from one span's attributes and events:
 * the model, token usage, and the input/output messages in each form in use today:
 * - attributes `gen_ai.input.messages` / `gen_ai.output.messages` (JSON, parts-based, semconv ≥ 1.37)
 *   and `gen_ai.system_instructions`;
 * - the event `gen_ai.client.inference.operation.details` carrying those same attributes;
 * - per-message events `gen_ai.system.message`, `gen_ai.user.message`, `gen_ai.assistant.message`,
 *   `gen_ai.tool.message` and `gen_ai.choice` (semconv 1.28–1.36, `content` / `message` attributes);
 * - indexed attributes `gen_ai.prompt.N.role|content` and `gen_ai.completion.N.role|content`
 *   (OpenLLMetry), and the events `gen_ai.content.prompt` / `gen_ai.content.completion`.
 */

export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

export interface GenAiFields {
  readonly model: string | null;
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  readonly input: ChatMessage[];
  readonly output: ChatMessage[];
  /** Attribute keys read here, so the caller does not copy message bodies into metadata. */
  readonly consumed: ReadonlySet<string>;
}

export interface SpanEvent {
  readonly name: string;
  readonly attributes: Record<string, unknown>;
}

const MESSAGE_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The text of a message's content: a string, parts (`{type: 'text', content}`) or an object with `content`/`text`. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map(textOf)
      .filter((t) => t !== '')
      .join('\n');
  if (typeof content === 'object' && content !== null) {
    const c = content as Record<string, unknown>;
    if (typeof c.content === 'string') return c.content;
    if (typeof c.text === 'string') return c.text;
    if (c.parts !== undefined) return textOf(c.parts);
    if (c.message !== undefined) return textOf(c.message);
    if (typeof c.result === 'string') return c.result;
  }
  return content === null || content === undefined ? '' : JSON.stringify(content);
}

/** A messages value (JSON string or array) as chat messages; a bare string is one message of `role`. */
function messagesOf(value: unknown, role: string): ChatMessage[] {
  const parsed = parseJson(value);
  if (parsed === undefined || parsed === null) return [];
  if (typeof parsed === 'string') return [{ role, content: parsed }];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((m) => {
    const msg = (typeof m === 'object' && m !== null ? m : { content: m }) as Record<string, unknown>;
    const inner = (typeof msg.message === 'object' && msg.message !== null ? msg.message : msg) as Record<
      string,
      unknown
    >;
    return {
      role: typeof inner.role === 'string' ? inner.role : role,
      content: textOf(inner.parts ?? inner.content ?? inner.text ?? inner),
    };
  });
}

const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

function indexed(attrs: Record<string, unknown>, prefix: string, role: string, consumed: Set<string>): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (let i = 0; `${prefix}.${i}.content` in attrs || `${prefix}.${i}.role` in attrs; i++) {
    consumed.add(`${prefix}.${i}.content`).add(`${prefix}.${i}.role`);
    const r = attrs[`${prefix}.${i}.role`];
    out.push({ role: typeof r === 'string' ? r : role, content: textOf(attrs[`${prefix}.${i}.content`]) });
  }
  return out;
}

export function readGenAi(attrs: Record<string, unknown>, events: readonly SpanEvent[]): GenAiFields {
  const consumed = new Set<string>([
    'gen_ai.input.messages',
    'gen_ai.output.messages',
    'gen_ai.system_instructions',
    'gen_ai.prompt',
    'gen_ai.completion',
  ]);
  const input: ChatMessage[] = [];
  const output: ChatMessage[] = [];
  const detail = events.find((e) => e.name === 'gen_ai.client.inference.operation.details')?.attributes ?? {};
  const source = { ...detail, ...attrs };
  input.push(...messagesOf(source['gen_ai.system_instructions'], 'system'));
  input.push(...messagesOf(source['gen_ai.input.messages'], 'user'));
  output.push(...messagesOf(source['gen_ai.output.messages'], 'assistant'));
  if (input.length === 0)
    input.push(...indexed(attrs, 'gen_ai.prompt', 'user', consumed), ...messagesOf(attrs['gen_ai.prompt'], 'user'));
  if (output.length === 0)
    output.push(
      ...indexed(attrs, 'gen_ai.completion', 'assistant', consumed),
      ...messagesOf(attrs['gen_ai.completion'], 'assistant'),
    );
  const haveInput = input.length > 0;
  const haveOutput = output.length > 0;
  for (const event of events) {
    const role = MESSAGE_EVENTS[event.name];
    const a = event.attributes;
    if (role !== undefined && !haveInput) {
      input.push({
        role: typeof a.role === 'string' ? a.role : role,
        content: textOf(parseJson(a.content ?? a.message ?? '')),
      });
    } else if (event.name === 'gen_ai.content.prompt' && !haveInput)
      input.push(...messagesOf(a['gen_ai.prompt'], 'user'));
    else if (event.name === 'gen_ai.choice' && !haveOutput)
      output.push(...messagesOf(a.message ?? a.content ?? '', 'assistant'));
    else if (event.name === 'gen_ai.content.completion' && !haveOutput)
      output.push(...messagesOf(a['gen_ai.completion'], 'assistant'));
  }
  return {
    model:
      typeof attrs['gen_ai.request.model'] === 'string'
        ? (attrs['gen_ai.request.model'] as string)
        : typeof attrs['gen_ai.response.model'] === 'string'
          ? (attrs['gen_ai.response.model'] as string)
          : null,
    inputTokens: count(attrs['gen_ai.usage.input_tokens'] ?? attrs['gen_ai.usage.prompt_tokens']),
    outputTokens: count(attrs['gen_ai.usage.output_tokens'] ?? attrs['gen_ai.usage.completion_tokens']),
    input,
    output,
    consumed,
  };
}
