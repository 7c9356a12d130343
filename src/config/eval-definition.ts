import type { Grader } from '../graders/grader.js';
import type { MatrixOptions, PromptVariant, TargetVariant } from './matrix.js';
import type { OnlineSpec } from '../core/online-spec.js';
import { formatCount } from '../core/format-count.js';
import type { Target, TargetFunction } from '../targets/target.js';

/** A target as written in an eval file: `{ type: 'openai', model: …, … }`. */
export interface TargetSpec {
  readonly type: string;
  readonly [option: string]: unknown;
}

/** A grader as written in an eval file: `{ type: 'includes', value: 'refund' }`. */
export interface GraderSpec {
  readonly type: string;
  readonly name?: string;
  readonly [option: string]: unknown;
}

/**
 * An eval: dataset + target + graders + options. Written in TypeScript with `defineEval`, or
 * in YAML with the same keys.
 */
export interface EvalDefinition {
  readonly name: string;
  readonly description?: string;
  /** A dataset file path (relative to the eval file), or the cases inline. Required unless `online` is set. */
  readonly dataset?: string | readonly unknown[];
  /** Required unless `online` is set. */
  readonly target?: TargetSpec | Target | TargetFunction;
  /** An online eval: grade sampled production traces instead of a dataset and target (docs/online.md). */
  readonly online?: OnlineSpec;
  readonly graders: readonly (GraderSpec | Grader)[];
  /** Trials per case, for non-deterministic targets (default 1, at most 100,000). */
  readonly repeats?: number;
  /** Trials in flight at once (default 8, at most 1,000). */
  readonly concurrency?: number;
  /** Per-trial timeout for the target call, in milliseconds (default 60 000). */
  readonly timeoutMs?: number;
  /** Per grader call, in milliseconds (default 60 000); a grader spec's `timeoutMs` overrides it. */
  readonly graderTimeoutMs?: number;
  /**
   * Tools the target may call (docs/agents.md): `{ name, description?, parameters, result }`,
   * where `result` is `{ value }`, `{ byCase }`, `{ module, export? }` or `{ replay }`.
   */
  readonly tools?: readonly unknown[];
  /** Model calls per turn before a tool-calling loop is stopped (default 10). */
  readonly maxSteps?: number;
  /** The chat model that plays simulated users (`{ provider, model, baseUrl?, … }`), unless a case names its own. */
  readonly userModel?: { readonly provider: string; readonly model: string; readonly [option: string]: unknown };
  /** The shipping bar: rules checked by `assay gate` and `assay run --baseline`. */
  readonly gates?: readonly unknown[];
  /**
   * A matrix eval (docs/matrix.md): several targets, each with a `label`, instead of `target`.
   * `assay run` runs every target × prompt on the same cases, one run per cell.
   */
  readonly targets?: readonly TargetVariant[];
  /** Several prompts (each a `label` and a `prompt` template or `messages`), applied to chat-model targets. */
  readonly prompts?: readonly PromptVariant[];
  /** How a matrix is compared and gated: baseline cell, pairs, correction, self-grading, gates. */
  readonly matrix?: MatrixOptions;
}

/**
 * Declares an eval in a `*.eval.ts` file.
 *
 * @example
 * export default defineEval({
 *   name: 'support-bot',
 *   dataset: './cases.jsonl',
 *   target: async (c) => answer(String(c.input)),
 *   graders: [{ type: 'includes', value: '{{expected}}' }],
 *   repeats: 1,
 * });
 */
export function defineEval(definition: EvalDefinition): EvalDefinition {
  return definition;
}

export const EVAL_DEFAULTS = Object.freeze({ repeats: 1, concurrency: 8, timeoutMs: 60_000, graderTimeoutMs: 60_000 });

/**
 * Sane maxima: beyond these a typo (`repeats: 1000000000`) would write gigabytes for hours.
 * A run over `announceTrials` trials prints its planned size before the first call.
 */
export const EVAL_LIMITS = Object.freeze({
  repeats: 100_000,
  concurrency: 1_000,
  timeoutMs: 24 * 60 * 60 * 1000,
  graderTimeoutMs: 24 * 60 * 60 * 1000,
  trials: 10_000_000,
  announceTrials: 100_000,
});

/**
 * The top-level keys of an eval file, declared once: `validateEvalDefinition` accepts exactly
 * these (unknown keys get a did-you-mean) and docs/reference.md lists them from here.
 */
export const EVAL_KEYS: readonly {
  readonly key: keyof EvalDefinition;
  readonly type: string;
  readonly default: string;
  readonly description: string;
}[] = [
  { key: 'name', type: 'string', default: 'required', description: 'A short name for the eval, e.g. support-bot' },
  { key: 'description', type: 'string', default: '—', description: 'What the eval checks, shown in reports' },
  {
    key: 'dataset',
    type: 'string | case[]',
    default: 'required unless online',
    description: 'A JSONL/CSV/YAML/JSON file (relative to the eval file), or the cases inline',
  },
  {
    key: 'target',
    type: 'target',
    default: 'required unless online',
    description: 'The system under test: { type, … } (see Targets), or a function in a TS eval file',
  },
  {
    key: 'graders',
    type: 'grader[]',
    default: 'required',
    description: 'How outputs are scored: { type, … } (see Graders), or Grader objects in a TS eval file',
  },
  {
    key: 'repeats',
    type: `integer 1–${formatCount(EVAL_LIMITS.repeats)}`,
    default: String(EVAL_DEFAULTS.repeats),
    description: 'Trials per case, for non-deterministic targets',
  },
  {
    key: 'concurrency',
    type: `integer 1–${formatCount(EVAL_LIMITS.concurrency)}`,
    default: String(EVAL_DEFAULTS.concurrency),
    description: 'Trials in flight at once',
  },
  {
    key: 'timeoutMs',
    type: 'integer ≥ 1 (ms)',
    default: String(EVAL_DEFAULTS.timeoutMs),
    description: 'Per-trial timeout of the target call',
  },
  {
    key: 'graderTimeoutMs',
    type: 'integer ≥ 1 (ms)',
    default: String(EVAL_DEFAULTS.graderTimeoutMs),
    description: "Per grader call; a grader's own timeoutMs overrides it",
  },
  {
    key: 'gates',
    type: 'rule[]',
    default: '—',
    description: 'The shipping bar: rules checked by assay gate (see Gates)',
  },
  {
    key: 'online',
    type: 'object',
    default: '—',
    description: 'An online eval: grade sampled production traces instead of a dataset and target (docs/online.md)',
  },
  {
    key: 'targets',
    type: 'target[]',
    default: '—',
    description:
      'A matrix eval: several targets, each with a label, instead of target; one run per cell (docs/matrix.md)',
  },
  {
    key: 'prompts',
    type: 'prompt[]',
    default: '—',
    description: 'A matrix eval: several prompts, each a label and a prompt template or messages (docs/matrix.md)',
  },
  {
    key: 'matrix',
    type: 'object',
    default: '—',
    description:
      'How a matrix is compared and gated: baseline, pairs, correction, allowSelfGrading, gates (docs/matrix.md)',
  },
  {
    key: 'tools',
    type: 'tool[]',
    default: '—',
    description:
      'Tools the target may call: { name, description?, parameters, result }, result being { value }, { byCase }, { module, export? } or { replay } (docs/agents.md)',
  },
  {
    key: 'maxSteps',
    type: 'integer ≥ 1',
    default: '10',
    description: 'Model calls per turn before a tool-calling loop is stopped (docs/agents.md)',
  },
  {
    key: 'userModel',
    type: 'chat model',
    default: '—',
    description:
      'The chat model that plays simulated users ({ provider, model, baseUrl?, … }), unless a case names its own',
  },
];
