import { withLazySignal } from '../../core/lazy-signal.js';
import type { TargetOutput } from '../../core/types.js';
import type { ChatCallOptions, ChatModel, ChatRequest } from '../chat-model.js';
import { costUsd, type ModelPrice } from '../pricing.js';
import { resolveResponseCache } from '../transport/resolve-response-cache.js';
import { describeUrl, HttpTransport } from '../transport/http-transport.js';
import type { PacingProvider } from '../transport/pacing.js';
import type { ResponseCache } from '../transport/response-cache.js';
import { resolveApiKey } from './api-key.js';
import type { ChatDialect } from './chat-dialect.js';

/** Settings of a model behind a provider API; request fields override the sampling defaults. */
export interface ProviderChatModelConfig {
  readonly model: string;
  readonly baseUrl?: string;
  readonly apiKeyEnv?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly topP?: number;
  readonly stop?: string | readonly string[];
  readonly seed?: number;
  readonly timeoutMs?: number;
  readonly retries?: number;
  readonly rateLimit?: number;
  readonly cache?: boolean;
  readonly cacheDir?: string;
  readonly pricing?: ModelPrice;
}

/** What a model needs from its surroundings. */
export interface ChatModelEnvironment {
  readonly env: NodeJS.ProcessEnv;
  /** Folder that a relative `cacheDir` resolves against (default: the working directory). */
  readonly baseDir?: string;
  /** A cache to use instead of the file cache (tests pass an in-memory one). */
  readonly cache?: ResponseCache;
  /** Request pacing shared between processes (queue workers). */
  readonly pacing?: PacingProvider;
}

/**
 * A `ChatModel` over one provider dialect and the shared HTTP transport. The API key is read
 * once, kept in a private field and only ever placed in a secret header.
 */
export class ProviderChatModel implements ChatModel {
  readonly provider: string;
  readonly model: string;
  readonly baseUrl: string;
  readonly #dialect: ChatDialect;
  readonly #config: ProviderChatModelConfig;
  readonly #apiKey: string | undefined;
  readonly #transport: HttpTransport;

  constructor(dialect: ChatDialect, config: ProviderChatModelConfig, environment: ChatModelEnvironment) {
    this.#dialect = dialect;
    this.#config = Object.freeze({ ...config });
    this.provider = dialect.provider;
    this.model = config.model;
    this.baseUrl = config.baseUrl ?? dialect.defaultBaseUrl;
    this.#apiKey = resolveApiKey({
      provider: dialect.provider,
      apiKeyEnv: config.apiKeyEnv ?? dialect.defaultApiKeyEnv,
      baseUrl: this.baseUrl,
      env: environment.env,
      explicit: config.apiKeyEnv !== undefined,
    });
    this.#transport = new HttpTransport({
      name: `${dialect.provider}:${config.model}`,
      timeoutMs: config.timeoutMs,
      retries: config.retries,
      rateLimit: config.rateLimit,
      pacer: environment.pacing?.(`${dialect.provider}:${config.model}@${describeUrl(this.baseUrl)}`, config.rateLimit),
      cache: config.cache === false ? null : resolveResponseCache(environment, config.cacheDir),
    });
  }

  /** True when a request with this temperature is cached (config `cache`, else temperature 0). */
  cacheable(temperature: number | undefined): boolean {
    return this.#config.cache ?? temperature === 0;
  }

  async chat(request: ChatRequest, options: ChatCallOptions): Promise<TargetOutput> {
    const c = this.#config;
    const full: ChatRequest = Object.assign({}, request, {
      temperature: request.temperature ?? c.temperature,
      maxTokens: request.maxTokens ?? c.maxTokens,
      topP: request.topP ?? c.topP,
      stop: request.stop ?? (c.stop === undefined ? undefined : typeof c.stop === 'string' ? [c.stop] : c.stop),
      seed: request.seed ?? c.seed,
    });
    const http = this.#dialect.buildRequest({
      baseUrl: this.baseUrl,
      model: this.model,
      request: full,
      apiKey: this.#apiKey,
    });
    const result = await this.#transport.send(
      http,
      // The signal is passed on unread (see ChatCallOptions.onStop).
      withLazySignal(
        {
          cache: options.useCache && this.cacheable(full.temperature),
          cacheVariant: options.cacheVariant,
          onStop: options.onStop,
        },
        () => options.signal,
      ),
      (body) => this.#dialect.parseReply(body),
    );
    const reply = result.value;
    return {
      text: reply.text,
      ...(reply.value !== undefined && { value: reply.value }),
      ...(reply.toolCalls && reply.toolCalls.length > 0 && { toolCalls: reply.toolCalls }),
      ...(reply.usage && { usage: reply.usage }),
      costUsd: costUsd(this.model, reply.usage, c.pricing),
      latencyMs: Math.round(result.latencyMs * 10) / 10,
      cached: result.cached,
      model: reply.model ?? this.model,
      meta: {
        raw: result.body,
        attempts: result.attempts,
        ...(reply.finishReason && { finishReason: reply.finishReason }),
      },
    };
  }
}
