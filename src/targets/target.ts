import type { OnStop } from '../core/lazy-signal.js';
import type { Case, TargetFingerprint, TargetOutput } from '../core/types.js';
import type { AgentTools } from './function/agent-tools.js';
import type { Toolbox } from './tools/toolbox.js';
import type { PacingProvider } from './transport/pacing.js';
import type { ResponseCache } from './transport/response-cache.js';

export interface TargetContext {
  /** Aborted on timeout or when the run is cancelled; pass it to every I/O call. */
  readonly signal: AbortSignal;
  /**
   * The same stop as `signal`, without making one (the runner gives it; it is cheaper for a
   * call that ends normally): registers a listener, returns its remover. Pass it on with
   * the signal where a call takes both (`ChatCallOptions`, `TransportCallOptions`).
   */
  readonly onStop?: OnStop;
  readonly runId: string;
  readonly repeat: number;
  /** False when the user asked for `--no-cache`. */
  readonly useCache: boolean;
  /** The eval's tools; chat targets run the tool-calling loop with them, function targets may call them. */
  readonly tools?: Toolbox;
  /** Model calls per turn before a tool-calling loop is stopped (default 10). */
  readonly maxSteps?: number;
  /** Folder that image paths in the case resolve against (the dataset file's folder). */
  readonly datasetDir?: string;
  /** 0-based turn of a conversation being played (0 for a single-turn case). */
  readonly turn?: number;
}

/**
 * The system under test: `(case, ctx) -> output`.
 *
 * @example
 * const echo: Target = {
 *   name: 'echo',
 *   fingerprint: () => ({ kind: 'function', name: 'echo' }),
 *   call: async (c) => ({ text: String(c.input) }),
 * };
 */
export interface Target {
  readonly name: string;
  fingerprint(): TargetFingerprint;
  call(testCase: Case, ctx: TargetContext): Promise<TargetOutput>;
  close?(): Promise<void>;
}

/** What a plain function target may return: a string is taken as the text answer. */
export type TargetFunctionResult = string | TargetOutput;
/** What a function target receives: the context, with tools it can `call` (recorded in the trajectory). */
export interface FunctionTargetContext extends TargetContext {
  readonly tools?: AgentTools;
}

export type TargetFunction = (
  testCase: Case,
  ctx: FunctionTargetContext,
) => TargetFunctionResult | Promise<TargetFunctionResult>;

/** Options every target factory receives, besides its own config. */
export interface TargetEnvironment {
  /** Folder that relative paths in the config resolve against (the eval file's folder). */
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Response cache for HTTP targets instead of the default `.assay/cache/` files (tests pass an in-memory one). */
  readonly cache?: ResponseCache;
  /** Request pacing shared between processes (queue workers); default: each transport paces itself. */
  readonly pacing?: PacingProvider;
}
