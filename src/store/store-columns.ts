import type { Case } from '../core/types.js';
import type { CaseColumns, TrialColumns } from './types.js';

// Columnar reads shared by the stores: each store reads every column as one JSON array (which
// V8 parses natively, leaving no object per row), and these functions build the typed columns.
// Text keys are compared in code point order, which is SQLite's BINARY and Postgres's "C".

/**
 * Trials (and cases) per page of `trials.scanColumns` and `datasets.listCaseColumns` unless the
 * caller says otherwise. Small enough that a page's parsed columns stay out of V8's large-object
 * space and die young: with 50,000, each page's arrays waited for a full collection, and the
 * summary of a million trials peaked ~100 MB higher for the same CPU time.
 */
export const DEFAULT_PAGE_SIZE = 10_000;

type Num = number | null;
export type TrialJson = [
  caseId: string[],
  repeat: number[],
  error: (string | null)[],
  latency: number[],
  cost: Num[],
  input: Num[],
  output: Num[],
];
export type ScoreJson = [
  caseId: string[],
  repeat: number[],
  grader: string[],
  ordinal: number[],
  value: Num[],
  pass: Num[],
  pending: number[],
  error: (string | null)[],
  judgeCall: number[],
  judgeCost: Num[],
  judgeTokens: number[],
  reason: (string | null)[],
];

export type CaseJson = [caseId: string[], slice: string[], metadata: string[], weight: number[]];

/**
 * Merges a run's trial columns and score columns (each as parsed from one JSON array per
 * column, as both stores read them) on (case, repeat) into `TrialColumns`. The score columns
 * end with `reason` only when `withReasons`.
 */
export function trialColumnsFromJson(trialJson: TrialJson, scoreJson: ScoreJson, withReasons: boolean): TrialColumns {
  const [caseIds, repeats, errors, latency, cost, input, output] = inKeyOrder(trialJson);
  const [
    scoreCase,
    scoreRepeat,
    graderOf,
    ordinal,
    value,
    pass,
    pending,
    scoreErrors,
    judgeCall,
    judgeCost,
    judgeTokens,
    reason,
  ] = inKeyOrder(scoreJson);
  const size = scoreCase.length;
  const graderNames: string[] = [];
  const graderIndex = new Map<string, number>();
  const grader = new Uint16Array(size);
  const ordinals = new Int32Array(size);
  const values = new Float64Array(size);
  const passes = new Int8Array(size);
  const pendings = new Uint8Array(size);
  const errorsOf: (string | null)[] = [];
  const judgeCalls = new Uint8Array(size);
  const judgeCosts = new Float64Array(size);
  const judgeTokenCounts = new Float64Array(size);
  const reasons: (string | null)[] = [];
  const scoreStart = new Uint32Array(caseIds.length + 1);
  let m = 0;
  let j = 0;
  for (let i = 0; i < caseIds.length; i++) {
    scoreStart[i] = m;
    const id = caseIds[i];
    const repeat = repeats[i];
    // Scores whose trial is missing sort before this one: skip them.
    while (
      j < size &&
      (scoreCase[j] !== id || scoreRepeat[j] !== repeat) &&
      compareKeys(scoreCase[j], scoreRepeat[j], id, repeat) < 0
    )
      j++;
    for (; j < size && scoreCase[j] === id && scoreRepeat[j] === repeat; j++, m++) {
      let g = graderIndex.get(graderOf[j]);
      if (g === undefined) {
        graderIndex.set(graderOf[j], (g = graderNames.length));
        graderNames.push(graderOf[j]);
      }
      grader[m] = g;
      ordinals[m] = ordinal[j];
      values[m] = value[j] ?? Number.NaN;
      passes[m] = pass[j] === null ? -1 : pass[j] === 1 ? 1 : 0;
      pendings[m] = pending[j] === 1 ? 1 : 0;
      errorsOf.push(scoreErrors[j]);
      judgeCalls[m] = judgeCall[j] === 1 ? 1 : 0;
      judgeCosts[m] = judgeCost[j] ?? Number.NaN;
      judgeTokenCounts[m] = judgeTokens[j] ?? 0;
      if (withReasons) reasons.push(reason[j]);
    }
  }
  scoreStart[caseIds.length] = m;
  return {
    trials: {
      caseIds,
      repeats: Int32Array.from(repeats),
      errors,
      scoreStart,
      latencyMs: Float64Array.from(latency),
      costUsd: Float64Array.from(cost, orNaN),
      inputTokens: Float64Array.from(input, orNaN),
      outputTokens: Float64Array.from(output, orNaN),
    },
    scores: {
      graderNames,
      grader: grader.slice(0, m),
      ordinals: ordinals.slice(0, m),
      values: values.slice(0, m),
      pass: passes.slice(0, m),
      pending: pendings.slice(0, m),
      errors: errorsOf,
      judgeCalls: judgeCalls.slice(0, m),
      judgeCostUsd: judgeCosts.slice(0, m),
      judgeTokens: judgeTokenCounts.slice(0, m),
      ...(withReasons && { reasons }),
    },
  };
}

/** A dataset version's segment fields as columns; equal metadata is parsed once and shared. */
export function caseColumnsFromJson(json: CaseJson): CaseColumns {
  const builder = new CaseColumnsBuilder();
  builder.add(json);
  return builder.finish();
}

/** Distinct metadata texts a case-column read parses once and shares. */
const MAX_SHARED_METADATA = 4096;

/**
 * Builds a dataset version's case columns from pages read in key order (each as parsed from
 * one JSON array per column), so a million cases are never one JSON text. Slice names and
 * equal metadata are one shared string and one frozen object across the pages (the first
 * 4,096 distinct metadata; past them each case's is its own). The columns are made at the
 * stored case count: grown by appending, a million cases would leave two million slots of
 * copies behind for the collector, and a quarter of the last one unused.
 */
export class CaseColumnsBuilder {
  readonly #caseIds: string[];
  readonly #slices: string[];
  readonly #metadata: Case['metadata'][];
  #weights: Float64Array;
  #count = 0;
  readonly #names = new Map<string, string>();
  readonly #parsed = new Map<string, Case['metadata']>();

  /** `expected`: the dataset's stored case count (a hint: more or fewer cases still fit). */
  constructor(expected = 0) {
    const size = Math.max(0, Math.floor(expected));
    this.#caseIds = new Array<string>(size);
    this.#slices = new Array<string>(size);
    this.#metadata = new Array<Case['metadata']>(size);
    this.#weights = new Float64Array(Math.max(16, size));
  }

  /** Adds a page; returns its number of cases. */
  add(json: CaseJson): number {
    const [caseIds, slices, metadataJson, weights] = inKeyOrder(json);
    if (this.#count + caseIds.length > this.#weights.length) {
      const weights = new Float64Array(Math.max(this.#weights.length * 2, this.#count + caseIds.length));
      weights.set(this.#weights);
      this.#weights = weights;
    }
    // Neighbouring cases mostly have the same slice and metadata: the last ones are reused
    // without a look in the maps.
    let slice: string | undefined;
    let name = '';
    let text: string | undefined;
    let metadata: Case['metadata'] = {};
    for (let i = 0; i < caseIds.length; i++) {
      const c = this.#count++;
      this.#caseIds[c] = caseIds[i];
      if (slices[i] !== slice) {
        slice = slices[i];
        const known = this.#names.get(slice);
        if (known === undefined) this.#names.set(slice, slice);
        name = known ?? slice;
      }
      this.#slices[c] = name;
      if (metadataJson[i] !== text) {
        text = metadataJson[i];
        metadata = this.#parsed.get(text) ?? this.#parse(text);
      }
      this.#metadata[c] = metadata;
      this.#weights[c] = weights[i];
    }
    return caseIds.length;
  }

  #parse(text: string): Case['metadata'] {
    const metadata = Object.freeze(JSON.parse(text) as Case['metadata']);
    // Shared while few are distinct (a language, a tier); metadata unique to each case (a
    // source id) would only hold every text a second time, so past this many it is not kept.
    if (this.#parsed.size < MAX_SHARED_METADATA) this.#parsed.set(text, metadata);
    return metadata;
  }

  /** The last case id added (the key the next page starts after). */
  get lastId(): string | undefined {
    return this.#count === 0 ? undefined : this.#caseIds[this.#count - 1];
  }

  finish(): CaseColumns {
    for (const column of [this.#caseIds, this.#slices, this.#metadata]) column.length = this.#count;
    return {
      caseIds: this.#caseIds,
      slices: this.#slices,
      metadata: this.#metadata,
      weights: this.#weights.length === this.#count ? this.#weights : this.#weights.slice(0, this.#count),
    };
  }
}

/**
 * The columns as read when their rows are in key order (the first column a text key, the
 * second, if numeric, a number), which is what the query asks for and what the database returns;
 * otherwise sorted by key. SQL does not promise that an aggregate sees its subquery's rows
 * in ORDER BY order, so the order is checked, not assumed.
 */
function inKeyOrder<T extends unknown[][]>(columns: T): T {
  const ids = columns[0] as string[];
  const numbers = typeof columns[1]?.[0] === 'number' ? (columns[1] as number[]) : undefined;
  const compare = compareKeysAt(ids, numbers);
  for (let k = 1; k < ids.length; k++) {
    if (compare(k - 1, k) > 0) {
      const order = ids.map((_, i) => i).sort(compare);
      return columns.map((column) => order.map((i) => column[i])) as T;
    }
  }
  return columns;
}

/** Code units at which UTF-16 order and code point order can disagree (see {@link compareText}). */
const HIGH_UNITS = /[\ud800-\uffff]/;

/**
 * {@link compareKeys} of rows `a` and `b` of an id column and a number column (0 where it has
 * none), with the same sign. Without surrogates or U+E000–U+FFFF in any id, the engine's own
 * string comparison gives code point order, at a fraction of the cost of comparing in code.
 */
export function compareKeysAt(
  ids: readonly string[],
  numbers: ArrayLike<number> | undefined,
): (a: number, b: number) => number {
  const native = !HIGH_UNITS.test(ids.join(''));
  return (a, b) => {
    const x = ids[a];
    const y = ids[b];
    if (x === y) return (numbers?.[a] ?? 0) - (numbers?.[b] ?? 0);
    if (!native) return compareText(x, y);
    return x < y ? -1 : 1;
  };
}

function orNaN(x: number | null): number {
  return x ?? Number.NaN;
}

/** The stores' key order on trials: case id (code point order), then repeat. */
export function compareKeys(idA: string, a: number, idB: string, b: number): number {
  return compareText(idA, idB) || a - b;
}

/** Code point order on text (SQLite's BINARY, Postgres's COLLATE "C" on UTF-8). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 puts surrogates (code points above U+FFFF) below U+E000–U+FFFF; code points do not.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
