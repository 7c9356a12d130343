import { millerSampleSize, repeatsVarianceDecomposition, variance } from '../../stats/index.js';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { readCaseTable, type CaseTable } from '../compare/case-table.js';
import { detectableEffect, pairedBinaryMde, type MdeMethod } from '../metrics/mde.js';
import { passRuleDeclared } from '../metrics/pass-rule.js';
import type { StoredRun } from '../../store/types.js';

export interface PilotPlanOptions {
  /** Smallest change worth detecting, in absolute points. */
  readonly delta: number;
  readonly alpha?: number;
  readonly power?: number;
  /** Correlation of per-case true scores between the two systems compared (default 0.5). */
  readonly correlation?: number;
  /** Plan for this grader only. */
  readonly grader?: string;
  /** Repeat counts to offer (default 1, 2, 3, 5, 10). */
  readonly repeatOptions?: readonly number[];
}

export interface PilotGraderPlan {
  readonly grader: string;
  readonly kind: 'binary' | 'continuous';
  readonly pilot: { readonly cases: number; readonly repeats: number };
  /** Variance of true case means, and the repeat (within-case) variance. */
  readonly betweenVariance: number;
  readonly withinVariance: number;
  /** ω² = 2·between·(1 − correlation): variance of the paired difference of true case means. */
  readonly omega2: number;
  /** MDE of a comparison the size of the pilot. */
  readonly pilotMde: number;
  /** The test `pilotMde` is for: `mcnemar-midp` for a one-repeat pass/fail pilot, else `normal`. */
  readonly pilotMdeMethod: MdeMethod;
  readonly options: readonly { readonly repeats: number; readonly cases: number; readonly trials: number }[];
  readonly notes: readonly string[];
}

export interface PilotPlan {
  readonly runId: string;
  readonly delta: number;
  readonly alpha: number;
  readonly power: number;
  readonly correlation: number;
  readonly graders: readonly PilotGraderPlan[];
}

/**
 * Cases × repeats options for a future comparison, from the variance components of a pilot
 * run (Miller's formula n = (z_{1−α/2} + z_power)²·(ω² + 2σ²_within/K)/δ²).
 *
 * @example
 * const plan = await planFromRun(store, 'run_…', { delta: 0.03 });
 * for (const o of plan.graders[0].options) console.log(o.repeats, o.cases);
 */
export async function planFromRun(store: Store, runId: string, options: PilotPlanOptions): Promise<PilotPlan> {
  const run = await store.runs.get(runId);
  if (!run)
    throw new AssayError('RUN_NOT_FOUND', `No pilot run '${runId}' in the store at ${store.location}.`, {
      hint: 'List runs with `assay runs`.',
    });
  return planFromTable(runId, await readCaseTable(store, runId), options, run.config);
}

/** `config`: the pilot run's, so a grader with a declared pass rule is planned on its pass rate, as compare decides it. */
export function planFromTable(
  runId: string,
  table: CaseTable,
  options: PilotPlanOptions,
  config?: StoredRun['config'],
): PilotPlan {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const correlation = options.correlation ?? 0.5;
  const delta = Math.abs(options.delta);
  if (!(delta > 0 && delta < 1)) {
    throw new AssayError(
      'BAD_PLAN_INPUT',
      `--delta must be a non-zero change in absolute points (e.g. 0.03), got ${options.delta}.`,
      { hint: 'Example: assay plan --from <runId> --delta 0.03' },
    );
  }
  if (!(correlation >= 0 && correlation < 1)) {
    throw new AssayError('BAD_PLAN_INPUT', `--correlation must be in [0, 1), got ${correlation}.`, {
      hint: 'Two versions of one system usually correlate 0.3–0.8 across cases; 0.5 is the default.',
    });
  }
  const names = table.graders.map((g) => g.name);
  const graders = options.grader ? [options.grader] : names;
  if (options.grader && !names.includes(options.grader)) {
    throw new AssayError('UNKNOWN_GRADER', `Run ${runId} has no scores for grader '${options.grader}'.`, {
      hint: `Graders in this run: ${names.join(', ') || 'none'}.`,
    });
  }
  return {
    runId,
    delta,
    alpha,
    power,
    correlation,
    graders: graders.map((g) =>
      planGrader(table, g, {
        delta,
        alpha,
        power,
        correlation,
        repeatOptions: options.repeatOptions ?? [1, 2, 3, 5, 10],
        config,
      }),
    ),
  };
}

interface PlanInputs {
  readonly delta: number;
  readonly alpha: number;
  readonly power: number;
  readonly correlation: number;
  readonly repeatOptions: readonly number[];
  readonly config?: StoredRun['config'];
}

function planGrader(table: CaseTable, grader: string, o: PlanInputs): PilotGraderPlan {
  const g = table.graders.find((x) => x.name === grader)!;
  const kind = g.binary || passRuleDeclared(o.config, grader) ? 'binary' : 'continuous';
  const items: number[][] = [];
  for (let i = 0; i < table.caseIds.length; i++) {
    const from = g.start[i];
    const to = g.start[i + 1];
    if (to > from)
      items.push(Array.from(kind === 'binary' ? g.passes.subarray(from, to) : g.values.subarray(from, to)));
  }
  const notes: string[] = [];
  const pilotRepeats = Math.max(1, ...items.map((x) => x.length));
  let between: number;
  let within: number;
  if (items.length < 2) {
    throw new AssayError(
      'PILOT_TOO_SMALL',
      `The pilot has ${items.length} scored case(s) for '${grader}'; at least 2 are needed.`,
      { hint: 'Run the pilot on more cases (20 or more is a sensible start).' },
    );
  }
  if (pilotRepeats >= 2 && items.every((x) => x.length >= 2)) {
    const d = repeatsVarianceDecomposition(items);
    within = d.meanWithinVar;
    between = Math.max(0, d.betweenVarEst);
    if (d.betweenVarEst < 0)
      notes.push('The spread between cases is within repeat noise; the between-case variance is taken as 0.');
  } else {
    between = variance(items.map((x) => x.reduce((s, v) => s + v, 0) / x.length));
    within = 0;
    notes.push(
      'The pilot ran one repeat, so repeat noise cannot be told apart from case differences; all variance is counted between cases (repeats will look useless). Run the pilot with --repeats 3 to split them.',
    );
  }
  const omega2 = 2 * between * (1 - o.correlation);
  const total = omega2 + 2 * within;
  if (!(total > 0)) {
    return {
      grader,
      kind,
      pilot: { cases: items.length, repeats: pilotRepeats },
      betweenVariance: between,
      withinVariance: within,
      omega2,
      pilotMde: 0,
      pilotMdeMethod: kind === 'binary' && pilotRepeats === 1 ? 'mcnemar-midp' : 'normal',
      options: [],
      notes: [...notes, 'Every case scored the same on every repeat: there is no variance to plan from.'],
    };
  }
  const inputs = { omega2, sigma2A: within, sigma2B: within, alpha: o.alpha, power: o.power };
  // One repeat of pass/fail is compared with McNemar mid-p: its MDE at discordance ψ = Var(d) = ω².
  const pilotMdeMethod: MdeMethod = kind === 'binary' && pilotRepeats === 1 ? 'mcnemar-midp' : 'normal';
  const pilotMde =
    pilotMdeMethod === 'mcnemar-midp'
      ? pairedBinaryMde({ n: items.length, discordance: Math.min(1, omega2), alpha: o.alpha, power: o.power })
      : detectableEffect({
          variance: omega2 + (2 * within) / pilotRepeats,
          n: items.length,
          alpha: o.alpha,
          power: o.power,
        });
  const options = o.repeatOptions.map((k) => {
    const cases = millerSampleSize({ ...inputs, kA: k, kB: k, delta: o.delta }).nCeil;
    return { repeats: k, cases, trials: cases * k * 2 };
  });
  return {
    grader,
    kind,
    pilot: { cases: items.length, repeats: pilotRepeats },
    betweenVariance: between,
    withinVariance: within,
    omega2,
    pilotMde,
    pilotMdeMethod,
    options,
    notes,
  };
}
