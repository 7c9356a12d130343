/** A piece of text inside a message's content. */
export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

/**
 * An image inside a message's content. Exactly one source: `url` (https URL or `data:` URI) or
 * `path` (a file relative to the dataset, read when the target is called).
 */
export interface ImagePart {
  readonly type: 'image';
  readonly url?: string;
  readonly path?: string;
  /** What the image shows, for people reading the transcript (never sent as the image). */
  readonly alt?: string;
}

export type ContentPart = TextPart | ImagePart;

/** A message's content: plain text, or text and image parts in order. */
export type MessageContent = string | readonly ContentPart[];

/**
 * A chat message, as OpenAI-style chat APIs exchange them. An assistant message may carry the
 * tool calls it made; a tool message answers one call, named by `toolCallId`.
 */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: MessageContent;
  readonly name?: string;
  readonly toolCalls?: readonly ToolCall[];
  readonly toolCallId?: string;
}

/** What a case feeds the target: plain text, a conversation, or any structured object. */
export type CaseInput = string | readonly ChatMessage[] | { readonly [key: string]: unknown };

/** Segment fields of a case. Values are scalars so they can be grouped on. */
export type CaseMetadata = { readonly [field: string]: string | number | boolean | null };

/** One scripted user turn of a conversation case. */
export interface ConversationTurn {
  /** What the user says. */
  readonly user: MessageContent;
  /** What this turn's reply should be: the eval's graders check this turn's reply against it. */
  readonly expected?: unknown;
  /** Graders for this turn's reply only (`{ type, name?, … }`), besides the eval's. */
  readonly graders?: readonly { readonly type: string; readonly name?: string; readonly [option: string]: unknown }[];
}

/** A chat model plays the user until the goal is met, `maxTurns`, or a stop phrase. */
export interface SimulatedUser {
  /** Who the user is ("a busy shop owner who writes in short sentences"). */
  readonly persona: string;
  /** What the user wants; the simulated user says it is met with the goal phrase. */
  readonly goal: string;
  /** At most this many user turns (default 5). */
  readonly maxTurns: number;
  /** The model that plays the user (`{ provider, model, … }`); default: the eval's `userModel`. */
  readonly model?: { readonly provider: string; readonly model: string; readonly [option: string]: unknown };
  /** The conversation ends when the target's reply contains one of these. */
  readonly stopPhrases?: readonly string[];
  /** The first user message; default: the simulated user writes it. */
  readonly opening?: string;
}

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
  /** A scripted conversation: the target is called once per turn with the history so far. */
  readonly turns?: readonly ConversationTurn[];
  /** A conversation played by a simulated user. */
  readonly simulatedUser?: SimulatedUser;
}
/** True for a case played turn by turn: scripted turns or a simulated user. */
export function isConversation(testCase: Case): boolean {
  return testCase.turns !== undefined || testCase.simulatedUser !== undefined;
}

export interface TokenUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly totalTokens?: number;
}

export interface ToolCall {
  readonly id?: string;
  readonly name: string;
  /** The parsed arguments; the raw text when the model sent arguments that are not JSON. */
  readonly arguments: unknown;
  /** Set when the model's arguments could not be parsed (malformed JSON): why. */
  readonly argumentsError?: string;
}

/** A tool an agent may call: its name, what it does, and a JSON Schema of its arguments. */
export interface ToolDefinition {
  readonly name: string;
  readonly description?: string;
  readonly parameters: { readonly [key: string]: unknown };
}

/** Why a trajectory ended. */
export type TrajectoryStopReason =
  'final_answer' | 'max_steps' | 'goal_met' | 'max_turns' | 'stop_phrase' | 'turns_done' | 'error';

/** One call of the model inside a trajectory. */
export interface TrajectoryStep {
  /** 0-based turn of the conversation this call answered (0 for a single-turn case). */
  readonly turn: number;
  readonly latencyMs: number;
  readonly usage?: TokenUsage;
  readonly model?: string;
}

/** A message of a trajectory, with when it happened and, for tool results, how it went. */
export interface TrajectoryMessage extends ChatMessage {
  /** 0-based turn of the conversation. */
  readonly turn: number;
  /** Time the model call (assistant) or tool call (tool) took. */
  readonly latencyMs?: number;
  /** Tool messages: the tool failed (threw, unknown tool, malformed arguments); `content` says so too. */
  readonly error?: string;
}

/**
 * What an agent or a conversation did, in order: every message (user turns, assistant replies
 * with their tool calls, tool results), one step per model call, and why it ended.
 */
export interface Trajectory {
  readonly messages: readonly TrajectoryMessage[];
  readonly steps: readonly TrajectoryStep[];
  readonly stopReason: TrajectoryStopReason;
  /** Number of user turns played. */
  readonly turns: number;
}

/** What a target returns for one case. */
export interface TargetOutput {
  /** The text answer, when the target produces text. */
  readonly text?: string;
  /** A structured answer, when the target produces one. */
  readonly value?: unknown;
  readonly messages?: readonly ChatMessage[];
  readonly toolCalls?: readonly ToolCall[];
  /** What an agent or conversation did, stored whole: messages, tool calls and results, steps. */
  readonly trajectory?: Trajectory;
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
