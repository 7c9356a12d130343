import { didYouMean } from '../../core/did-you-mean.js';
import { AssayError, type Issue } from '../../core/errors.js';
import { seedProblem, wilsonInterval } from '../../stats/index.js';
import { feedbackPolarity, plural } from '../logs/log-fields.js';
import type { AllocationMethod } from './allocate.js';
import type { BuildFromLogsOptions } from './build-from-logs.js';

/** What `allocationWarnings` needs of a stratum. */
interface StratumFeedback {
  readonly key: string;
  readonly feedback: number;
}

/**
 * A strata field no line has is a typo: an input error naming the fields seen, with a
 * did-you-mean. A field missing from most lines (below `minPresence`) makes a `(missing)`
 * stratum carry most of the traffic: a warning.
 */
export function checkStrataFields(
  fields: readonly string[],
  present: ReadonlyMap<string, number>,
  records: number,
  seen: readonly string[],
  minPresence = 0.5,
): string[] {
  const absent = fields.filter((f) => (present.get(f) ?? 0) === 0);
  if (absent.length > 0 && records > 0) {
    throw new AssayError(
      'STRATA_FIELD_UNKNOWN',
      `No log line has the strata field${absent.length > 1 ? 's' : ''} ${absent.map((f) => `'${f}'`).join(', ')}.`,
      {
        issues: absent.map((f) => {
          return {
            code: 'unknown_field',
            path: `--strata ${f}`,
            message: `not in any line${didYouMean(f, seen)}`,
          };
        }),
        hint: `Fields seen in the first lines: ${seen.slice(0, 30).join(', ') || '(none)'}. Fields under "metadata" can be named directly or as metadata.<field>.`,
      },
    );
  }
  const warnings: string[] = [];
  for (const f of fields) {
    const share = records > 0 ? (present.get(f) ?? 0) / records : 0;
    if (share < minPresence)
      warnings.push(
        `--strata field '${f}' is missing from ${((1 - share) * 100).toFixed(1)}% of the lines: their stratum is ${f}=(missing).`,
      );
  }
  return warnings;
}

/**
 * What an allocation falls back on, said out loud: `neyman` needs feedback to estimate each
 * stratum's failure rate (refused when no line has any; strata without it use p = 0.5).
 */
export function allocationWarnings(
  states: readonly StratumFeedback[],
  method: AllocationMethod,
  feedbackField: string,
): string[] {
  if (method !== 'neyman') return [];
  const without = states.filter((s) => s.feedback === 0);
  if (without.length === states.length) {
    throw new AssayError(
      'NEYMAN_NEEDS_FEEDBACK',
      `--allocation neyman needs user feedback, and no line has feedback in '${feedbackField}'.`,
      {
        hint: 'Name the feedback field with --feedback-field, or use --allocation proportional (neyman without feedback would be proportional).',
      },
    );
  }
  if (without.length === 0) return [];
  return [
    `--allocation neyman: ${plural(without.length, 'stratum has', 'strata have')} no feedback in '${feedbackField}' and ${without.length === 1 ? 'is' : 'are'} allocated as if half ${without.length === 1 ? 'its' : 'their'} traffic failed: ${without
      .slice(0, 5)
      .map((s) => s.key)
      .join('; ')}.`,
  ];
}

/** Half-width of the 95% Wilson interval for a pass rate of 50% at n cases (the widest case). */
export function halfWidthAt(n: number): number {
  const w = wilsonInterval(Math.round(n / 2), n);
  return (w.upper - w.lower) / 2;
}

export function importanceValue(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  const fb = feedbackPolarity(v);
  return fb === null ? 0 : fb;
}

export function normalizeOptions(options: BuildFromLogsOptions) {
  const problems: Issue[] = [];
  const size = options.size;
  if (!Number.isInteger(size) || size < 1)
    problems.push({ code: 'invalid_value', path: '--size', message: `must be a positive whole number, got ${size}` });
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  if (!(threshold > 0 && threshold <= 1))
    problems.push({
      code: 'invalid_value',
      path: '--near-dup-threshold',
      message: `must be in (0, 1], got ${threshold}`,
    });
  const minPerStratum = options.minPerStratum ?? 0;
  if (!Number.isInteger(minPerStratum) || minPerStratum < 0)
    problems.push({
      code: 'invalid_value',
      path: '--min-per-stratum',
      message: `must be a whole number ≥ 0, got ${minPerStratum}`,
    });
  const allocation = options.allocation ?? 'proportional';
  if (!['proportional', 'equal', 'neyman', 'importance'].includes(allocation)) {
    problems.push({
      code: 'invalid_value',
      path: '--allocation',
      message: `must be proportional, equal, neyman or importance, got '${allocation}'`,
    });
  }
  const seed = options.seed ?? 1;
  const badSeed = seedProblem(seed);
  if (badSeed) problems.push({ code: 'invalid_value', path: '--seed', message: badSeed });
  if (problems.length > 0)
    throw new AssayError('BUILD_OPTIONS_INVALID', 'Cannot build an eval set with these options.', {
      issues: problems,
      hint: 'Fix the flags listed above.',
    });
  return {
    from: options.from,
    size,
    strata: [...options.strata],
    allocation,
    minPerStratum,
    importanceField: options.importanceField,
    seed,
    threshold,
    redactPii: options.redactPii ?? false,
    inputField: options.inputField,
    idField: options.idField,
    feedbackField: options.feedbackField ?? 'feedback',
    expectedField: options.expectedField,
    limits: options.limits ?? {},
    maxHalfWidth: options.maxHalfWidth ?? 0.15,
    minFieldPresence: options.minFieldPresence ?? 0.5,
  };
}

export type BuildSettings = ReturnType<typeof normalizeOptions>;
