import { relative } from 'node:path';
import { AssayError, isAssayError } from '../core/errors.js';
import { formatCount } from '../core/format-count.js';
import { isConversation, type Case } from '../core/types.js';
import type { CaseList, StreamedDataset } from '../datasets/dataset.js';
import { openDataset } from '../datasets/open-dataset.js';
import type { Grader } from '../graders/grader.js';
import { buildGraders } from '../graders/registry.js';
import { functionTarget } from '../targets/function/function-target.js';
import { createTarget } from '../targets/registry.js';
import type { Target, TargetEnvironment } from '../targets/target.js';
import type { PacingProvider } from '../targets/transport/pacing.js';
import { stripUrlCredentials } from '../targets/transport/url-credentials.js';
import { EVAL_DEFAULTS, EVAL_LIMITS, type GraderSpec, type TargetSpec } from './eval-definition.js';
import type { LoadedEval } from './load-eval-file.js';
import { buildTurnGraders, resolveAgentSetup } from './resolve-agent.js';
import type { AgentSetup } from '../targets/agent-setup.js';

/** Command-line overrides of an eval file's options. */
export interface EvalOverrides {
  readonly repeats?: number;
  readonly concurrency?: number;
  readonly timeoutMs?: number;
  /** Keep the first N cases (after filtering). */
  readonly limit?: number;
  /** `field=value` pairs; `slice=edge`, `intent=refund` or `metadata.intent=refund`. */
  readonly filters?: readonly string[];
}

/** An eval ready to run: every file loaded, every spec turned into an object. */
export interface ResolvedEval {
  readonly name: string;
  /** The dataset; a JSONL or CSV file streams its cases from the file on each iteration. */
  readonly dataset: StreamedDataset;
  /** The cases this run uses (the dataset after filters and limit), streamed: `for await (const c of ev.cases)`. */
  readonly cases: CaseList;
  readonly target: Target;
  readonly graders: readonly Grader[];
  /** Graders the file names that could not be set up here, with the reason (e.g. no judge model). */
  readonly skippedGraders: readonly { readonly name: string; readonly reason: string }[];
  readonly repeats: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  /** Per grader call (default 60 000 ms); a grader's own `timeoutMs` wins. */
  readonly graderTimeoutMs?: number;
  readonly gates: readonly unknown[];
  /** Tools, step limit, image folder and simulated-user model, handed to each trial. */
  readonly agent?: AgentSetup;
  /** Graders named by conversation turns, by their spec's canonical JSON. */
  readonly turnGraders?: ReadonlyMap<string, Grader>;
  /** A JSON snapshot of the options, for the run record (no functions, no secrets). */
  readonly snapshot: { readonly [key: string]: unknown };
}

export interface ResolveEvalOptions {
  /** Request pacing shared between processes, for the target (queue workers pass one backed by Postgres). */
  readonly pacing?: PacingProvider;
}

export async function resolveEval(
  loaded: LoadedEval,
  overrides: EvalOverrides = {},
  env = process.env,
  options: ResolveEvalOptions = {},
): Promise<ResolvedEval> {
  const def = loaded.definition;
  if (def.dataset === undefined || def.target === undefined) {
    throw new AssayError('EVAL_ONLINE_ONLY', `${def.name} is an online eval: it has no dataset or target to run.`, {
      hint: 'Grade production traces with `assay online run <eval>`, or add dataset and target for offline runs.',
    });
  }
  const context = { baseDir: loaded.baseDir, env };
  const label = relative(process.cwd(), loaded.file) || loaded.file;
  const datasetName = typeof def.dataset === 'string' ? undefined : def.name;
  const baseDir = loaded.baseDir;
  const datasetSpec = def.dataset;
  const dataset = await inEvalFile(label, () => openDataset(datasetSpec, { baseDir, name: datasetName }));
  const cases = await selectCaseList(dataset.cases, overrides);
  if (cases.length === 0) {
    throw new AssayError(
      'NO_CASES',
      `No case of ${dataset.name} matches ${overrides.filters?.join(', ') ?? 'the filters'}.`,
      {
        hint: 'Check the --filter field and value (e.g. --filter slice=edge).',
      },
    );
  }
  const target = await inEvalFile(label, () => toTarget(def.target, { ...context, pacing: options.pacing }));
  // Every grader problem (bad options, unknown types, duplicate names) is reported at once.
  const skipJudge = (e: unknown) => isAssayError(e, 'JUDGE_NOT_CONFIGURED');
  const built = await inEvalFile(label, () =>
    buildGraders(def.graders as readonly (GraderSpec | Grader)[], context, skipJudge),
  );
  const graders = built.graders;
  const skippedGraders = built.skipped;
  if (graders.length === 0) {
    throw new AssayError('NO_GRADERS', `Every grader of ${def.name} was skipped.`, {
      hint: skippedGraders.map((s) => `${s.name}: ${s.reason}`).join('\n'),
    });
  }
  const repeats = overrides.repeats ?? def.repeats ?? EVAL_DEFAULTS.repeats;
  const tooBig = graders.flatMap((g) =>
    (g.passAtK ?? []).filter((k) => k > repeats).map((k) => ({ grader: g.name, k })),
  );
  if (tooBig.length > 0) {
    throw new AssayError(
      'PASS_AT_K_ABOVE_REPEATS',
      `pass@${tooBig[0]!.k} of grader '${tooBig[0]!.grader}' needs at least ${tooBig[0]!.k} samples per case, but the eval runs ${repeats}.`,
      {
        hint: `Set repeats: ${Math.max(...tooBig.map((t) => t.k))} (or more) in the eval file, or lower passAtK.`,
      },
    );
  }
  const concurrency = overrides.concurrency ?? def.concurrency ?? EVAL_DEFAULTS.concurrency;
  const timeoutMs = overrides.timeoutMs ?? def.timeoutMs ?? EVAL_DEFAULTS.timeoutMs;
  checkPlannedTrials(label, cases.length, repeats);
  const graderTimeoutMs = def.graderTimeoutMs ?? EVAL_DEFAULTS.graderTimeoutMs;
  const gates = def.gates ?? [];
  // Conversation cases (scripted turns or a simulated user) name models and graders of their own;
  // one pass over the streamed cases keeps just those, skipped when the file had none.
  const conversations: Case[] = [];
  if (cases.conversations !== 0) for await (const c of cases) if (isConversation(c)) conversations.push(c);
  const agent = await inEvalFile(label, () => resolveAgentSetup(def, dataset, conversations, { baseDir, env }));
  const turnGraders = await inEvalFile(label, () => buildTurnGraders(conversations, context));
  return {
    agent,
    ...(turnGraders && { turnGraders }),
    name: def.name,
    dataset,
    cases,
    target,
    graders,
    skippedGraders,
    repeats,
    concurrency,
    timeoutMs,
    graderTimeoutMs,
    gates,
    snapshot: {
      file: loaded.file,
      repeats,
      concurrency,
      timeoutMs,
      graderTimeoutMs,
      graders: graders.map((g) => ({
        name: g.name,
        kind: g.kind,
        ...(g.threshold !== undefined && { threshold: g.threshold }),
        ...(g.passAtK !== undefined && { passAtK: [...g.passAtK] }),
      })),
      // The graders as written in the file (those that are plain data), so later commands
      // (`compare --pairwise <name>`) can rebuild one by name. Specs hold env-var names, never keys.
      // Specs hold env-var names, never keys, but a key typed into a URL (`user:key@host`) is removed.
      graderSpecs: def.graders
        .filter(isPlainSpec)
        .map((g) => JSON.parse(stripUrlCredentials(JSON.stringify(g))) as unknown),
      skippedGraders,
      gates: JSON.parse(JSON.stringify(gates)) as unknown,
      ...(agent.tools && { tools: agent.tools.definitions.map((t) => t.name), maxSteps: agent.maxSteps }),
      filters: overrides.filters ?? [],
      limit: overrides.limit ?? null,
    },
  };
}

/** Errors from the dataset, the target or a grader name the eval file they came from. */
async function inEvalFile<T>(label: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw namingFile(label, error);
  }
}

function namingFile(label: string, error: unknown): unknown {
  if (!(error instanceof AssayError) || error.message.includes(label)) return error;
  const { code, hint, issues } = error;
  return new AssayError(code, `${label}: ${error.message}`, { hint, issues, cause: error });
}

function checkPlannedTrials(file: string, cases: number, repeats: number): void {
  if (cases * repeats <= EVAL_LIMITS.trials) return;
  const size = `${formatCount(cases)} cases × ${formatCount(repeats)} repeats is ${formatCount(cases * repeats)} trials`;
  throw new AssayError('TOO_MANY_TRIALS', `${file}: ${size}, over the limit of ${formatCount(EVAL_LIMITS.trials)}.`, {
    hint: 'Lower repeats (or --repeats), or run a subset with --limit / --filter.',
  });
}

function isPlainSpec(spec: unknown): boolean {
  return (
    typeof spec === 'object' &&
    spec !== null &&
    typeof (spec as { type?: unknown }).type === 'string' &&
    typeof (spec as { grade?: unknown }).grade !== 'function'
  );
}

async function toTarget(target: unknown, context: TargetEnvironment): Promise<Target> {
  if (typeof target === 'function')
    return functionTarget(target as Parameters<typeof functionTarget>[0], { name: target.name || 'function' });
  const t = target as Partial<Target> & Partial<TargetSpec>;
  if (typeof t.call === 'function') return t as Target;
  return createTarget(t as TargetSpec, context);
}

function caseField(c: Case, field: string): string | undefined {
  if (field === 'slice') return c.slice;
  if (field === 'id') return c.id;
  const key = field.startsWith('metadata.') ? field.slice('metadata.'.length) : field;
  const v = c.metadata[key];
  return v === undefined ? undefined : String(v);
}

export function selectCases(all: readonly Case[], overrides: EvalOverrides): Case[] {
  const matches = caseFilter(overrides);
  const cases = all.filter(matches);
  return overrides.limit === undefined ? cases : cases.slice(0, overrides.limit);
}

/**
 * The cases a run uses, as a list that streams: filters and limit apply while reading. With
 * filters, the matching cases are counted in one extra pass so the run knows its size.
 */
export async function selectCaseList(all: CaseList, overrides: EvalOverrides): Promise<CaseList> {
  const filtered = (overrides.filters ?? []).length > 0;
  if (!filtered && overrides.limit === undefined) return all;
  // A subset of a list without conversations has none either.
  const conversations = all.conversations === 0 ? { conversations: 0 } : {};
  const matches = caseFilter(overrides);
  const limit = overrides.limit ?? Infinity;
  let length = 0;
  if (filtered) {
    for await (const c of all) {
      if (length >= limit) break;
      if (matches(c)) length += 1;
    }
  } else length = Math.min(limit, all.length);
  return {
    length,
    ...conversations,
    async *[Symbol.asyncIterator]() {
      let taken = 0;
      for await (const c of all) {
        if (taken >= limit) return;
        if (!matches(c)) continue;
        taken += 1;
        yield c;
      }
    },
  };
}

function caseFilter(overrides: EvalOverrides): (c: Case) => boolean {
  const filters = (overrides.filters ?? []).map((f) => {
    const eq = f.indexOf('=');
    if (eq <= 0) {
      throw new AssayError('BAD_FILTER', `--filter '${f}' is not of the form field=value.`, {
        hint: 'Use e.g. --filter slice=edge or --filter intent=refund (metadata fields by name).',
      });
    }
    return {
      field: f.slice(0, eq).trim(),
      values: f
        .slice(eq + 1)
        .split(',')
        .map((v) => v.trim()),
    };
  });
  return (c) => filters.every((f) => f.values.includes(caseField(c, f.field) ?? '\u0000'));
}
