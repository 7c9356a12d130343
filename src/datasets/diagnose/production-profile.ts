import { basename } from 'node:path';
import type { Case } from '../../core/types.js';
import { LshRingIndex } from '../dedup/lsh-ring-index.js';
import { minHashSignature } from '../dedup/minhash.js';
import { comparableShingles } from '../dedup/text-shingles.js';
import { inputText, normalizeWords } from '../dedup/normalize-words.js';
import {
  FieldSightings,
  INPUT_FIELDS,
  TRACE_ID_FIELDS,
  feedbackPolarity,
  firstField,
  getField,
  stratumValue,
} from '../logs/log-fields.js';
import { readLogRecords, type LogRecord } from '../logs/read-log-records.js';

export interface ProductionProfile {
  readonly lines: number;
  /** Traffic per combination of field values, keyed by the JSON array of values. */
  readonly joint: ReadonlyMap<string, number>;
  /** How many lines have each field present. */
  readonly present: ReadonlyMap<string, number>;
  /** Lines whose input is a near-duplicate of some eval case. */
  readonly nearEvalCase: number;
  /** Traffic near each eval case (by case index). */
  readonly trafficPerCase: readonly number[];
  /** Feedback (1 positive, 0 negative) found in the logs for eval cases, by case id. */
  readonly feedback: ReadonlyMap<string, 0 | 1>;
  /** Eval cases joined to at least one log line (with or without feedback). */
  readonly joined: number;
  /** Log lines with feedback that reads as positive or negative. */
  readonly feedbackLines: number;
  /** Log lines with an input text (compared with the eval cases). */
  readonly linesWithInput: number;
  /** Field names of the first lines, for messages. */
  readonly fieldsSeen: readonly string[];
  /** Up to 50 scalar values of each top-level or `metadata` field over the first 1,000 lines (to match renamed fields). */
  readonly valueSamples: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * One streaming pass over production logs: traffic per strata combination, the share of
 * traffic that has a near-duplicate among the eval cases (a bounded LSH index holding only
 * the eval cases), and the feedback logged for eval cases (joined by trace id or
 * `file:line` provenance). Memory depends on the eval set and the strata, not the log length.
 */
export async function profileProduction(
  path: string,
  cases: readonly Case[],
  fields: readonly string[],
  options: {
    feedbackField: string;
    threshold: number;
    inputField?: string;
    /** Records to read instead of the file (the store's ingested traces); `path` is then their label. */
    records?: AsyncIterable<LogRecord>;
  },
): Promise<ProductionProfile> {
  const label = basename(path);
  const index = new LshRingIndex({
    threshold: options.threshold,
    capacity: Math.max(1, cases.length),
    bucketsPowerOfTwo: 14,
  });
  const bySource = new Map<string, string>();
  cases.forEach((c, i) => {
    const words = normalizeWords(inputText(c.input));
    if (words.length > 0) index.add(minHashSignature(comparableShingles(words)), i);
    if (c.source) bySource.set(c.source, c.id);
  });
  const trafficPerCase = new Array<number>(cases.length).fill(0);
  const joint = new Map<string, number>();
  const present = new Map<string, number>(fields.map((f) => [f, 0]));
  const feedback = new Map<string, 0 | 1>();
  const joined = new Set<string>();
  let feedbackLines = 0;
  const sig = new Uint32Array(64);
  let lines = 0;
  let near = 0;
  let withInput = 0;
  const sightings = new FieldSightings(100);
  const samples = new Map<string, Set<string>>();
  for await (const rec of options.records ?? readLogRecords(path)) {
    lines++;
    sightings.see(rec.data);
    if (lines <= 1000) sampleValues(rec.data, samples);
    const values = fields.map((f) => {
      const v = getField(rec.data, f);
      if (v !== undefined && v !== null && v !== '') present.set(f, (present.get(f) ?? 0) + 1);
      return stratumValue(v);
    });
    const key = JSON.stringify(values);
    joint.set(key, (joint.get(key) ?? 0) + 1);
    const input = options.inputField ? getField(rec.data, options.inputField) : firstField(rec.data, INPUT_FIELDS);
    const words = normalizeWords(inputText(input));
    if (words.length > 0) {
      withInput++;
      const match = index.findAndCount(minHashSignature(comparableShingles(words), sig));
      if (match) {
        near++;
        trafficPerCase[match.rep]++;
      }
    }
    const fb = feedbackPolarity(getField(rec.data, options.feedbackField));
    if (fb !== null) feedbackLines++;
    if (bySource.size > 0) {
      const trace = firstField(rec.data, TRACE_ID_FIELDS);
      const caseId = bySource.get(trace !== undefined ? String(trace) : '') ?? bySource.get(`${label}:${rec.line}`);
      if (caseId !== undefined) {
        joined.add(caseId);
        if (fb !== null) feedback.set(caseId, fb);
      }
    }
  }
  return {
    lines,
    joint,
    present,
    nearEvalCase: near,
    trafficPerCase,
    feedback,
    joined: joined.size,
    feedbackLines,
    linesWithInput: withInput,
    fieldsSeen: sightings.fields(),
    valueSamples: samples,
  };
}

function sampleValues(data: Readonly<Record<string, unknown>>, samples: Map<string, Set<string>>): void {
  const add = (obj: unknown) => {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return;
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
      const set = samples.get(k) ?? new Set<string>();
      if (set.size < 50) set.add(String(v));
      samples.set(k, set);
    }
  };
  add(data);
  add(data.metadata);
}

/** Share of production lines whose value of every field has at least one eval case. */
export function coveredOneWay(
  profile: ProductionProfile,
  all: readonly string[],
  fields: readonly string[],
  byValue: readonly ReadonlyMap<string, unknown>[],
): number {
  const idx = fields.map((f) => all.indexOf(f));
  let covered = 0;
  for (const [joint, count] of profile.joint) {
    const values = JSON.parse(joint) as string[];
    if (fields.every((f, i) => byValue[i].has(`${f}=${values[idx[i]]}`))) covered += count;
  }
  return covered / profile.lines;
}

/** Traffic share per stratum key over `fields`, from the joint counts over `all`. */
export function projectTraffic(
  profile: ProductionProfile,
  all: readonly string[],
  fields: readonly string[],
): Map<string, number> {
  const idx = fields.map((f) => all.indexOf(f));
  const out = new Map<string, number>();
  for (const [joint, count] of profile.joint) {
    const values = JSON.parse(joint) as string[];
    const key = fields.map((f, i) => `${f}=${values[idx[i]]}`).join(',') || '(all)';
    out.set(key, (out.get(key) ?? 0) + count / profile.lines);
  }
  return out;
}
