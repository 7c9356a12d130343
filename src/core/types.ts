/** A chat message, as OpenAI-style chat APIs exchange them. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly name?: string;
}

/** What a case feeds the target: plain text, a conversation, or any structured object. */
export type CaseInput = string | readonly ChatMessage[] | { readonly [key: string]: unknown };

/** Segment fields of a case. Values are scalars so they can be grouped on. */
export type CaseMetadata = { readonly [field: string]: string | number | boolean | null };

/** One item of an eval set. */
export interface Case {
  readonly id: string;
  readonly input: CaseInput;
  readonly expected?: unknown;
  /** typical / edge / adversarial / regression, or your own. */
  readonly slice: string;
  readonly metadata: CaseMetadata;
  /** Importance weight (inverse inclusion probability); 1 unless sampled unequally. */
  readonly weight: number;
  /** Provenance: a production trace id, a past failure, "synthetic"… */
  readonly source?: string;
}

export interface TokenUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
}

export interface ToolCall {
  readonly id?: string;
  readonly name: string;
  readonly arguments: unknown;
}

/** What a target returns for one case. */
export interface TargetOutput {
  /** The text answer, when the target produces text. */
  readonly text?: string;
  /** A structured answer, when the target produces one. */
  readonly value?: unknown;
  readonly messages?: readonly ChatMessage[];
  readonly toolCalls?: readonly ToolCall[];
  /** Retrieved passages, for RAG graders. */
  readonly context?: readonly string[];
  readonly usage?: TokenUsage;
  /** Cost in USD; null when the price is unknown (never a silent 0). */
  readonly costUsd?: number | null;
  readonly latencyMs?: number;
  readonly cached?: boolean;
  readonly model?: string;
  readonly meta?: { readonly [key: string]: unknown };
}

/** One grader's verdict on one trial. */
export interface Score {
  readonly grader: string;
  /** In [0, 1]; NaN when the score is an error. */
  readonly value: number;
  readonly pass?: boolean;
  readonly label?: string;
  readonly reason?: string;
  readonly meta?: { readonly [key: string]: unknown };
  /** Set when grading failed: the score then counts as an error, never a pass or a 0. */
  readonly error?: string;
  /** Set when the score waits for a person (human review). */
  readonly pending?: boolean;
}

export type RunStatus = 'running' | 'completed' | 'interrupted' | 'failed';

/** What identifies the system under test, so runs can be told apart. */
export interface TargetFingerprint {
  readonly kind: string;
  readonly model?: string;
  readonly promptHash?: string;
  readonly params?: { readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One (case, repeat) inside a run. */
export interface Trial {
  readonly runId: string;
  readonly caseId: string;
  readonly repeat: number;
  readonly output: TargetOutput | null;
  readonly scores: readonly Score[];
  /** Set when the target failed or timed out: the trial is an error. */
  readonly error: string | null;
  readonly startedAt: string;
  readonly latencyMs: number;
}
