/**
 * The calibration lines: known truths, simulated runs, and the event each replication counts.
 * Truths: pass rate p (drawn per replication for coverage, 0.7 at a gate's boundary; case rates
 * Beta(p/(1 − p), 1) with repeats); paired pass/fail with
 * discordance ψ split p10/p01; per-case pass shares from case rates π_A ~ Beta(2, 1) and a
 * shifted π_B; continuous scores base ~ Beta(2, 1), candidate = ½·base + ½·Beta(a, 1).
 */
import { planFromRates } from '../../src/analysis/plan/plan-from-rates.js';
import type { Rng } from '../../src/stats/index.js';
import { compare, gate, gateRate, summaryMde, summaryMean, summaryRate, type Interval } from './estimates.js';
import type { Line } from './run-lines.js';
import { bern, betaA1, caseId, pairedBinary, tableOf, type CaseSpec } from './simulate.js';

const ALPHA = 0.05;
const P = 0.7;
const covers = (ci: Interval, truth: number) => ci.lower <= truth && truth <= ci.upper;
const band = (n: number) => (n >= 30 ? { min: 0.94, max: 0.96, nominal: 0.95 } : { min: 0.9, nominal: 0.95 });

/** One run's cases with the given repeats: case rates Beta(a, 1) with mean p (a = p/(1 − p)). */
function rateRun(rng: Rng, n: number, repeats: number, weighted: boolean, p = P): CaseSpec[] {
  const a = p / (1 - p);
  return Array.from({ length: n }, (_, i) => {
    const pi = repeats === 1 ? p : betaA1(rng, a);
    return {
      id: caseId(i),
      outcomes: Array.from({ length: repeats }, () => bern(rng, pi)),
      ...(weighted && { weight: [1, 2, 4][Math.floor(rng.next() * 3)] }),
    };
  });
}

/** Paired per-case pass shares with K repeats: E[π_B − π_A] = δ exactly (π_A ~ Beta(2, 1)). */
function sharesPair(rng: Rng, n: number, repeats: number, delta: number): [CaseSpec[], CaseSpec[]] {
  const a: CaseSpec[] = [];
  const b: CaseSpec[] = [];
  for (let i = 0; i < n; i++) {
    const pa = betaA1(rng, 2);
    const pb = delta >= 0 ? pa + 3 * delta * (1 - pa) : pa * (1 + 1.5 * delta);
    a.push({ id: caseId(i), outcomes: Array.from({ length: repeats }, () => bern(rng, pa)) });
    b.push({ id: caseId(i), outcomes: Array.from({ length: repeats }, () => bern(rng, pb)) });
  }
  return [a, b];
}

/** Paired pass/fail, one repeat; optional segment metadata (4 values, round robin). */
function binaryPair(rng: Rng, n: number, p10: number, p01: number, segments = false): [CaseSpec[], CaseSpec[]] {
  const a: CaseSpec[] = [];
  const b: CaseSpec[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y] = pairedBinary(rng, p10, p01);
    const metadata = segments ? { seg: 'abcd'[i % 4] } : undefined;
    a.push({ id: caseId(i), outcomes: [x], ...(metadata && { metadata }) });
    b.push({ id: caseId(i), outcomes: [y], ...(metadata && { metadata }) });
  }
  return [a, b];
}

/** Continuous scores: Δ = ½(a/(a + 1) − 2/3). */
function scoresPair(rng: Rng, n: number, a: number): [CaseSpec[], CaseSpec[]] {
  const base: CaseSpec[] = [];
  const cand: CaseSpec[] = [];
  for (let i = 0; i < n; i++) {
    const s = betaA1(rng, 2);
    base.push({ id: caseId(i), outcomes: [s] });
    cand.push({ id: caseId(i), outcomes: [0.5 * s + 0.5 * betaA1(rng, a)] });
  }
  return [base, cand];
}
/** The same cases with weights 1, 2 or 4 at random (independent of the outcomes, so Δ is unchanged). */
function weighted(rng: Rng, [a, b]: [CaseSpec[], CaseSpec[]]): [CaseSpec[], CaseSpec[]] {
  const w = a.map(() => [1, 2, 4][Math.floor(rng.next() * 3)]);
  return [a.map((c, i) => ({ ...c, weight: w[i] })), b.map((c, i) => ({ ...c, weight: w[i] }))];
}
const scoresDelta = (a: number) => 0.5 * (a / (a + 1) - 2 / 3);
/** a with Δ = d: a/(a + 1) = 2/3 + 2d. */
const aFor = (d: number) => (2 / 3 + 2 * d) / (1 / 3 - 2 * d);

const seed = (rng: Rng) => rng.nextUint32();
const grader = (c: ReturnType<typeof compare>) => c.graders[0];

/**
 * Coverage of a rate interval, the truth p drawn per replication from U(0.55, 0.9): a count's
 * interval covers a *fixed* p with a coverage that oscillates with n and p (Wilson's dips to
 * about 93% at p = 0.7, n = 30 and 100); the average over p is what "95%" promises.
 */
function rateCoverage(estimate: (cases: CaseSpec[]) => Interval, n: number, repeats: number, weighted: boolean) {
  return (r: Rng) => {
    const p = 0.55 + 0.35 * r.next();
    return covers(estimate(rateRun(r, n, repeats, weighted, p)), p);
  };
}

/** Coverage of compare's Δ for pass/fail data, ψ ~ U(0.05, 0.4) and Δ ~ ψ·U(−½, ½) per replication. */
function binaryDeltaCoverage(n: number) {
  return (r: Rng) => {
    const psi = 0.05 + 0.35 * r.next();
    const delta = psi * (r.next() - 0.5);
    return covers(grader(compare(...binaryPair(r, n, (psi - delta) / 2, (psi + delta) / 2), seed(r))).delta, delta);
  };
}

export function coverageLines(ns: readonly number[]): Line[] {
  const lines: Line[] = [];
  for (const n of ns) {
    const rate = (
      what: string,
      estimate: (cases: CaseSpec[]) => Interval,
      repeats: number,
      weighted: boolean,
      weight = 1,
    ): Line => ({
      kind: 'coverage',
      what,
      n,
      target: band(n),
      weight,
      replicate: rateCoverage(estimate, n, repeats, weighted),
    });
    lines.push(
      rate('pass rate, 1 repeat (summary)', summaryRate, 1, false, 2),
      rate('pass rate, 3 repeats (summary)', summaryRate, 3, false),
      rate('pass rate, 3 repeats (gate)', gateRate, 3, false),
      rate('pass rate, weighted (summary)', summaryRate, 1, true),
      rate('pass rate, weighted (gate)', gateRate, 1, true),
      {
        kind: 'coverage',
        what: 'Δ pass/fail, 1 repeat, ψ ~ U(0.05, 0.4) (compare)',
        n,
        target: band(n),
        weight: 2,
        replicate: binaryDeltaCoverage(n),
      },
      {
        // Few discordant pairs (3 expected at n = 30): discreteness makes any interval conservative here.
        kind: 'coverage',
        what: 'Δ pass/fail, 1 repeat, ψ=0.1, Δ=0.03 (compare)',
        n,
        target: { min: n >= 30 ? 0.94 : 0.9, nominal: 0.95 },
        replicate: (r) => covers(grader(compare(...binaryPair(r, n, 0.035, 0.065), seed(r))).delta, 0.03),
      },
      {
        kind: 'coverage',
        what: 'Δ pass share, 3 repeats (compare)',
        n,
        target: band(n),
        replicate: (r) => covers(grader(compare(...sharesPair(r, n, 3, 0.05), seed(r))).delta, 0.05),
      },
      {
        kind: 'coverage',
        what: 'Δ continuous score (compare)',
        n,
        target: band(n),
        replicate: (r) => covers(grader(compare(...scoresPair(r, n, 3), seed(r))).delta, scoresDelta(3)),
      },
      {
        kind: 'coverage',
        what: 'Δ weighted, continuous (compare weightedDelta)',
        n,
        target: band(n),
        replicate: (r) => {
          // Compare shows the weighted Δ when the weights differ (all equal: the plain Δ is it).
          const g = grader(compare(...weighted(r, scoresPair(r, n, 3)), seed(r)));
          return covers(g.weightedDelta ?? g.delta, scoresDelta(3));
        },
      },
    );
  }
  return lines;
}

const falsePass = { max: ALPHA, nominal: ALPHA };

/**
 * `minPassRateLower` decides with the exact one-sided bound (Clopper–Pearson; on the effective n
 * with repeats or weights). Its lines sit on their bound of α/2, so they get more replications
 * (4× up to n = 30, 2× at 100; the simulated runs at n = 1,000 are costly).
 */
export function gateLines(ns: readonly number[]): Line[] {
  const lines: Line[] = [];
  const boundary = { max: 0.025, nominal: 0.025 };
  const passes = (cases: CaseSpec[]) => gate({ minPassRateLower: P }, tableOf('candidate', cases)).passed;
  for (const n of ns) {
    const weight = n <= 30 ? 4 : n <= 100 ? 2 : 1;
    lines.push(
      {
        kind: 'false-pass',
        what: 'minPassRateLower ≥ 0.7 at p = 0.7, 1 repeat (exact bound)',
        n,
        target: boundary,
        weight,
        replicate: (r) => passes(rateRun(r, n, 1, false)),
      },
      {
        kind: 'false-pass',
        what: 'minPassRateLower ≥ 0.7 at p = 0.7, 3 repeats (bound on nEff)',
        n,
        target: boundary,
        weight,
        replicate: (r) => passes(rateRun(r, n, 3, false)),
      },
      {
        kind: 'false-pass',
        what: 'minPassRateLower ≥ 0.7 at p = 0.7, weighted (bound on nEff)',
        n,
        target: boundary,
        weight,
        replicate: (r) => passes(rateRun(r, n, 1, true)),
      },
    );
  }
  const ni = (margin: number) => ({ nonInferiority: { margin, alpha: ALPHA } });
  for (const [n, psi, margin] of [
    [50, 0.03, 0.02],
    [50, 0.06, 0.02],
    [200, 0.03, 0.02],
    [1000, 0.03, 0.02],
    [30, 0.1, 0.1],
    [100, 0.3, 0.05],
  ]) {
    lines.push({
      kind: 'false-pass',
      what: `nonInferiority m=${margin} at Δ=−m, pass/fail, ψ=${psi}`,
      n,
      target: falsePass,
      replicate: (r) => {
        const [a, b] = binaryPair(r, n, (psi + margin) / 2, (psi - margin) / 2);
        return gate(ni(margin), tableOf('candidate', b), tableOf('baseline', a)).passed;
      },
    });
  }
  for (const n of ns.filter((x) => x >= 10)) {
    lines.push(
      {
        kind: 'false-pass',
        what: 'nonInferiority m=0.05 at Δ=−m, 3 repeats',
        n,
        target: falsePass,
        replicate: (r) => {
          const [a, b] = sharesPair(r, n, 3, -0.05);
          return gate(ni(0.05), tableOf('candidate', b), tableOf('baseline', a)).passed;
        },
      },
      {
        kind: 'false-pass',
        what: 'nonInferiority m=0.05 at Δ=−m, continuous',
        n,
        target: falsePass,
        replicate: (r) => {
          const [a, b] = scoresPair(r, n, aFor(-0.05));
          return gate(ni(0.05), tableOf('candidate', b), tableOf('baseline', a)).passed;
        },
      },
    );
  }
  return lines;
}

const alarm = { max: ALPHA, nominal: ALPHA };
const flagged = (v: string) => v === 'improved' || v === 'regressed';

export function nullLines(ns: readonly number[]): Line[] {
  const lines: Line[] = [];
  for (const n of ns) {
    lines.push(
      {
        kind: 'false-alarm',
        what: 'compare verdict, pass/fail, Δ=0, ψ=0.1',
        n,
        target: alarm,
        weight: 2,
        replicate: (r) => flagged(grader(compare(...binaryPair(r, n, 0.05, 0.05), seed(r))).verdict),
      },
      {
        kind: 'false-alarm',
        what: 'compare verdict, 3 repeats, Δ=0',
        n,
        target: alarm,
        replicate: (r) => flagged(grader(compare(...sharesPair(r, n, 3, 0), seed(r))).verdict),
      },
      {
        kind: 'false-alarm',
        what: 'compare verdict, continuous, Δ=0',
        n,
        target: alarm,
        replicate: (r) => flagged(grader(compare(...scoresPair(r, n, 2), seed(r))).verdict),
      },
      {
        kind: 'false-alarm',
        what: 'noRegression fails at Δ=0, pass/fail (one-sided α)',
        n,
        target: alarm,
        weight: 2,
        replicate: (r) => {
          const [a, b] = binaryPair(r, n, 0.05, 0.05);
          return !gate({ noRegression: { alpha: ALPHA } }, tableOf('candidate', b), tableOf('baseline', a)).passed;
        },
      },
      {
        kind: 'false-alarm',
        what: 'noRegression fails at Δ=0, continuous (one-sided α)',
        n,
        target: alarm,
        // ≥ 10,000 replications at the full run's base of 1,500 up to n = 30 (it sat on its bound at n = 30).
        weight: n <= 30 ? 7 : 1,
        replicate: (r) => {
          const [a, b] = scoresPair(r, n, 2);
          return !gate({ noRegression: { alpha: ALPHA } }, tableOf('candidate', b), tableOf('baseline', a)).passed;
        },
      },
    );
  }
  for (const n of ns.filter((x) => x >= 100)) {
    lines.push({
      kind: 'false-alarm',
      what: 'any segment flagged (4 segments, BH), Δ=0',
      n,
      target: alarm,
      replicate: (r) =>
        compare(...binaryPair(r, n, 0.05, 0.05, true), seed(r)).segments.some((s) => flagged(s.verdict)),
    });
  }
  return lines;
}

/** Achieved power of compare's verdict at the number of cases `assay plan` gives. */
export function powerLines(): Line[] {
  return [
    [0.85, 0.03, 0.1],
    [0.7, 0.1, 0.2],
    [0.8, 0.05, 0.06],
  ].map(([baselineRate, delta, discordance]) => {
    const plan = planFromRates({ baselineRate, delta, discordance });
    const n = plan.casesMidP;
    const p01 = (discordance + delta) / 2;
    const p10 = (discordance - delta) / 2;
    return {
      kind: 'power' as const,
      what: `compare at plan's n: ${baselineRate}→+${delta}, ψ=${discordance}`,
      n,
      target: { min: plan.power - 0.03, max: plan.power + 0.03, nominal: plan.power },
      replicate: (r: Rng) => grader(compare(...binaryPair(r, n, p10, p01), seed(r))).verdict === 'improved',
    };
  });
}

/**
 * The MDE a summary prints for a run that passes every case (ψ = 2p(1 − p) = 0, so the change
 * itself sets the discordance): a candidate failing each case with probability MDE is found
 * regressed by `assay compare` with the MDE's 80% power. (It printed 100 points before.)
 */
export function mdeLines(): Line[] {
  return [30, 200, 1000].map((n) => {
    const allPass: CaseSpec[] = Array.from({ length: n }, (_, i) => ({ id: caseId(i), outcomes: [true] }));
    const mde = summaryMde(allPass);
    return {
      kind: 'power' as const,
      what: `compare at the summary's MDE (${(mde * 100).toFixed(2)} pts) of an all-pass run`,
      n,
      target: { min: 0.77, max: 0.83, nominal: 0.8 },
      replicate: (r: Rng) => {
        const candidate = allPass.map((c) => ({ id: c.id, outcomes: [!bern(r, mde)] }));
        return grader(compare(allPass, candidate, seed(r))).verdict === 'regressed';
      },
    };
  });
}

/**
 * Coverage of the summary's mean score: 0/1 values (one repeat and three, pass probability drawn
 * in [0.55, 0.9] as for the pass rate), and continuous scores (Beta(2, 1), mean 2/3). The mean
 * score of 0/1 values had the t interval, which collapses when every value agrees (all 1s at n = 10
 * gave [100, 100]): it now has the pass rate's estimator.
 */
export function meanScoreLines(ns: readonly number[]): Line[] {
  return ns.flatMap((n): Line[] => [
    {
      kind: 'coverage',
      what: 'mean score, 0/1 values, 1 repeat (summary)',
      n,
      target: band(n),
      replicate: rateCoverage(summaryMean, n, 1, false),
    },
    {
      kind: 'coverage',
      what: 'mean score, 0/1 values, 3 repeats (summary)',
      n,
      target: band(n),
      replicate: rateCoverage(summaryMean, n, 3, false),
    },
    {
      kind: 'coverage',
      what: 'mean score, continuous, Beta(2, 1) (summary)',
      n,
      target: band(n),
      replicate: (r: Rng) =>
        covers(summaryMean(Array.from({ length: n }, (_, i) => ({ id: caseId(i), outcomes: [betaA1(r, 2)] }))), 2 / 3),
    },
  ]);
}
