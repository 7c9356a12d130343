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

interface Ranked {
  readonly t: FrameText;
  readonly q: number;
}

const before = (a: Ranked, b: Ranked) => a.q < b.q || (a.q === b.q && a.t.line > b.t.line);

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
 * of the tail. Texts are offered one at a time and only the n + 1 highest priorities are kept
 * (a min-heap), so memory is O(n) whatever the number of distinct texts.
 */
export class PrioritySampler {
  readonly #n: number;
  readonly #heap: Ranked[] = [];

  constructor(n: number) {
    this.#n = n;
  }

  /** Offers a text with its uniform draw u in [0, 1). */
  offer(t: FrameText, u: number): void {
    if (this.#n === 0) return;
    const r = { t, q: t.traffic / (1 - u) };
    const heap = this.#heap;
    if (heap.length < this.#n + 1) {
      heap.push(r);
      this.#up(heap.length - 1);
    } else if (before(heap[0], r)) {
      heap[0] = r;
      this.#down(0);
    }
  }

  /** The sampled texts in log order, weights summing to `traffic`. */
  sample(traffic: number): SampledText[] {
    const ranked = [...this.#heap].sort((a, b) => (before(a, b) ? 1 : before(b, a) ? -1 : 0));
    const tau = ranked.length > this.#n ? ranked[this.#n].q : 0;
    const chosen: SampledText[] = ranked
      .slice(0, this.#n)
      .map(({ t }) => ({ ...t, weight: Math.max(t.traffic, tau), certain: t.traffic >= tau }));
    const sum = chosen.reduce((a, c) => a + c.weight, 0);
    for (const c of chosen) c.weight = sum > 0 ? (c.weight * traffic) / sum : 0;
    return chosen.sort((a, b) => a.line - b.line);
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
}
