import { AssayError } from '../../core/errors.js';
import type { ImagePart, TokenUsage, ToolCall } from '../../core/types.js';
import type { ChatRequest } from '../chat-model.js';
import type { TransportRequest } from '../transport/http-transport.js';

/** A chat provider's reply, in our words. */
export interface ParsedChatReply {
  readonly text: string;
  readonly toolCalls?: readonly ToolCall[];
  readonly usage?: TokenUsage;
  readonly model?: string;
  /** The structured answer when the request carried a `responseSchema` and the reply parsed. */
  readonly value?: unknown;
  readonly finishReason?: string;
}

/**
 * How one provider's HTTP API spells a chat request and its reply. Adding a provider means
 * one folder with a dialect, a config and a target, plus a registration line.
 */
export interface ChatDialect {
  readonly provider: 'openai' | 'anthropic' | 'ollama';
  readonly defaultBaseUrl: string;
  /** Env var holding the API key by default; null when the provider needs none. */
  readonly defaultApiKeyEnv: string | null;
  buildRequest(input: {
    baseUrl: string;
    model: string;
    request: ChatRequest;
    apiKey: string | undefined;
  }): TransportRequest;
  /** Throws an Error saying which field is missing when the body is not a reply of this API. */
  parseReply(body: unknown): ParsedChatReply;
}

/** Reads a nested field for a reply parser, throwing `expected <path> …` when it is missing. */
export function field(body: unknown, path: string, type: 'string' | 'object' | 'array'): any {
  let value: unknown = body;
  for (const key of path.split('.')) {
    value =
      value !== null && typeof value === 'object'
        ? (value as Record<string, unknown>)[Array.isArray(value) ? Number(key) : key]
        : undefined;
  }
  const ok =
    type === 'array'
      ? Array.isArray(value)
      : type === 'object'
        ? value !== null && typeof value === 'object'
        : typeof value === type;
  if (!ok)
    throw new Error(
      `expected ${path} to be ${type === 'array' ? 'an array' : `a${type === 'object' ? 'n' : ''} ${type}`}`,
    );
  return value;
}

export function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** What a JSON text may start with (after whitespace): an object, array, string, number, true, false or null. */
const JSON_START = /^\s*[[{"\-0-9tfn]/;

export function parseJsonOrUndefined(text: string): unknown {
  // Most replies are prose: a first character no JSON value starts with settles it without
  // a thrown SyntaxError, which costs more than the rest of the reply's handling.
  if (!JSON_START.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `http://host:1/v1/` + `/chat/completions` without doubled or missing slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

/** A one-header record for a credential, or none when there is no key. */
export function secretHeader(name: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [name]: value };
}

/**
 * A tool call's arguments as the model sent them: JSON text is parsed, an object kept. Text
 * that is not JSON is kept raw with `argumentsError` set, so the trajectory shows what the
 * model did and graders can score it as an error instead of the run crashing.
 */
export function toolArguments(raw: unknown): Pick<ToolCall, 'arguments' | 'argumentsError'> {
  if (typeof raw !== 'string') return { arguments: raw ?? {} };
  if (raw.trim() === '') return { arguments: {} };
  try {
    return { arguments: JSON.parse(raw) as unknown };
  } catch (error) {
    return { arguments: raw, argumentsError: `arguments are not valid JSON: ${(error as Error).message}` };
  }
}

/** Where an image's bytes are, once its file (if any) has been read into a `data:` URI. */
export type ImageSource =
  | { readonly kind: 'data'; readonly mediaType: string; readonly data: string }
  | { readonly kind: 'url'; readonly url: string };

/** Splits an image part's URL into a data URI's media type and base64 bytes, or a remote URL. */
export function imageSource(part: ImagePart): ImageSource {
  const url = part.url;
  if (url === undefined) {
    throw new AssayError('IMAGE_NOT_RESOLVED', `The image ${part.path ?? ''} was not read before sending.`, {
      hint: 'Image files are read at call time by the chat target; pass the dataset folder in the target context.',
    });
  }
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return data ? { kind: 'data', mediaType: data[1], data: data[2] } : { kind: 'url', url };
}
