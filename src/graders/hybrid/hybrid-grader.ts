import { AssayError } from '../../core/errors.js';
import type { Case, Score, TargetOutput } from '../../core/types.js';
import type { Grader, GraderContext, GraderResult } from '../grader.js';
import type { GraderEnvironment, GraderSpec } from '../grader.js';
import { runGrader } from '../run-grader.js';
import { SpecReader } from '../judge/spec-reader.js';
import { hybridGraderSchema } from './hybrid-schema.js';
import type { ReviewRequest } from '../human/human-grader.js';

/** Which rule outcomes are final: `pass` (default) sends rule failures on to the judge. */
export type TrustedRuleOutcome = 'pass' | 'fail' | 'both';

/**
 * `hybrid`: a rule first, a judge only when the rule is undecided, a person when the judge is
 * unsure. The rule is undecided when it errors, scores strictly between 0 and 1, or has an
 * outcome `trust` does not cover. The judge is unsure when it errors or scores inside `band`;
 * then the trial waits for review (unless `human: false`). `meta.stage` says who decided;
 * `meta.judge` holds the judge's calls and cost (as on any judge score), `meta.judgeScore` its score.
 *
 * @example
 * // - type: hybrid
 * //   name: answer
 * //   rule: { type: includes, value: '{{expected}}', ignoreCase: true }
 * //   judge: { type: judge.factuality }
 * //   band: [0.25, 0.75]
 */
export async function createHybridGrader(spec: GraderSpec, env: GraderEnvironment): Promise<Grader> {
  const r = new SpecReader(spec, 'hybrid', hybridGraderSchema);
  const ruleSpec = subSpec(r, 'rule');
  const judgeSpec = subSpec(r, 'judge');
  const trust = (r.raw('trust') ?? 'pass') as TrustedRuleOutcome;
  if (!['pass', 'fail', 'both'].includes(trust))
    r.issue('trust', `must be pass, fail or both, got ${JSON.stringify(trust)}`);
  const band = r.raw('band') ?? [0.3, 0.7];
  const bandOk =
    Array.isArray(band) &&
    band.length === 2 &&
    band.every((b) => typeof b === 'number' && b >= 0 && b <= 1) &&
    band[0] <= band[1];
  if (!bandOk) r.issue('band', `must be [low, high] within [0, 1], got ${JSON.stringify(band)}`);
  const human = r.raw('human') ?? true;
  if (typeof human !== 'boolean') r.issue('human', 'must be true (send unsure trials to review) or false');
  r.done(
    'A hybrid needs `rule` and `judge` grader specs, e.g. rule: { type: includes, value: refund }, judge: { type: judge.classify, … }.',
  );
  // Why lazy: the registry imports this factory, so a static import back would be a cycle at load time.
  const { createGrader } = await import('../registry.js');
  const rule = await createGrader({ name: `${r.name}.rule`, ...ruleSpec } as GraderSpec, env);
  const judge = await createGrader({ name: `${r.name}.judge`, ...judgeSpec } as GraderSpec, env);
  const [low, high] = band as [number, number];
  return {
    name: r.name,
    kind: 'hybrid',
    threshold: judge.threshold ?? 0.5,
    async grade(testCase: Case, output: TargetOutput, ctx: GraderContext): Promise<GraderResult> {
      const ruleScore = await runGrader(rule, testCase, output, ctx);
      const ruleSummary = summary(ruleScore);
      if (ruleDecides(ruleScore, trust)) {
        return { ...resultOf(ruleScore), meta: { stage: 'rule', rule: ruleSummary } };
      }
      const judgeScore = await runGrader(judge, testCase, output, ctx);
      const spent = judgeCalls(judgeScore);
      const unsure = judgeScore.error !== undefined || (judgeScore.value >= low && judgeScore.value <= high);
      if (!unsure)
        return { ...resultOf(judgeScore), meta: { stage: 'judge', rule: ruleSummary, judgeScore, ...spent } };
      if (human !== true) {
        if (judgeScore.error !== undefined) {
          throw Object.assign(new AssayError('HYBRID_JUDGE_FAILED', judgeScore.error), {
            meta: { judgeScore, ...spent },
          });
        }
        return { ...resultOf(judgeScore), meta: { stage: 'judge', rule: ruleSummary, judgeScore, ...spent } };
      }
      const why =
        judgeScore.error !== undefined
          ? `the judge errored (${judgeScore.error})`
          : `the judge scored ${judgeScore.value}, inside the unsure band [${low}, ${high}]`;
      const review: ReviewRequest = { selected: true, policy: 'uncertain', why, labels: ['pass', 'fail'] };
      return {
        value: Number.NaN,
        pending: true,
        reason: `waiting for review: ${why}`,
        meta: { stage: 'human', rule: ruleSummary, judgeScore, review, ...spent },
      };
    },
  };
}

/**
 * The judge's calls (cost, tokens) as this score's own `meta.judge`, where every fold of a run's
 * spend looks: a hybrid that asked its judge paid for it. The judge's score itself is `meta.judgeScore`.
 */
function judgeCalls(score: Score): { judge?: unknown } {
  const calls = score.meta?.judge;
  return calls !== null && typeof calls === 'object' ? { judge: calls } : {};
}

function ruleDecides(score: Score, trust: TrustedRuleOutcome): boolean {
  if (score.error !== undefined || (score.value > 0 && score.value < 1)) return false;
  return trust === 'both' || (trust === 'pass' ? score.pass === true : score.pass === false);
}

function resultOf(score: Score): GraderResult {
  return {
    value: score.value,
    ...(score.pass !== undefined && { pass: score.pass }),
    ...(score.label !== undefined && { label: score.label }),
    ...(score.reason !== undefined && { reason: score.reason }),
  };
}

function summary(score: Score): { [key: string]: unknown } {
  return {
    value: score.value,
    pass: score.pass,
    ...(score.reason !== undefined && { reason: score.reason }),
    ...(score.error !== undefined && { error: score.error }),
  };
}

function subSpec(r: SpecReader, key: string): { [key: string]: unknown } {
  const value = r.raw(key);
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    typeof (value as { type?: unknown }).type !== 'string'
  ) {
    r.issue(
      key,
      `must be a grader spec with a type, e.g. ${key}: { type: ${key === 'rule' ? 'includes' : 'judge.classify'}, … }`,
      'missing_field',
    );
    return {};
  }
  return value as { [key: string]: unknown };
}
