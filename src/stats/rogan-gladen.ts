/** A corrected prevalence with its interval. `value` is NaN when the correction is undefined. */
export interface RoganGladenEstimate {
  readonly value: number;
  readonly lower: number;
  readonly upper: number;
  readonly se: number;
  /** The uncorrected estimate, clipped to [0, 1]. */
  readonly apparent: number;
  /** True when the raw corrected value fell outside [0, 1] and was clipped. */
  readonly clipped: boolean;
}

export interface RoganGladenInput {
  /** Positives the imperfect classifier reported, out of `n`. */
  readonly positives: number;
  readonly n: number;
  /** Sensitivity counts from the validation set: true positives out of reference positives. */
  readonly truePositives: number;
  readonly referencePositives: number;
  /** Specificity counts: true negatives out of reference negatives. */
  readonly trueNegatives: number;
  readonly referenceNegatives: number;
}

/**
 * Rogan–Gladen estimator of the true prevalence behind an imperfect classifier:
 * π = (p + Sp − 1) / (Se + Sp − 1), where p is the apparent (judge-reported) rate and Se, Sp
 * are measured on a separate labelled set.
 *
 * Interval: delta method with the three inputs treated as independent binomial proportions
 * (Greenland 1996):
 * Var(π) = [p(1−p)/n + π²·Se(1−Se)/n_pos + (1−π)²·Sp(1−Sp)/n_neg] / (Se + Sp − 1)²,
 * then π ± z·√Var, clipped to [0, 1]. The point estimate is clipped to [0, 1] too (`clipped`
 * says so). When Se + Sp ≤ 1 the classifier is no better than chance and the correction is
 * undefined: every field but `apparent` is NaN. Empty `n`, `referencePositives` or
 * `referenceNegatives` also give NaN.
 *
 * @example
 * // The judge passes 55 of 100; on 40 labelled trials Se = 18/20, Sp = 16/20.
 * roganGladen({ positives: 55, n: 100, truePositives: 18, referencePositives: 20, trueNegatives: 16, referenceNegatives: 20 });
 * // → value 0.5 (= (0.55 + 0.8 − 1) / 0.7)
 */
export function roganGladen(input: RoganGladenInput, alpha = 0.05): RoganGladenEstimate {
  const { positives, n, truePositives, referencePositives, trueNegatives, referenceNegatives } = input;
  const apparent = n > 0 ? clamp01(positives / n) : Number.NaN;
  const undefinedResult = { value: Number.NaN, lower: Number.NaN, upper: Number.NaN, se: Number.NaN, apparent, clipped: false };
  if (!(n > 0) || !(referencePositives > 0) || !(referenceNegatives > 0)) return undefinedResult;
  const se = truePositives / referencePositives;
  const sp = trueNegatives / referenceNegatives;
  const youden = se + sp - 1;
  if (!(youden > 0)) return undefinedResult;
  const p = positives / n;
  const raw = (p + sp - 1) / youden;
  const value = clamp01(raw);
  const variance = (p * (1 - p) / n + value * value * se * (1 - se) / referencePositives
    + (1 - value) * (1 - value) * sp * (1 - sp) / referenceNegatives) / (youden * youden);
  const stdErr = Math.sqrt(variance);
  const z = normalQuantile(1 - alpha / 2);
  return {
    value,
    lower: clamp01(value - z * stdErr),
    upper: clamp01(value + z * stdErr),
    se: stdErr,
    apparent,
    clipped: raw !== value,
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}

