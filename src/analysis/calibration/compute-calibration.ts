import {
  agreementTable,
  cohensKappa,
  createRng,
  krippendorffAlpha,
  normalQuantile,
  weightedKappa,
  wilsonInterval,
  bootstrapPercentileInterval,
  weightedProportionInterval,
} from '../../stats/index.js';
import { AssayError } from '../../core/errors.js';
import { roganGladen } from '../../stats/rogan-gladen.js';
import type { CalibrationInput, CalibrationReport, Interval, LabelledTrial } from './calibration-types.js';

const NAN_INTERVAL: Interval = { value: Number.NaN, lower: Number.NaN, upper: Number.NaN };

/**
 * Compares a judge with human labels: accuracy, Cohen's κ (quadratic-weighted κ when the labels
 * are ordinal numbers) with an interval, the pass/fail confusion matrix, sensitivity and
 * specificity (Wilson intervals), and the judge's pass rate corrected with Rogan–Gladen.
 * Several labels on one trial: the majority is the reference (ties are left out), and
 * Krippendorff's α measures the people's agreement with each other.
 *
 * @example
 * const report = computeCalibration({ grader: 'faithful', trials, judged: { n: 100, passes: 55 } });
 * report.correctedPassRate; // { value, lower, upper }
 */
export function computeCalibration(input: CalibrationInput): CalibrationReport {
  const alpha = input.alpha ?? 0.05;
  const minLabels = input.minLabels ?? 30;
  const warnings: string[] = [];
  const compared: { trial: LabelledTrial; humanPass: boolean; humanCategory: string }[] = [];
  let ties = 0;
  const { usable, selection } = unbiasedLabels(input);
  const selectionNotes: string[] = [];
  for (const [policy, count] of Object.entries(selection.leftOut)) {
    const trials = `${count} labelled trial${count === 1 ? '' : 's'}`;
    selectionNotes.push(
      `${trials} left out: policy '${policy}' picked them by the judge's own verdict, ` +
        'so they over-represent its mistakes (add a random or audit sample to calibrate on).',
    );
  }
  for (const trial of usable) {
    const passVotes = trial.humans.filter((h) => h.pass).length;
    const failVotes = trial.humans.length - passVotes;
    if (trial.humans.length === 0) continue;
    if (passVotes === failVotes) {
      ties++;
      continue;
    }
    compared.push({
      trial,
      humanPass: passVotes > failVotes,
      humanCategory: majority(trial.humans.map((h) => h.category)),
    });
  }
  const n = compared.length;
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (const c of compared) {
    if (c.humanPass && c.trial.judge.pass) tp++;
    else if (c.humanPass) fn++;
    else if (c.trial.judge.pass) fp++;
    else tn++;
  }
  const z = normalQuantile(1 - alpha / 2);
  const ordinal = n > 0 && compared.every((c) => isNumeric(c.humanCategory) && isNumeric(c.trial.judge.category));
  const multiClass = new Set(compared.flatMap((c) => [c.humanCategory, c.trial.judge.category])).size > 2;
  let kappa: CalibrationReport['kappa'];
  let categories: CalibrationReport['categories'] = null;
  let kappaNote: string | undefined;
  if (n === 0) {
    kappa = { ...NAN_INTERVAL, method: 'cohen', interval: 'asymptotic' };
  } else if (ordinal && multiClass) {
    const humans = compared.map((c) => Number(c.humanCategory));
    const judges = compared.map((c) => Number(c.trial.judge.category));
    const { table, categories: cats } = agreementTable(humans, judges);
    categories = { labels: cats.map(String), matrix: table };
    const value = weightedKappa(table, 'quadratic').kappa;
    kappa = {
      value,
      ...bootstrapWeightedKappa(humans, judges, cats, alpha, input.seed ?? 1),
      method: 'weighted-quadratic',
      interval: 'bootstrap',
    };
  } else {
    const k = cohensKappa([
      [tp, fn],
      [fp, tn],
    ]);
    if (k.reason) kappaNote = `Cohen's kappa is undefined: ${k.reason}.`;
    // When one side gives a single verdict to every trial, κ is 0 (or undefined) by
    // construction and its asymptotic variance collapses: a zero-width interval would mislead.
    const oneSided = tp + fp === 0 || fn + tn === 0 || tp + fn === 0 || fp + tn === 0;
    if (oneSided && !k.reason) {
      kappaNote = `Kappa says little here: ${tp + fp === 0 || fn + tn === 0 ? 'the judge' : 'the people'} gave the same verdict to every compared trial, so agreement beyond chance cannot be measured.`;
    }
    kappa = {
      value: k.kappa,
      lower: oneSided ? Number.NaN : Math.max(-1, k.kappa - z * k.stdKappa),
      upper: oneSided ? Number.NaN : Math.min(1, k.kappa + z * k.stdKappa),
      method: 'cohen',
      interval: 'asymptotic',
    };
    // A by-label table only makes sense when both sides speak the same scale: not when people
    // answered pass/fail and the judge a rubric level.
    const sameScale = compared.every((c) => isNumeric(c.humanCategory) === isNumeric(c.trial.judge.category));
    if (multiClass && sameScale) {
      const { table, categories: cats } = agreementTable(
        compared.map((c) => c.humanCategory),
        compared.map((c) => c.trial.judge.category),
      );
      categories = { labels: cats, matrix: table };
    }
  }
  const w = selectionWeights(compared, selectionNotes);
  const sens = w ? weightedShare(compared, w, true, alpha) : { ...interval(tp, tp + fn, alpha), nEff: tp + fn };
  const spec = w ? weightedShare(compared, w, false, alpha) : { ...interval(tn, tn + fp, alpha), nEff: tn + fp };
  const judgeRate = interval(input.judged.passes, input.judged.n, alpha);
  // Weighted: Se and Sp at their effective sizes; unweighted: the counts themselves.
  const counts = w
    ? {
        truePositives: finiteOr0(sens.value) * sens.nEff,
        referencePositives: sens.nEff,
        trueNegatives: finiteOr0(spec.value) * spec.nEff,
        referenceNegatives: spec.nEff,
      }
    : { truePositives: tp, referencePositives: tp + fn, trueNegatives: tn, referenceNegatives: tn + fp };
  const rg = roganGladen({ positives: input.judged.passes, n: input.judged.n, ...counts, validation: 'subset' }, alpha);
  if (n < minLabels)
    warnings.push(
      `Too few human labels to conclude: ${n} labelled trial${n === 1 ? '' : 's'} compared, at least ${minLabels} are needed.`,
    );
  if (n > 0 && tp + fn === 0)
    warnings.push('No trial that people passed: sensitivity, and so the corrected pass rate, cannot be measured.');
  if (n > 0 && tn + fp === 0)
    warnings.push('No trial that people failed: specificity, and so the corrected pass rate, cannot be measured.');
  if (tp + fn > 0 && tn + fp > 0 && sens.value + spec.value <= 1)
    warnings.push(
      'The judge is no better than chance against people (sensitivity + specificity ≤ 1): the pass rate cannot be corrected.',
    );
  if (rg.clipped)
    warnings.push(
      'The corrected pass rate fell outside [0, 1] and was clipped: the judge error estimates are too uncertain for this pass rate.',
    );
  if (kappaNote !== undefined) warnings.push(kappaNote);
  warnings.push(...selectionNotes);
  if (ties > 0)
    warnings.push(
      `${ties} trial${ties === 1 ? '' : 's'} left out: the people who labelled ${ties === 1 ? 'it' : 'them'} split evenly.`,
    );
  return {
    grader: input.grader,
    n,
    accuracy: n === 0 ? Number.NaN : (tp + tn) / n,
    kappa,
    confusion: { truePositive: tp, falsePositive: fp, falseNegative: fn, trueNegative: tn },
    sensitivity: sens.value,
    specificity: spec.value,
    sensitivityInterval: { value: sens.value, lower: sens.lower, upper: sens.upper },
    specificityInterval: { value: spec.value, lower: spec.lower, upper: spec.upper },
    judgePassRate: judgeRate.value,
    judgePassRateInterval: judgeRate,
    judgedTrials: input.judged.n,
    correctedPassRate: { value: rg.value, lower: rg.lower, upper: rg.upper },
    humanPassRate: n === 0 ? Number.NaN : (tp + fn) / n,
    categories,
    krippendorffAlpha: humanAgreement(usable, ordinal),
    ties,
    selection: { ...selection, weighted: w !== undefined },
    conclusive: n >= minLabels && tp + fn > 0 && tn + fp > 0 && Number.isFinite(rg.value),
    warnings,
  };
}

/**
 * Inverse-probability weights (1/π) for the compared trials, when their selection
 * probabilities are all known and not all equal (say a 10% sample of one run and a 50% sample
 * of another): each labelled trial then stands for the trials like it that were not picked.
 * Equal probabilities need no weights; unknown ones cannot be weighted, and a note says so.
 */
function selectionWeights(compared: readonly { trial: LabelledTrial }[], notes: string[]): number[] | undefined {
  const p = compared.map((c) => c.trial.selection?.probability);
  const known = p.filter((x): x is number => typeof x === 'number' && x > 0);
  if (known.length === 0 || known.every((x) => x === known[0])) return undefined;
  if (known.length < p.length) {
    notes.push(
      'The labels come from samples with different selection probabilities, some unknown: ' +
        'they are not weighted, so sensitivity and specificity lean toward the more heavily sampled runs.',
    );
    return undefined;
  }
  return known.map((x) => 1 / x);
}

/** Sensitivity (`positives`) or specificity, weighted, with a Wilson interval on the Kish effective size. */
function weightedShare(
  compared: readonly { trial: LabelledTrial; humanPass: boolean }[],
  weights: readonly number[],
  positives: boolean,
  alpha: number,
): Interval & { nEff: number } {
  const idx = compared.map((_, i) => i).filter((i) => compared[i].humanPass === positives);
  if (idx.length === 0) return { ...NAN_INTERVAL, nEff: 0 };
  const hits = idx.map((i) => (compared[i].trial.judge.pass === positives ? 1 : 0));
  const r = weightedProportionInterval(
    hits,
    idx.map((i) => weights[i]),
    alpha,
  );
  return { value: r.value, lower: r.lower, upper: r.upper, nEff: r.nEff };
}

function finiteOr0(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/** Policies that choose trials by the judge's own verdict or score: their labels are no sample of its work. */
export const SELECTED_BY_VERDICT: readonly string[] = ['uncertain', 'disagree'];

/**
 * The labelled trials an unbiased calibration may use: random, audit, every-trial and imported
 * labels. When every label was picked by the judge's verdict, calibration is refused: no
 * weighting can recover trials the policy never picks (probability 0).
 */
function unbiasedLabels(input: CalibrationInput): {
  usable: LabelledTrial[];
  selection: CalibrationReport['selection'];
} {
  const used: Record<string, number> = {};
  const leftOut: Record<string, number> = {};
  const usable: LabelledTrial[] = [];
  for (const t of input.trials) {
    const policy = t.selection?.policy ?? 'unknown';
    if (SELECTED_BY_VERDICT.includes(policy)) leftOut[policy] = (leftOut[policy] ?? 0) + 1;
    else {
      used[policy] = (used[policy] ?? 0) + 1;
      usable.push(t);
    }
  }
  if (usable.length === 0 && input.trials.length > 0) {
    const policies = Object.keys(leftOut)
      .map((p) => `'${p}'`)
      .join(' and ');
    const message =
      `Cannot calibrate '${input.grader}': all ${input.trials.length} labelled trials were ` +
      `picked by policy ${policies}, which chooses trials by the judge's own verdict. ` +
      'Sensitivity, specificity and kappa measured on them would be biased, ' +
      'and trials the policy never picks cannot be weighted back in.';
    throw new AssayError('CALIBRATION_BIASED_SAMPLE', message, {
      hint: `Label an unbiased sample: a human grader with policy random or audit and \`calibrates: ${input.grader}\`.`,
    });
  }
  return { usable, selection: { used, leftOut } };
}

function interval(x: number, n: number, alpha: number): Interval {
  if (n === 0) return NAN_INTERVAL;
  const w = wilsonInterval(x, n, alpha);
  return { value: w.value, lower: w.lower, upper: w.upper };
}

function bootstrapWeightedKappa(
  humans: number[],
  judges: number[],
  cats: number[],
  alpha: number,
  seed: number,
): { lower: number; upper: number } {
  const rng = createRng(seed);
  const replicates: number[] = [];
  const n = humans.length;
  for (let b = 0; b < 2000; b++) {
    const h: number[] = [];
    const j: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = rng.int(n);
      h.push(humans[k]);
      j.push(judges[k]);
    }
    const value = weightedKappa(agreementTable(h, j, cats).table, 'quadratic').kappa;
    if (Number.isFinite(value)) replicates.push(value);
  }
  if (replicates.length < 100) return { lower: Number.NaN, upper: Number.NaN };
  const { lower, upper } = bootstrapPercentileInterval(replicates, alpha);
  return { lower, upper };
}

function humanAgreement(trials: readonly LabelledTrial[], ordinal: boolean): CalibrationReport['krippendorffAlpha'] {
  const shared = trials.filter((t) => new Set(t.humans.map((h) => h.reviewer)).size >= 2);
  if (shared.length === 0) return null;
  const reviewers = [...new Set(shared.flatMap((t) => t.humans.map((h) => h.reviewer)))].sort();
  const valueOf = (category: string, pass: boolean): string | number =>
    ordinal ? Number(category) : pass ? 'pass' : 'fail';
  const rows = reviewers.map((reviewer) =>
    shared.map((t) => {
      const label = t.humans.find((h) => h.reviewer === reviewer);
      return label ? valueOf(label.category, label.pass) : null;
    }),
  );
  const judgeRow = shared.map((t) => valueOf(t.judge.category, t.judge.pass));
  const level = ordinal ? 'ordinal' : 'nominal';
  return {
    humans: krippendorffAlpha(rows, level).alpha,
    humansAndJudge: krippendorffAlpha([...rows, judgeRow], level).alpha,
    raters: reviewers.length,
    units: shared.length,
  };
}

function majority(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

function isNumeric(value: string): boolean {
  return value.trim() !== '' && Number.isFinite(Number(value));
}
