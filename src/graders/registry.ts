import { AssayError, isAssayError, type Issue } from '../core/errors.js';
import type { Grader, GraderEnvironment, GraderFactory, GraderSpec } from './grader.js';

export type { GraderEnvironment, GraderFactory, GraderSpec } from './grader.js';
import { GRADER_CONFIG_INVALID } from './rules/grader-config.js';
import { ruleGraderFactories } from './rules/index.js';
import { redteamGraderFactories } from './redteam/index.js';
import type { CodeGraderOptions } from './code/code-grader.js';
import type { CommandGraderOptions } from './command/command-grader.js';
import type { SimilarGraderOptions } from './similar/similar-grader.js';
import { trajectoryGraderFactories } from './trajectory/index.js';
import { didYouMean } from '../core/did-you-mean.js';
import { lazyFactory } from '../core/lazy-factory.js';

// Each family's module (a judge's model client, the sandbox) is imported when an eval uses it.
const createJudgeGraderFromSpec = lazyFactory(
  async () => (await import('./judge/judge-graders.js')).createJudgeGraderFromSpec,
);
const createHumanGrader = lazyFactory(async () => (await import('./human/human-grader.js')).createHumanGrader);
const createHybridGrader = lazyFactory(async () => (await import('./hybrid/hybrid-grader.js')).createHybridGrader);
const codeGrader = lazyFactory(async () => (await import('./code/code-grader.js')).codeGrader);
const commandGrader = lazyFactory(async () => (await import('./command/command-grader.js')).commandGrader);
const createConversationJudge = lazyFactory(
  async () => (await import('./judge/conversation-judge.js')).createConversationJudge,
);
const similarGrader = lazyFactory(async () => (await import('./similar/similar-grader.js')).similarGrader);

const factories = new Map<string, GraderFactory>([
  ...Object.entries(ruleGraderFactories),
  ...Object.entries(redteamGraderFactories),
  ...Object.entries(trajectoryGraderFactories),
]);
factories.set('judge.classify', createJudgeGraderFromSpec);
factories.set('judge.rubric', createJudgeGraderFromSpec);
factories.set('judge.pairwise', createJudgeGraderFromSpec);
factories.set('judge.factuality', createJudgeGraderFromSpec);
factories.set('judge.faithfulness', createJudgeGraderFromSpec);
factories.set('judge.answerRelevance', createJudgeGraderFromSpec);
factories.set('judge.contextRecall', createJudgeGraderFromSpec);
factories.set('judge.harmful', createJudgeGraderFromSpec);
factories.set('judge.conversation', (spec, env) => createConversationJudge(spec, env));
factories.set('human', createHumanGrader);
factories.set('hybrid', createHybridGrader);
factories.set('code', (spec) => codeGrader(spec as CodeGraderOptions));
factories.set('command', (spec, env) => commandGrader(spec as CommandGraderOptions, env));
factories.set('similar', (spec, env) => similarGrader(spec as SimilarGraderOptions, env));

/**
 * Adds a grader type, so `{ type }` in an eval file builds it. Judge and human grader
 * families register here, one line each.
 *
 * @example
 * registerGraderType('judge.rubric', createJudgeGraderFromSpec);
 */
export function registerGraderType(type: string, factory: GraderFactory): void {
  factories.set(type, factory);
}

/** The option schema a grader type validates its options with (docs/reference.md is generated from it). */
export { graderOptionSchema } from './rules/rule-options.js';

/** Every registered grader type, sorted. */
export function graderTypes(): string[] {
  return [...factories.keys()].sort();
}

/**
 * Turns one entry of an eval's `graders` list into a `Grader`. A ready `Grader` object (from a
 * TS eval file) is returned unchanged. Bad options throw `GRADER_CONFIG_INVALID` naming the
 * grader, its place (`graders[2]`) and each field.
 *
 * @example
 * const g = await createGrader({ type: 'includes', value: 'refund', ignoreCase: true }, { baseDir: '.', env: process.env });
 */
export async function createGrader(spec: GraderSpec | Grader, env: GraderEnvironment, index?: number): Promise<Grader> {
  if (isGrader(spec)) return spec;
  const place = index === undefined ? 'grader' : `graders[${index}]`;
  const raw = spec as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(`Grader ${place} is not an object.`, [
      { code: 'invalid_type', path: place, message: 'must be an object like { type: includes, value: refund }' },
    ]);
  }
  const { type, name } = spec as { type?: unknown; name?: unknown };
  const label =
    typeof name === 'string'
      ? `'${name}' (${place}${typeof type === 'string' ? `, type ${type}` : ''})`
      : typeof type === 'string'
        ? `'${type}' (${place})`
        : place;
  if (typeof type !== 'string' || type === '') {
    throw invalid(`Grader ${label} has no type.`, [
      { code: 'missing_field', path: `${place}.type`, message: `is required; one of ${graderTypes().join(', ')}` },
    ]);
  }
  const factory = factories.get(type);
  if (factory === undefined) {
    throw new AssayError('UNKNOWN_GRADER_TYPE', `Grader ${label} has an unknown type '${type}'.`, {
      issues: [
        {
          code: 'unknown_reference',
          path: `${place}.type`,
          message: `unknown type '${type}'${didYouMean(type, graderTypes())}`,
        },
      ],
      hint: `Grader types: ${graderTypes().join(', ')}.`,
    });
  }
  // `timeoutMs` is every grader's option: taken here, so no factory has to know it. Graders that
  // run a program (`code`, `command`) read it as that program's own limit and bound themselves.
  const ownLimit = OWN_TIME_LIMIT.has(type);
  const { timeoutMs, ...rest } = spec;
  const options = ownLimit ? spec : rest;
  if (
    !ownLimit &&
    timeoutMs !== undefined &&
    !(typeof timeoutMs === 'number' && Number.isInteger(timeoutMs) && timeoutMs > 0)
  ) {
    throw invalid(`Grader ${label} is misconfigured.`, [
      {
        code: 'invalid_value',
        path: `${place}.timeoutMs`,
        message: `must be a positive whole number of milliseconds, got ${JSON.stringify(timeoutMs)}`,
      },
    ]);
  }
  try {
    const grader = await factory(options as GraderSpec, env);
    return timeoutMs === undefined || ownLimit ? grader : withTimeout(grader, timeoutMs as number);
  } catch (error) {
    if (!isAssayError(error, GRADER_CONFIG_INVALID)) throw error;
    const issues = error.issues.map((issue) => ({ ...issue, path: `${place}.${issue.path}` }));
    throw new AssayError(GRADER_CONFIG_INVALID, `Grader ${label} is misconfigured.`, {
      issues,
      hint: error.hint,
      cause: error,
    });
  }
}

/**
 * Builds every grader of an eval, reporting the configuration problems of all of them at once,
 * and refusing two graders with the same name (their scores would be indistinguishable).
 */
export async function createGraders(
  specs: readonly (GraderSpec | Grader)[],
  env: GraderEnvironment,
): Promise<Grader[]> {
  return (await buildGraders(specs, env)).graders;
}

/**
 * {@link createGraders}, also passing over graders that cannot be set up here and say so
 * (`skip` picks those errors, e.g. a judge without a configured model): they are returned
 * with the reason instead of failing the eval.
 */
export async function buildGraders(
  specs: readonly (GraderSpec | Grader)[],
  env: GraderEnvironment,
  skip: (error: unknown) => boolean = () => false,
): Promise<{ graders: Grader[]; skipped: { name: string; reason: string }[] }> {
  const graders: Grader[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const issues: Issue[] = [];
  const failed: AssayError[] = [];
  const seen = new Map<string, number>();
  const claim = (name: string, i: number): void => {
    const first = seen.get(name);
    if (first !== undefined) {
      issues.push({
        code: 'duplicate',
        path: `graders[${i}].name`,
        message: `'${name}' is also the name of graders[${first}]; give each grader its own name`,
      });
    } else {
      seen.set(name, i);
    }
  };
  for (const [i, spec] of specs.entries()) {
    try {
      const grader = await createGrader(spec, env, i);
      claim(grader.name, i);
      graders.push(grader);
    } catch (error) {
      if (skip(error)) {
        const name = specName(spec);
        claim(name, i);
        skipped.push({ name, reason: (error as Error).message });
        continue;
      }
      if (!isAssayError(error, GRADER_CONFIG_INVALID) && !isAssayError(error, 'UNKNOWN_GRADER_TYPE')) throw error;
      issues.push(...error.issues);
      failed.push(error);
      // A misconfigured grader still holds its name, so a duplicate is reported with it.
      claim(specName(spec), i);
    }
  }
  // One misconfigured grader and nothing else: its own message names it.
  if (failed.length === 1 && issues.length === failed[0].issues.length) throw failed[0];
  if (issues.length > 0)
    throw invalid(`The graders have ${issues.length} problem${issues.length === 1 ? '' : 's'}.`, issues);
  return { graders, skipped };
}

function specName(spec: unknown): string {
  const s = spec as { name?: unknown; type?: unknown };
  return typeof s.name === 'string' ? s.name : typeof s.type === 'string' ? s.type : 'grader';
}

/** The grader with its own time limit (a YAML `timeoutMs`). */
function withTimeout(grader: Grader, timeoutMs: number): Grader {
  return { ...grader, timeoutMs, grade: (testCase, output, ctx) => grader.grade(testCase, output, ctx) };
}

/** Grader types whose `timeoutMs` limits the program they run (the sandbox kills it and grades a fail). */
const OWN_TIME_LIMIT: ReadonlySet<string> = new Set(['code', 'command']);

function invalid(message: string, issues: readonly Issue[]): AssayError {
  return new AssayError(GRADER_CONFIG_INVALID, message, {
    issues,
    hint: 'Fix the grader options listed above in the eval file.',
  });
}

function isGrader(value: unknown): value is Grader {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Grader).grade === 'function' &&
    typeof (value as Grader).name === 'string'
  );
}
