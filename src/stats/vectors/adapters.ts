/**
 * Mapping from the reference-vector format (snake_case function and field names, as in
 * scipy/statsmodels) to the project's camelCase API. Each adapter takes a case's `input`
 * and returns the outputs under the vector's snake_case field names.
 *
 * Why a separate mapping: the API is shaped for callers (options objects, `alpha`), the
 * vectors for the reference libraries (`confidence_level`, `K_A`); keeping the translation
 * here keeps both honest.
 */
import { cohensKappa, weightedKappa, agreementTable } from '../agreement.js';
import {
  bcaIntervalFromReplicates,
  bootstrapIdealSeMean,
  bootstrapPercentileInterval,
} from '../bootstrap-intervals.js';
import { binomialTest } from '../binomial-test.js';
import { clusteredStandardError } from '../clustered.js';
import { cltStandardError, quantile, tIntervalMean, variance } from '../descriptive.js';
import { krippendorffAlpha, type KrippendorffLevel } from '../krippendorff.js';
import { mcnemar } from '../mcnemar.js';
import { cochransQ, friedmanTest, type OmnibusResult } from '../n-way.js';
import { mcnemarMidP, mcnemarMidPPower } from '../mcnemar-midp.js';
import { tangoNonInferiorityTest, tangoScoreInterval, tangoScoreStatistic } from '../paired-score.js';
import { adjustPValues } from '../multiple-comparisons.js';
import { pairedTTest } from '../paired-tests.js';
import { passAtK, passAtKAggregate, passHatK } from '../pass-at-k.js';
import {
  mcnemarExactPower,
  mcnemarSampleSize,
  millerSampleSize,
  minimumDetectableEffect,
  pairedTPower,
  pairedTSampleSize,
} from '../power.js';
import { clopperPearsonInterval, clopperPearsonLowerBound, wilsonInterval } from '../proportion-intervals.js';
import { pairedRepeatsComparison, repeatsVarianceDecomposition } from '../repeats.js';
import { signFlipPermutationTest } from '../sign-flip.js';
import { simpsonsParadoxCheck } from '../simpson.js';
import { wilcoxonSignedRank } from '../wilcoxon.js';

/** A case input as parsed from JSON. */
export type VectorInput = Record<string, any>;
/** Outputs keyed by the vector's snake_case field names. */
export type VectorOutput = Record<string, unknown>;
/** One adapter per vector function name. */
export type Adapter = (input: VectorInput) => VectorOutput;

/** α from `alpha` or `confidence_level` (default 0.05). */
function alphaOf(input: VectorInput): number {
  if (typeof input.alpha === 'number') return input.alpha;
  if (typeof input.confidence_level === 'number') return 1 - input.confidence_level;
  return 0.05;
}

function multipleComparisons(method: 'holm' | 'bh' | 'by'): Adapter {
  return (input) => {
    const r = adjustPValues(input.pvalues, method, alphaOf(input));
    return { adjusted: r.adjusted, reject: r.reject };
  };
}

function omnibus(r: OmnibusResult): VectorOutput {
  return { statistic: r.statistic, df: r.df, p_value: r.pValue, n: r.n, k: r.k };
}

function kappaTable(input: VectorInput): number[][] {
  if (Array.isArray(input.table)) return input.table;
  return agreementTable(input.rater1, input.rater2, input.categories).table;
}

/** The adapters, keyed by vector function name. */
export const ADAPTERS: Readonly<Record<string, Adapter>> = {
  wilson_interval: (i) => {
    const r = wilsonInterval(i.successes, i.n, alphaOf(i));
    return { lower: r.lower, upper: r.upper, value: r.value, estimate: r.value };
  },
  clopper_pearson_interval: (i) => {
    const r = clopperPearsonInterval(i.successes, i.n, alphaOf(i));
    return { lower: r.lower, upper: r.upper, value: r.value, estimate: r.value };
  },
  clopper_pearson_lower_bound: (i) => ({ lower: clopperPearsonLowerBound(i.successes, i.n, i.confidence) }),
  clt_standard_error: (i) => {
    const r = cltStandardError(i.values);
    return { n: r.n, mean: r.mean, sd_ddof1: r.sdDdof1, se: r.se, se_ddof0: r.seDdof0 };
  },
  t_interval_mean: (i) => {
    const r = tIntervalMean(i.values, alphaOf(i));
    return { lower: r.lower, upper: r.upper, df: r.df, se: r.se, mean: r.value, n: r.n };
  },
  clustered_standard_error: (i) => {
    const r = clusteredStandardError(i.values, i.clusters, alphaOf(i));
    return {
      mean: r.mean,
      n_clusters: r.nClusters,
      se_miller: r.seMiller,
      se_crv1: r.seCrv1,
      lower: r.lower,
      upper: r.upper,
      df: r.df,
      n: r.n,
    };
  },
  bootstrap_percentile_interval: (i) => {
    const r = bootstrapPercentileInterval(i.replicates, alphaOf(i));
    return { lower: r.lower, upper: r.upper };
  },
  bca_interval_from_replicates: (i) => {
    const r = bcaIntervalFromReplicates(i.data, i.replicates, {
      alpha: alphaOf(i),
      statistic: namedStatistic(i.statistic),
    });
    return {
      theta_hat: r.thetaHat,
      z0: r.z0,
      acceleration: r.acceleration,
      alpha_1: r.alpha1,
      alpha_2: r.alpha2,
      lower: r.lower,
      upper: r.upper,
    };
  },
  bootstrap_ideal_se_mean: (i) => ({ se_ideal: bootstrapIdealSeMean(i.values) }),
  mcnemar: (i) => {
    const b = typeof i.b === 'number' ? i.b : i.table[0][1];
    const c = typeof i.c === 'number' ? i.c : i.table[1][0];
    const r = mcnemar(b, c);
    return {
      b: r.b,
      c: r.c,
      statistic: r.statistic,
      p_exact: r.pExact,
      p_midp: r.pMidP,
      chi2_corrected: r.chi2Corrected,
      p_chi2_corrected: r.pChi2Corrected,
      chi2_uncorrected: r.chi2Uncorrected,
      p_chi2_uncorrected: r.pChi2Uncorrected,
    };
  },
  binomial_test: (i) => ({ pvalue: binomialTest(i.k, i.n, i.p ?? 0.5, i.alternative ?? 'two-sided').pvalue }),
  paired_t_test: (i) => {
    const r = pairedTTest(i.a, i.b, { alpha: alphaOf(i), alternative: i.alternative });
    return {
      mean_diff: r.meanDiff,
      statistic: r.statistic,
      pvalue: r.pvalue,
      df: r.df,
      ci95_lower: r.lower,
      ci95_upper: r.upper,
      ci_lower: r.lower,
      ci_upper: r.upper,
      se: r.se,
      se_unpaired: r.seUnpaired,
      correlation: r.correlation,
      n: r.n,
    };
  },
  wilcoxon_signed_rank: (i) => {
    const d: number[] = i.differences ?? i.d ?? i.x.map((x: number, k: number) => x - i.y[k]);
    const r = wilcoxonSignedRank(d, {
      zeroMethod: i.zero_method,
      correction: i.correction,
      alternative: i.alternative,
      method: i.method,
    });
    return { statistic: r.statistic, pvalue: r.pvalue, r_plus: r.rPlus, r_minus: r.rMinus, zstatistic: r.zStatistic };
  },
  sign_flip_permutation_test: (i) => {
    if (i.statistic !== undefined && i.statistic !== 'mean')
      throw new Error(`statistic '${i.statistic}' is not supported (only 'mean')`);
    // The reference enumerates every pattern (n_resamples = inf); meet-in-the-middle keeps that exact up to n = 40.
    const finite = typeof i.n_resamples === 'number' && Number.isFinite(i.n_resamples);
    const r = signFlipPermutationTest(i.differences, {
      alternative: i.alternative,
      seed: i.seed,
      ...(finite ? { samples: i.n_resamples } : { maxExactN: 40 }),
    });
    return { statistic: r.statistic, pvalue: r.pvalue, n_sign_patterns: r.nSignPatterns };
  },
  holm: multipleComparisons('holm'),
  benjamini_hochberg: multipleComparisons('bh'),
  benjamini_yekutieli: multipleComparisons('by'),
  cohens_kappa: (i) => {
    const table = kappaTable(i);
    const r = cohensKappa(table);
    return {
      kappa: r.kappa,
      table,
      std_kappa: r.stdKappa,
      std_kappa0: r.stdKappa0,
      observed_agreement: r.observedAgreement,
    };
  },
  weighted_kappa: (i) => {
    const table = kappaTable(i);
    return { kappa: weightedKappa(table, i.weights ?? 'linear').kappa, table };
  },
  krippendorff_alpha: (i) => ({
    alpha: krippendorffAlpha(i.reliability_data, (i.level ?? i.level_of_measurement ?? 'nominal') as KrippendorffLevel)
      .alpha,
  }),
  paired_t_sample_size: (i) => {
    const r = pairedTSampleSize({
      effectSize: i.effect_size_dz,
      alpha: i.alpha,
      power: i.power,
      alternative: i.alternative,
    });
    return { n: r.n, n_ceil: r.nCeil };
  },
  paired_t_power: (i) => ({
    power: pairedTPower({ effectSize: i.effect_size_dz, n: i.n, alpha: i.alpha, alternative: i.alternative }).power,
  }),
  miller_sample_size: (i) => {
    const r = millerSampleSize({
      delta: i.delta,
      omega2: i.omega2,
      sigma2A: i.sigma2_A,
      sigma2B: i.sigma2_B,
      kA: i.K_A,
      kB: i.K_B,
      alpha: i.alpha,
      power: i.power,
    });
    return { n: r.n, n_ceil: r.nCeil, n_two_tail_exact: r.nTwoTailExact };
  },
  minimum_detectable_effect: (i) => {
    const r = minimumDetectableEffect({
      n: i.n,
      omega2: i.omega2,
      sigma2A: i.sigma2_A,
      sigma2B: i.sigma2_B,
      kA: i.K_A,
      kB: i.K_B,
      alpha: i.alpha,
      power: i.power,
    });
    return { mde: r.mde, mde_two_tail_exact: r.mdeTwoTailExact };
  },
  mcnemar_sample_size: (i) => {
    const r = mcnemarSampleSize({ p10: i.p10, p01: i.p01, alpha: i.alpha, power: i.power });
    return { n_connor: r.nConnor, n_connor_ceil: r.nConnorCeil, n_miller: r.nMiller, n_miller_ceil: r.nMillerCeil };
  },
  mcnemar_exact_power: (i) => ({ power: mcnemarExactPower({ n: i.n, p10: i.p10, p01: i.p01, alpha: i.alpha }).power }),
  mcnemar_midp: (i) => ({ pvalue: mcnemarMidP(i.candidate_only, i.baseline_only, i.side) }),
  mcnemar_midp_power: (i) => ({
    power: mcnemarMidPPower({ n: i.n, p10: i.p10, p01: i.p01, alpha: i.alpha, side: i.side }),
  }),
  tango_score_statistic: (i) => ({ statistic: tangoScoreStatistic(i.candidate_only, i.baseline_only, i.n, i.delta0) }),
  tango_non_inferiority_test: (i) => {
    const r = tangoNonInferiorityTest(i.candidate_only, i.baseline_only, i.n, i.margin);
    return { statistic: r.statistic, pvalue: r.pvalue };
  },
  tango_score_interval: (i) => {
    const r = tangoScoreInterval(i.candidate_only, i.baseline_only, i.n, alphaOf(i));
    return { lower: r.lower, upper: r.upper };
  },
  pass_at_k: (i) => ({ pass_at_k: passAtK(i.n, i.c, i.k), pass_hat_k: passHatK(i.n, i.c, i.k) }),
  pass_at_k_aggregate: (i) => {
    const r = passAtKAggregate(i.problems, i.k, i.metric === 'pass^k' ? 'pass^k' : 'pass@k');
    return { mean: r.mean, se: r.se, per_problem: r.perProblem };
  },
  repeats_variance_decomposition: (i) => {
    const r = repeatsVarianceDecomposition(i.scores);
    return {
      n_items: r.nItems,
      k: r.k,
      grand_mean: r.grandMean,
      item_means: r.itemMeans,
      se_grand_mean: r.seGrandMean,
      var_item_means: r.varItemMeans,
      mean_within_var: r.meanWithinVar,
      between_var_est: r.betweenVarEst,
      ms_between: r.msBetween,
      ms_within: r.msWithin,
      icc1: r.icc1,
    };
  },
  paired_repeats_comparison: (i) => {
    const r = pairedRepeatsComparison(i.scores_A, i.scores_B, { alpha: alphaOf(i) });
    return {
      mean_A: r.meanA,
      mean_B: r.meanB,
      mean_diff: r.meanDiff,
      se_paired: r.sePaired,
      se_unpaired: r.seUnpaired,
      corr_item_means: r.corrItemMeans,
      t: r.t,
      pvalue: r.pvalue,
      df: r.df,
      n: r.n,
    };
  },
  cochrans_q: (i) => omnibus(cochransQ(i.table)),
  friedman: (i) => omnibus(friedmanTest(i.table)),
  simpsons_paradox_check: (i) => {
    const segments = (i.segments as VectorInput[]).map((s) => ({
      segment: s.segment,
      nA: s.n_A,
      correctA: s.correct_A,
      nB: s.n_B,
      correctB: s.correct_B,
    }));
    const r = simpsonsParadoxCheck(segments);
    return {
      aggregate_rate_A: r.aggregateRateA,
      aggregate_rate_B: r.aggregateRateB,
      aggregate_delta: r.aggregateDelta,
      segment_deltas: r.segmentDeltas,
      paradox: r.paradox,
      standardized_delta: r.standardizedDelta,
    };
  },
};

/** The statistics a vector may name for BCa, as numpy computes them. */
function namedStatistic(name: unknown): 'mean' | ((x: Float64Array) => number) {
  if (name === undefined || name === 'mean') return 'mean';
  if (name === 'median') return (x) => quantile(x, 0.5);
  if (name === 'std') return (x) => Math.sqrt(variance(x, 0));
  if (name === 'var') return (x) => variance(x, 0);
  throw new Error(`statistic '${String(name)}' is not supported (mean, median, std, var)`);
}
