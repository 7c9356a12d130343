import type { OnStop } from '../core/lazy-signal.js';
import type { ChatMessage, TargetOutput, ToolDefinition } from '../core/types.js';

/** A chat request to a model provider; the judge graders and chat targets both send these. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly topP?: number;
  readonly stop?: readonly string[];
  /** Best-effort determinism where the provider supports it (OpenAI, Ollama). */
  readonly seed?: number;
  /** Ask for JSON matching this schema where the provider supports it (tool call / JSON schema). */
  readonly responseSchema?: { readonly name: string; readonly schema: { readonly [key: string]: unknown } };
  /** Tools the model may call; its calls come back as `toolCalls`. */
  readonly tools?: readonly ToolDefinition[];
}

export interface ChatCallOptions {
  readonly signal: AbortSignal;
  /** The same stop as `signal` without making one (`TargetContext.onStop`); the signal is then read only when needed. */
  readonly onStop?: OnStop;
  readonly useCache: boolean;
  /**
   * Kept apart in the cache: targets pass the repeat number, so each repeat of a case is its
   * own sample (repeats exist to see variation) while re-running the eval still hits the cache.
   */
  readonly cacheVariant?: string | number;
}

/**
 * A model behind a provider API (OpenAI-compatible, Anthropic, Ollama). Returns the reply as a
 * `TargetOutput`: `text`, `toolCalls` (structured replies), `usage`, `costUsd` (null when the
 * price is unknown), `latencyMs`, `cached`, and the raw reply under `meta.raw`.
 */
export interface ChatModel {
  readonly provider: string;
  readonly model: string;
  chat(request: ChatRequest, options: ChatCallOptions): Promise<TargetOutput>;
}
