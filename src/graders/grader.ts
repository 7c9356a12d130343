import type { Case, Score, TargetOutput } from '../core/types.js';

export interface GraderContext {
  readonly signal: AbortSignal;
  readonly runId: string;
  readonly repeat: number;
  readonly useCache: boolean;
  /** Scores of the graders listed before this one, for policies and hybrids that depend on them. */
  readonly previousScores?: readonly Score[];
  /** The eval's `timeoutMs`: model-graded scores give up after it (see `withJudgeDeadline`). */
  readonly timeoutMs?: number;
  /**
   * Claims one of `size` audit places of this run for a case, shared by every process that
   * writes the run (kept in the store). Absent outside a run: graders then keep the sample in memory.
   */
  readonly claimAuditSlot?: (grader: string, caseId: string, size: number) => Promise<boolean>;
}

/** What a grader returns; the runner turns it into a stored `Score`. */
export interface GraderResult {
  /** In [0, 1]. Anything else makes the score an error. */
  readonly value: number;
  /** Defaults to `value >= threshold` (threshold 1 for rules, 0.5 unless set otherwise). */
  readonly pass?: boolean;
  readonly label?: string;
  readonly reason?: string;
  readonly meta?: { readonly [key: string]: unknown };
  /** The score waits for a person; value is NaN until a review lands. */
  readonly pending?: boolean;
}

export type GraderKind = 'rule' | 'judge' | 'code' | 'human' | 'hybrid' | 'custom';

/**
 * Scores one trial's output. Throwing, or returning a value outside [0, 1], makes the score
 * an error, never a pass or a silent 0.
 *
 * @example
 * const nonEmpty: Grader = {
 *   name: 'non-empty',
 *   kind: 'custom',
 *   grade: (_c, out) => ({ value: out.text ? 1 : 0, reason: out.text ? 'answered' : 'empty answer' }),
 * };
 */
export interface Grader {
  readonly name: string;
  readonly kind: GraderKind;
  /** Pass threshold on `value` when the grader does not set `pass` itself. */
  readonly threshold?: number;
  /** How long one `grade` call may take before it becomes an error score (default: the eval's `graderTimeoutMs`). */
  readonly timeoutMs?: number;
  /**
   * What the grader reads in a conversation case: `output` (default) grades each turn that has
   * an `expected` (and the conversation as all of them); `conversation` grades the whole
   * conversation or trajectory once (trajectory graders, `judge.conversation`).
   */
  readonly scope?: 'output' | 'conversation';
  /** pass@k values to report for this grader (code graders: `passAtK: [1, 10]`); each k ≤ the eval's repeats. */
  readonly passAtK?: readonly number[];
  grade(testCase: Case, output: TargetOutput, ctx: GraderContext): GraderResult | Promise<GraderResult>;
}

/** What every grader factory receives besides its own spec. */
export interface GraderEnvironment {
  /** Folder that relative paths in the spec resolve against (the eval file's folder). */
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A grader as written in YAML: `{ type, name?, …options }`. */
export interface GraderSpec {
  readonly type: string;
  readonly name?: string;
  readonly [option: string]: unknown;
}

/** Builds a grader from its spec; throws `AssayError` (e.g. `GRADER_CONFIG_INVALID`) on bad options. */
export type GraderFactory = (spec: GraderSpec, env: GraderEnvironment) => Grader | Promise<Grader>;
