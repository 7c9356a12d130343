/**
 * The statistics engine: pure functions, no I/O, all randomness from a seeded {@link Rng}.
 * Undefined quantities are NaN with a `reason`, never a misleading 0. See the spec in the
 * project docs (§3) for the formulas and the edge cases each function decides.
 */
export { createRng, resolveRng, seedProblem, DEFAULT_SEED, type Rng } from './rng.js';
export {
  mean,
  variance,
  quantile,
  quantileSorted,
  pairwiseSum,
  cltStandardError,
  tIntervalMean,
  effectiveSampleSize,
  weightedMean,
  weightedMeanInterval,
  type CltStandardErrorResult,
  type MeanInterval,
  type WeightedMeanInterval,
} from './descriptive.js';
export {
  wilsonInterval,
  wilsonIntervalFromRate,
  clopperPearsonInterval,
  clopperPearsonLowerBound,
  weightedProportionInterval,
  type ProportionInterval,
  type WeightedProportionInterval,
} from './proportion-intervals.js';
export { stratifiedProportionInterval, type DesignInterval, type DesignIntervalOptions } from './design-interval.js';
export { clusteredStandardError, type ClusterId, type ClusteredStandardErrorResult } from './clustered.js';
export {
  bootstrapPercentileInterval,
  bcaIntervalFromReplicates,
  bootstrapIdealSeMean,
  type BcaInterval,
} from './bootstrap-intervals.js';
export {
  bootstrapMeanReplicates,
  bootstrapMeanInterval,
  pairedBootstrapInterval,
  clusterBootstrapMeanInterval,
  createResampler,
  type BootstrapOptions,
  type BootstrapInterval,
} from './bootstrap.js';
export { fisherExactLess } from './fisher-exact.js';
export { twoProportionZTest, type TwoProportionTest } from './two-proportion.js';
export { binomialTest, twoSidedBinomialP, type BinomialTestResult } from './binomial-test.js';
export {
  mcnemar,
  mcnemarFromTable,
  mcnemarFromOutcomes,
  type McnemarResult,
  type McnemarPairedResult,
} from './mcnemar.js';
export { pairedTTest, type PairedTTestOptions, type PairedTTestResult } from './paired-tests.js';
export {
  wilcoxonSignedRank,
  averageRanks,
  signedRankNull,
  type WilcoxonOptions,
  type WilcoxonResult,
} from './wilcoxon.js';
export { signFlipPermutationTest, type SignFlipOptions, type SignFlipResult } from './sign-flip.js';
export {
  holm,
  benjaminiHochberg,
  benjaminiYekutieli,
  adjustPValues,
  type AdjustedPValues,
} from './multiple-comparisons.js';
export { cohensKappa, weightedKappa, agreementTable, type KappaResult, type WeightedKappaResult } from './agreement.js';
export {
  positionReliability,
  MIN_POSITION_CONSISTENCY,
  MAX_TIE_SHARE,
  type PairCaseTally,
  type PositionReliability,
  type ShareInterval,
} from './position-consistency.js';
export { krippendorffAlpha, type KrippendorffLevel, type KrippendorffResult } from './krippendorff.js';
export {
  pairedTPower,
  pairedTSampleSize,
  millerSampleSize,
  minimumDetectableEffect,
  mcnemarSampleSize,
  mcnemarExactPower,
  findRoot,
  type PairedTPowerOptions,
  type MillerInputs,
} from './power.js';
export {
  tangoScoreStatistic,
  tangoNonInferiorityTest,
  tangoScoreInterval,
  boundedNonInferiorityTest,
  boundedScoreInterval,
  boundedScorePValue,
  type PairedScoreTest,
  type PairedScoreInterval,
} from './paired-score.js';
export {
  mcnemarMidP,
  mcnemarMidPPower,
  mcnemarMidPSampleSize,
  mcnemarMidPMde,
  mcnemarMidPOneWayMde,
  smallestStableN,
  type MidPSide,
} from './mcnemar-midp.js';
export { passAtK, passHatK, passAtKAggregate, type PassAtKAggregate } from './pass-at-k.js';
export {
  repeatsVarianceDecomposition,
  pairedRepeatsComparison,
  type RepeatsDecomposition,
  type PairedRepeatsComparison,
} from './repeats.js';
export { cochransQ, friedmanTest, rankRow, type OmnibusResult } from './n-way.js';
export { simpsonsParadoxCheck, type SimpsonSegment, type SimpsonResult } from './simpson.js';
export { normalCdf, normalSf, normalQuantile, normalPdf, erfc } from './distributions/normal.js';
export { tCdf, tSf, tQuantile, tTwoSidedTail } from './distributions/student-t.js';
export { noncentralTCdf, noncentralTSf } from './distributions/noncentral-t.js';
export { regularizedBeta, regularizedBetaUpper, inverseRegularizedBeta, betaPdf } from './distributions/beta.js';
export { binomialPmf, binomialCdf, binomialSf, logChoose } from './distributions/binomial.js';
export {
  logGamma,
  logBeta,
  regularizedGammaP,
  regularizedGammaQ,
  chiSquareSf,
  chiSquareCdf,
} from './distributions/gamma.js';
export { type Alternative } from './validation.js';
