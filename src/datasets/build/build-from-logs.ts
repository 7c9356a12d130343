import { basename } from 'node:path';
import { AssayError, type Issue } from '../../core/errors.js';
import type { Case, CaseInput, CaseMetadata } from '../../core/types.js';
import { createRng, wilsonInterval } from '../../stats/index.js';
import { NearDuplicateSet } from '../dedup/find-near-duplicates.js';
import { inputText } from '../dedup/normalize-words.js';
import { StreamDeduper } from '../dedup/stream-deduper.js';
import { FieldSightings, INPUT_FIELDS, TRACE_ID_FIELDS, feedbackPolarity, firstField, getField, plural, recordMetadata, stratumKey, stratumValue } from '../logs/log-fields.js';
import { readLogRecords, type LogRecord } from '../logs/read-log-records.js';
import { emptyPiiCounts, redactValue } from '../pii/redact-pii.js';
import { allocate, allocationScores, type AllocationMethod } from './allocate.js';
import type { BuildCluster, BuildReport, BuildStratum } from './build-report.js';
import { Reservoir, shuffled } from './reservoir.js';
import { didYouMean } from '../../core/did-you-mean.js';

export interface BuildFromLogsOptions {
  /** A JSONL or CSV log, one interaction a line. */
  readonly from: string;
  readonly size: number;
  /** Fields whose value combinations form the strata (top-level, dotted, or under `metadata`). */
  readonly strata: readonly string[];
  readonly allocation?: AllocationMethod;
  readonly minPerStratum?: number;
  /** Numeric or boolean field whose stratum mean drives `importance` allocation. */
  readonly importanceField?: string;
  readonly seed?: number;
  /** Jaccard threshold for near-duplicates (default 0.8); 1 keeps only exact dedup. */
  readonly nearDuplicateThreshold?: number;
  readonly redactPii?: boolean;
  readonly inputField?: string;
  readonly idField?: string;
  readonly feedbackField?: string;
  /** Field copied to each case's `expected` (none by default: a logged answer is not a reference). */
  readonly expectedField?: string;
  /** Memory bounds of the dedup structures (see `StreamDeduper`). */
  readonly limits?: { readonly exactSlotsPowerOfTwo?: number; readonly nearCapacity?: number };
  /** Half-width above which a stratum is reported as too thin (default 0.15). */
  readonly maxHalfWidth?: number;
  /** Called every 10,000 lines with the count so far (progress, memory probes). */
  readonly onProgress?: (lines: number) => void;
  /** Share of lines below which a missing strata field is warned about (default 0.5). */
  readonly minFieldPresence?: number;
}

export interface BuildFromLogsResult {
  readonly cases: Case[];
  readonly report: BuildReport;
}

interface Candidate {
  readonly line: number;
  readonly data: LogRecord['data'];
  readonly input: unknown;
}

interface StratumState {
  readonly key: string;
  readonly values: { [field: string]: string };
  traffic: number;
  feedback: number;
  negative: number;
  importanceSum: number;
  readonly reservoir: Reservoir<Candidate>;
}

/**
 * Builds an eval set from production logs in one streaming pass: dedup (exact, then
 * MinHash/LSH near-duplicates), a reservoir per stratum, then allocation and selection.
 *
 * Why one pass with reservoirs of capacity `size` (plus slack) instead of two passes: no
 * stratum can be allocated more than `size` cases, so a reservoir that large always holds
 * enough for whatever allocation the population counts produce, the logs are read once (and
 * may be a pipe), and memory is O(strata × size), independent of the number of lines. The
 * slack lets selection skip near-duplicates the bounded stream index could not see.
 *
 * @example
 * const { cases, report } = await buildFromLogs({ from: 'logs.jsonl', size: 500, strata: ['intent', 'language'], seed: 1 });
 */
export async function buildFromLogs(options: BuildFromLogsOptions): Promise<BuildFromLogsResult> {
  const o = normalizeOptions(options);
  const rng = createRng(o.seed);
  const label = basename(o.from);
  const deduper = new StreamDeduper({ nearThreshold: o.threshold, near: o.threshold < 1, ...o.limits });
  const strata = new Map<string, StratumState>();
  const issues: Issue[] = [];
  let skipped = 0;
  let unreadable = 0;
  let records = 0;
  const present = new Map<string, number>(o.strata.map((f) => [f, 0]));
  const sightings = new FieldSightings(100);
  const capacity = o.size + Math.ceil(o.size * 0.2) + 5;
  const onIssue = (issue: Issue) => {
    skipped++;
    if (issues.length < 50) issues.push(issue);
  };

  const onUnreadable = (issue: Issue) => {
    unreadable++;
    onIssue(issue);
  };
  for await (const rec of readLogRecords(o.from, { onIssue: onUnreadable })) {
    records++;
    if ((records + unreadable) % 10_000 === 0) options.onProgress?.(records + unreadable);
    sightings.see(rec.data);
    const values = o.strata.map((f) => getField(rec.data, f));
    values.forEach((v, i) => {
      if (v !== undefined && v !== null && v !== '') present.set(o.strata[i], (present.get(o.strata[i]) ?? 0) + 1);
    });
    const input = o.inputField ? getField(rec.data, o.inputField) : firstField(rec.data, INPUT_FIELDS);
    if (input === undefined || input === null || input === '') {
      onIssue({ code: 'missing_field', path: `${label}:${rec.line}`, message: `${o.inputField ?? 'input'}: missing; name the input field with --input-field` });
      continue;
    }
    const key = stratumKey(o.strata, values);
    let st = strata.get(key);
    if (!st) {
      st = { key, values: Object.fromEntries(o.strata.map((f, i) => [f, stratumValue(values[i])])), traffic: 0, feedback: 0, negative: 0, importanceSum: 0, reservoir: new Reservoir(capacity) };
      strata.set(key, st);
    }
    st.traffic++;
    const fb = feedbackPolarity(getField(rec.data, o.feedbackField));
    if (fb !== null) {
      st.feedback++;
      if (fb === 0) st.negative++;
    }
    if (o.importanceField) st.importanceSum += importanceValue(getField(rec.data, o.importanceField));
    if (deduper.check(inputText(input), rec.line).kind !== 'unique') continue;
    st.reservoir.offer({ line: rec.line, data: rec.data, input }, rng);
  }
  const lines = records + unreadable;
  if (strata.size === 0) {
    throw new AssayError('LOGS_EMPTY', `No interactions could be read from ${o.from}.`, {
      hint: 'Each line must be a JSON object (or a CSV row) with an input field such as "input" or "prompt".',
      issues,
    });
  }
  const fieldWarnings = checkStrataFields(o.strata, present, records, sightings.fields(), o.minFieldPresence);

  const states = [...strata.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const stats = states.map((s) => ({ population: s.reservoir.seen, feedback: s.feedback, negative: s.negative, importance: s.traffic > 0 ? s.importanceSum / s.traffic : 0 }));
  const allocated = allocate(stats.map((s) => s.population), allocationScores(stats, o.allocation, !o.importanceField), o.size, o.minPerStratum);

  const admitted = new NearDuplicateSet(o.threshold < 1 ? o.threshold : 1);
  const pii = emptyPiiCounts();
  const cases: Case[] = [];
  const usedIds = new Set<string>();
  const sampledLines = new Set<number>();
  const built: BuildStratum[] = [];
  const totalTraffic = states.reduce((a, s) => a + s.traffic, 0);
  states.forEach((st, h) => {
    const chosen: Candidate[] = [];
    for (const c of shuffled(st.reservoir.items, rng)) {
      if (chosen.length >= allocated[h]) break;
      if (admitted.admit(inputText(c.input))) chosen.push(c);
    }
    const population = st.reservoir.seen;
    const weight = chosen.length > 0 ? population / chosen.length : 0;
    chosen.sort((a, b) => a.line - b.line);
    for (const c of chosen) {
      sampledLines.add(c.line);
      cases.push(toCase(c, st, weight, o, label, usedIds, pii));
    }
    const n = chosen.length;
    built.push({
      key: st.key,
      values: st.values,
      traffic: st.traffic,
      trafficShare: st.traffic / totalTraffic,
      population,
      allocated: allocated[h],
      sampled: n,
      weight,
      halfWidth: n > 0 ? halfWidthAt(n) : 1,
    });
  });

  const dedup = deduper.summary(10);
  const clusters: BuildCluster[] = dedup.clusters.map((c) => ({ kind: c.kind, representative: `${label}:${c.rep}`, removed: c.removed, represented: sampledLines.has(c.rep) }));
  const warnings: string[] = [...fieldWarnings];
  const total = cases.length;
  if (total > o.size) warnings.push(`--min-per-stratum ${o.minPerStratum} over ${states.length} strata needs ${total} cases, more than --size ${o.size}.`);
  if (total < o.size) warnings.push(`Only ${total} distinct interactions could be sampled for --size ${o.size}.`);
  if (skipped > 0) warnings.push(`${plural(skipped, 'log line was', 'log lines were')} skipped (unreadable or without an input); see issues.`);
  if (dedup.exactCapacityReached) warnings.push('The exact-dedup table filled up: copies of texts first seen after that point were not removed.');
  const thin = built.filter((s) => s.population > 0 && s.sampled > 0 && s.halfWidth > o.maxHalfWidth).map((s) => s.key);
  const unrepresented = built.filter((s) => s.population > 0 && s.sampled === 0).map((s) => s.key);
  if (unrepresented.length > 0) warnings.push(`${plural(unrepresented.length, 'stratum with traffic has', 'strata with traffic have')} no case: ${unrepresented.slice(0, 5).join('; ')}.`);
  if (thin.length > 0) warnings.push(`${plural(thin.length, 'stratum has', 'strata have')} too few cases for a pass-rate interval narrower than ±${o.maxHalfWidth}: ${thin.slice(0, 5).join('; ')}.`);

  return {
    cases,
    report: {
      source: o.from,
      lines,
      skipped,
      unreadable,
      strataFieldPresence: o.strata.map((f) => ({ field: f, present: present.get(f) ?? 0, share: records > 0 ? (present.get(f) ?? 0) / records : 0 })),
      fieldWarnings,
      size: o.size,
      allocation: o.allocation,
      seed: o.seed,
      strataFields: o.strata,
      strata: built,
      sampled: total,
      removedDuplicates: {
        exact: dedup.exact,
        near: dedup.near,
        total: dedup.exact + dedup.near,
        threshold: o.threshold,
        clusters,
        exactCapacityReached: dedup.exactCapacityReached,
        nearWindow: dedup.nearWindow,
      },
      redacted: { enabled: o.redactPii, ...pii, total: pii.email + pii.phone + pii.card },
      coverage: { unrepresented, thin, maxHalfWidth: o.maxHalfWidth, unrepresentedClusters: clusters.filter((c) => !c.represented) },
      warnings,
      issues,
    },
  };
}

/**
 * A strata field no line has is a typo: an input error naming the fields seen, with a
 * did-you-mean. A field missing from most lines (below `minPresence`) makes a `(missing)`
 * stratum carry most of the traffic: a warning.
 */
function checkStrataFields(fields: readonly string[], present: ReadonlyMap<string, number>, records: number, seen: readonly string[], minPresence = 0.5): string[] {
  const absent = fields.filter((f) => (present.get(f) ?? 0) === 0);
  if (absent.length > 0 && records > 0) {
    throw new AssayError('STRATA_FIELD_UNKNOWN', `No log line has the strata field${absent.length > 1 ? 's' : ''} ${absent.map((f) => `'${f}'`).join(', ')}.`, {
      issues: absent.map((f) => {
        return { code: 'unknown_field', path: `--strata ${f}`, message: `not in any line${didYouMean(f, [...seen])}` };
      }),
      hint: `Fields seen in the first lines: ${seen.slice(0, 30).join(', ') || '(none)'}. Fields under "metadata" can be named directly or as metadata.<field>.`,
    });
  }
  const warnings: string[] = [];
  for (const f of fields) {
    const share = records > 0 ? (present.get(f) ?? 0) / records : 0;
    if (share < minPresence) warnings.push(`--strata field '${f}' is missing from ${((1 - share) * 100).toFixed(1)}% of the lines: their stratum is ${f}=(missing).`);
  }
  return warnings;
}

/** Half-width of the 95% Wilson interval for a pass rate of 50% at n cases (the widest case). */
export function halfWidthAt(n: number): number {
  const w = wilsonInterval(Math.round(n / 2), n);
  return (w.upper - w.lower) / 2;
}

function toCase(
  c: Candidate,
  st: StratumState,
  weight: number,
  o: ReturnType<typeof normalizeOptions>,
  label: string,
  usedIds: Set<string>,
  pii: ReturnType<typeof emptyPiiCounts>,
): Case {
  const trace = o.idField ? getField(c.data, o.idField) : firstField(c.data, TRACE_ID_FIELDS);
  const traceId = typeof trace === 'string' || typeof trace === 'number' ? String(trace) : undefined;
  let id = traceId ?? `line-${c.line}`;
  if (usedIds.has(id)) id = `${id}-line-${c.line}`;
  usedIds.add(id);
  const metadata = recordMetadata(c.data, new Set([o.inputField, o.idField, o.expectedField]));
  for (const [f, v] of Object.entries(st.values)) metadata[f] = v;
  let input = c.input as CaseInput;
  let expected = o.expectedField ? getField(c.data, o.expectedField) : undefined;
  if (o.redactPii) {
    input = redactValue(input, pii);
    expected = redactValue(expected, pii);
    for (const [k, v] of Object.entries(metadata)) if (typeof v === 'string') metadata[k] = redactValue(v, pii);
  }
  return {
    id,
    input,
    ...(expected !== undefined && { expected }),
    slice: 'typical',
    metadata: metadata as CaseMetadata,
    weight,
    source: traceId ?? `${label}:${c.line}`,
  };
}

function importanceValue(v: unknown): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  const fb = feedbackPolarity(v);
  return fb === null ? 0 : fb;
}

function normalizeOptions(options: BuildFromLogsOptions) {
  const problems: Issue[] = [];
  const size = options.size;
  if (!Number.isInteger(size) || size < 1) problems.push({ code: 'invalid_value', path: '--size', message: `must be a positive whole number, got ${size}` });
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  if (!(threshold > 0 && threshold <= 1)) problems.push({ code: 'invalid_value', path: '--near-dup-threshold', message: `must be in (0, 1], got ${threshold}` });
  const minPerStratum = options.minPerStratum ?? 0;
  if (!Number.isInteger(minPerStratum) || minPerStratum < 0) problems.push({ code: 'invalid_value', path: '--min-per-stratum', message: `must be a whole number ≥ 0, got ${minPerStratum}` });
  const allocation = options.allocation ?? 'proportional';
  if (!['proportional', 'equal', 'neyman', 'importance'].includes(allocation)) {
    problems.push({ code: 'invalid_value', path: '--allocation', message: `must be proportional, equal, neyman or importance, got '${allocation}'` });
  }
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) problems.push({ code: 'invalid_value', path: '--seed', message: `must be a number, got ${seed}` });
  if (problems.length > 0) throw new AssayError('BUILD_OPTIONS_INVALID', 'Cannot build an eval set with these options.', { issues: problems, hint: 'Fix the flags listed above.' });
  return {
    from: options.from,
    size,
    strata: [...options.strata],
    allocation,
    minPerStratum,
    importanceField: options.importanceField,
    seed,
    threshold,
    redactPii: options.redactPii ?? false,
    inputField: options.inputField,
    idField: options.idField,
    feedbackField: options.feedbackField ?? 'feedback',
    expectedField: options.expectedField,
    limits: options.limits ?? {},
    maxHalfWidth: options.maxHalfWidth ?? 0.15,
    minFieldPresence: options.minFieldPresence ?? 0.5,
  };
}
