import type { Rng } from '../../stats/index.js';

/** A distinct text of a stratum: its fingerprint slot, first line and traffic. */
export interface FrameText {
  readonly slot: number;
  readonly line: number;
  /** Log lines that are this text or a copy of it (itself included). */
  readonly traffic: number;
}

/** A sampled text with its weight and whether it was taken with certainty. */
export interface SampledText extends FrameText {
  weight: number;
  readonly certain: boolean;
}

/**
 * Priority sampling (Duffield, Lund & Thorup 2007) of `n` distinct texts of one stratum,
 * with probability growing with traffic: text i gets priority t_i/u_i (u_i uniform on (0, 1]),
 * the n highest are kept, and with τ the (n + 1)-th priority each kept text weighs
 * max(t_i, τ). A head text with t_i ≥ τ is in the set with certainty and stands for exactly
 * its own traffic; the others each stand for τ lines. Σ w_i·y_i is unbiased for the stratum's
 * traffic total of y. The weights are then scaled by T/Σw so they sum to the stratum's
 * traffic T exactly (a ratio estimator). With n ≥ the distinct texts, every text is taken
 * with its own traffic (a census).
 *
 * Why not a simple random sample of distinct texts: the head of production traffic (a few
 * texts asked thousands of times) would almost never be drawn, and the estimate would be that
 * of the tail.
 */
export function prioritySample(frame: readonly FrameText[], n: number, traffic: number, rng: Rng): SampledText[] {
  const ranked = frame.map((t) => ({ t, q: t.traffic / (1 - rng.next()) }));
  ranked.sort((a, b) => b.q - a.q || a.t.line - b.t.line);
  const tau = ranked.length > n ? ranked[n].q : 0;
  const chosen: SampledText[] = ranked.slice(0, n).map(({ t }) => ({ ...t, weight: Math.max(t.traffic, tau), certain: t.traffic >= tau }));
  const sum = chosen.reduce((a, c) => a + c.weight, 0);
  for (const c of chosen) c.weight = sum > 0 ? (c.weight * traffic) / sum : 0;
  return chosen.sort((a, b) => a.line - b.line);
}
