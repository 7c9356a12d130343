import { nearestName } from '../../core/did-you-mean.js';
import { basename } from 'node:path';
import { AssayError, type Issue } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { createRng } from '../../stats/index.js';
import { NearDuplicateSet } from '../dedup/find-near-duplicates.js';
import { inputText } from '../dedup/normalize-words.js';
import { StreamDeduper } from '../dedup/stream-deduper.js';
import {
  FieldSightings,
  INPUT_FIELDS,
  feedbackPolarity,
  firstField,
  getField,
  plural,
  stratumKey,
  stratumValue,
} from '../logs/log-fields.js';
import { readLogRecords } from '../logs/read-log-records.js';
import { emptyPiiCounts, redactPii, totalPii } from '../../core/pii/redact-pii.js';
import { allocate, allocationScores, type AllocationMethod } from './allocate.js';
import { toCase } from './build-case.js';
import {
  allocationWarnings,
  checkStrataFields,
  halfWidthAt,
  importanceValue,
  normalizeOptions,
  type BuildSettings,
} from './build-options.js';
import type { BuildCluster, BuildReport, BuildStratum } from './build-report.js';
import { PrioritySampler, type SampledText } from './select-cases.js';

export { halfWidthAt } from './build-options.js';

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

interface StratumState {
  readonly key: string;
  /** Index in order of first sight: the dedup group (copies count only within a stratum). */
  readonly group: number;
  readonly values: { [field: string]: string };
  traffic: number;
  feedback: number;
  negative: number;
  importanceSum: number;
  /** Distinct texts (the sampling frame's size), counted from the fingerprint table. */
  distinct: number;
}

/** A sampled text once its log line has been read again. */
interface Picked extends SampledText {
  readonly state: StratumState;
  data: Readonly<Record<string, unknown>>;
  input: unknown;
  text: string;
}

/**
 * Builds an eval set from production logs in two streaming passes. The first counts traffic
 * per stratum and dedups (exact fingerprints, then MinHash/LSH near-duplicates, within each
 * stratum), so every distinct text ends with its traffic: itself, its copies and its
 * near-duplicates. Strata are allocated by traffic, and each stratum's texts are drawn by
 * priority sampling (`PrioritySampler`): likely in proportion to traffic, weighted by the
 * traffic they stand for, the weights of a stratum summing to its log lines. The second pass
 * reads back the chosen lines.
 *
 * Memory is fixed by the fingerprint table and the near-duplicate window (see
 * `StreamDeduper`), not by the number of lines; the file must be readable twice.
 *
 * @example
 * const { cases, report } = await buildFromLogs({ from: 'logs.jsonl', size: 500, strata: ['intent', 'language'], seed: 1 });
 */
export async function buildFromLogs(options: BuildFromLogsOptions): Promise<BuildFromLogsResult> {
  const o = normalizeOptions(options);
  const label = basename(o.from);
  const deduper = new StreamDeduper({ nearThreshold: o.threshold, near: o.threshold < 1, ...o.limits });
  const strata = new Map<string, StratumState>();
  const byGroup: StratumState[] = [];
  const issues: Issue[] = [];
  let skipped = 0;
  let unreadable = 0;
  let records = 0;
  let overflow = 0;
  const present = new Map<string, number>(o.strata.map((f) => [f, 0]));
  const sightings = new FieldSightings(100);
  const noInput: number[] = [];
  let missingInput = 0;
  const scratch = emptyPiiCounts();
  const onUnreadable = (issue: Issue) => {
    unreadable++;
    skipped++;
    if (issues.length < 50) issues.push(issue);
  };
  for await (const rec of readLogRecords(o.from, { onIssue: onUnreadable })) {
    records++;
    if ((records + unreadable) % 10_000 === 0) options.onProgress?.(records + unreadable);
    sightings.see(rec.data);
    const values = o.strata.map((f) => getField(rec.data, f));
    values.forEach((v, i) => {
      if (v !== undefined && v !== null && v !== '') present.set(o.strata[i], (present.get(o.strata[i]) ?? 0) + 1);
    });
    const input = inputOf(rec.data, o);
    if (input === undefined) {
      skipped++;
      missingInput++;
      if (noInput.length < 5) noInput.push(rec.line);
      continue;
    }
    const key = stratumKey(o.strata, values);
    let st = strata.get(key);
    if (!st) {
      const values0 = Object.fromEntries(o.strata.map((f, i) => [f, stratumValue(values[i])]));
      st = {
        key,
        group: strata.size,
        values: values0,
        traffic: 0,
        feedback: 0,
        negative: 0,
        importanceSum: 0,
        distinct: 0,
      };
      strata.set(key, st);
      byGroup.push(st);
    }
    st.traffic++;
    const fb = feedbackPolarity(getField(rec.data, o.feedbackField));
    if (fb !== null) {
      st.feedback++;
      if (fb === 0) st.negative++;
    }
    if (o.importanceField) st.importanceSum += importanceValue(getField(rec.data, o.importanceField));
    // Redact before dedup: two texts that differ only in an email are one text once redacted.
    const verdict = deduper.check(textOf(input, o, scratch), rec.line, st.group);
    if (verdict.kind === 'unique' && verdict.slot < 0) overflow++;
  }
  const lines = records + unreadable;
  if (missingInput > 0) {
    const issue = missingInputIssue(missingInput, noInput, sightings.fields(), o, label, strata.size === 0);
    issues.unshift(issue);
  }
  if (strata.size === 0) {
    throw new AssayError('LOGS_EMPTY', `No interactions could be read from ${o.from}.`, {
      hint: 'Each line must be a JSON object (or a CSV row) with an input field such as "input" or "prompt".',
      issues,
    });
  }
  const fieldWarnings = checkStrataFields(o.strata, present, records, sightings.fields(), o.minFieldPresence);
  const warnings: string[] = [...fieldWarnings];
  const table = deduper.texts;
  for (const slot of table.texts()) byGroup[table.group(slot)].distinct++;

  const states = [...strata.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  warnings.push(...allocationWarnings(states, o.allocation, o.feedbackField));
  const stats = states.map((s) => ({
    population: s.distinct,
    traffic: s.traffic,
    feedback: s.feedback,
    negative: s.negative,
    importance: s.traffic > 0 ? s.importanceSum / s.traffic : 0,
  }));
  const allocated = allocate(
    stats.map((s) => s.population),
    allocationScores(stats, o.allocation, !o.importanceField),
    o.size,
    o.minPerStratum,
  );
  // One pass over the distinct texts in table order (fixed for a given log), one draw each.
  const rng = createRng(o.seed);
  const samplers = new Map(states.map((st, h) => [st, new PrioritySampler(allocated[h])]));
  for (const slot of table.texts()) {
    const st = byGroup[table.group(slot)];
    samplers.get(st)?.offer({ slot, line: table.rep(slot), traffic: table.traffic(slot) }, rng.next());
  }
  const wanted = new Map<number, Picked>();
  for (const st of states) {
    for (const t of samplers.get(st)?.sample(st.traffic) ?? [])
      wanted.set(t.line, { ...t, state: st, data: {}, input: undefined, text: '' });
  }
  let found = 0;
  for await (const rec of readLogRecords(o.from)) {
    const p = wanted.get(rec.line);
    if (!p) continue;
    p.data = rec.data;
    p.input = inputOf(rec.data, o);
    p.text = textOf(p.input, o, scratch);
    if (p.input !== undefined) found++;
  }
  if (found < wanted.size) {
    throw new AssayError(
      'LOGS_NOT_REREADABLE',
      `${o.from} gave other lines on the second read (${wanted.size - found} chosen lines missing).`,
      {
        hint: 'dataset build reads the log twice: pass a file that does not change while it runs, not a pipe (save the stream to a file first).',
      },
    );
  }
  const { kept, merged } = mergeLateDuplicates([...wanted.values()], o.threshold);

  const pii = emptyPiiCounts();
  const cases: Case[] = [];
  const usedIds = new Set<string>();
  const built: BuildStratum[] = [];
  const totalTraffic = states.reduce((a, s) => a + s.traffic, 0);
  for (const [h, st] of states.entries()) {
    const chosen = kept.filter((p) => p.state === st);
    const n = chosen.length;
    const uncertain = chosen.filter((p) => !p.certain).length;
    const fraction = n >= st.distinct ? 1 : 0;
    for (const p of chosen) {
      const designStratum = p.certain ? `${st.key} (certain)` : st.key;
      cases.push(
        toCase(
          p,
          { values: st.values, weight: p.weight, designStratum, fraction: p.certain ? 1 : fraction },
          o,
          label,
          usedIds,
          pii,
        ),
      );
    }
    built.push({
      key: st.key,
      values: st.values,
      traffic: st.traffic,
      trafficShare: st.traffic / totalTraffic,
      population: st.distinct,
      allocated: allocated[h],
      sampled: n,
      certain: n - uncertain,
      weight: n > 0 ? st.traffic / n : 0,
      samplingFraction: st.distinct > 0 ? n / st.distinct : 0,
      halfWidth: n > 0 ? halfWidthAt(n) : 1,
    });
  }

  const dedup = deduper.summary(10);
  const sampledLines = new Set(kept.map((p) => p.line));
  const clusters: BuildCluster[] = dedup.clusters.map((c) => ({
    kind: c.kind,
    representative: `${label}:${c.rep}`,
    removed: c.removed,
    represented: sampledLines.has(c.rep),
  }));
  const total = cases.length;
  const weightTotal = cases.reduce((a, c) => a + c.weight, 0);
  if (total > o.size)
    warnings.push(
      `--min-per-stratum ${o.minPerStratum} over ${states.length} strata needs ${total} cases, more than --size ${o.size}.`,
    );
  if (total < o.size) warnings.push(`Only ${total} distinct interactions could be sampled for --size ${o.size}.`);
  if (skipped > 0)
    warnings.push(
      `${plural(skipped, 'log line was', 'log lines were')} skipped (unreadable or without an input); see issues.`,
    );
  if (overflow > 0)
    warnings.push(
      `The exact-dedup table filled up: ${plural(overflow, 'distinct text', 'distinct texts')} first seen after that could not be sampled (their traffic still counts).`,
    );
  if (total > 0 && Math.abs(weightTotal - totalTraffic) > 1e-6 * totalTraffic) {
    warnings.push(
      `The weights sum to ${Math.round(weightTotal)} of ${totalTraffic} log lines: strata without a case are not represented.`,
    );
  }
  const thin = built.filter((s) => s.population > 0 && s.sampled > 0 && s.halfWidth > o.maxHalfWidth).map((s) => s.key);
  const unrepresented = built.filter((s) => s.traffic > 0 && s.sampled === 0).map((s) => s.key);
  if (unrepresented.length > 0)
    warnings.push(
      `${plural(unrepresented.length, 'stratum with traffic has', 'strata with traffic have')} no case: ${unrepresented.slice(0, 5).join('; ')}.`,
    );
  if (thin.length > 0)
    warnings.push(
      `${plural(thin.length, 'stratum has', 'strata have')} too few cases for a pass-rate interval narrower than ±${o.maxHalfWidth}: ${thin.slice(0, 5).join('; ')}.`,
    );

  return {
    cases,
    report: {
      source: o.from,
      lines,
      skipped,
      unreadable,
      strataFieldPresence: o.strata.map((f) => ({
        field: f,
        present: present.get(f) ?? 0,
        share: records > 0 ? (present.get(f) ?? 0) / records : 0,
      })),
      fieldWarnings,
      size: o.size,
      allocation: o.allocation,
      seed: o.seed,
      strataFields: o.strata,
      strata: built,
      sampled: total,
      linesInScope: totalTraffic,
      weightTotal,
      removedDuplicates: {
        exact: dedup.exact,
        near: dedup.near + merged,
        atSelection: merged,
        total: dedup.exact + dedup.near + merged,
        threshold: o.threshold,
        clusters,
        exactCapacityReached: dedup.exactCapacityReached,
        nearWindow: dedup.nearWindow,
      },
      redacted: { enabled: o.redactPii, ...pii, total: totalPii(pii) },
      coverage: {
        unrepresented,
        thin,
        maxHalfWidth: o.maxHalfWidth,
        unrepresentedClusters: clusters.filter((c) => !c.represented),
      },
      warnings,
      issues,
    },
  };
}

function inputOf(data: Readonly<Record<string, unknown>>, o: BuildSettings): unknown {
  const input = o.inputField ? getField(data, o.inputField) : firstField(data, INPUT_FIELDS);
  return input === undefined || input === null || input === '' ? undefined : input;
}

function textOf(input: unknown, o: BuildSettings, scratch: ReturnType<typeof emptyPiiCounts>): string {
  return o.redactPii ? redactPii(inputText(input), scratch) : inputText(input);
}

/**
 * One issue for every line without an input, listing the fields seen once; when no line has
 * an input at all, an error (nothing can be built).
 */
function missingInputIssue(
  count: number,
  first: readonly number[],
  fields: readonly string[],
  o: BuildSettings,
  label: string,
  none: boolean,
): Issue {
  const named = o.inputField ? `the field '${o.inputField}'` : `any of ${INPUT_FIELDS.join(', ')}`;
  const lineList = `line${first.length > 1 ? 's' : ''} ${first.join(', ')}`;
  const message = `${plural(count, 'line has', 'lines have')} no input in ${named} (first: ${lineList}); fields seen: ${fields.slice(0, 30).join(', ') || '(none)'}`;
  if (none) {
    const guess = nearestName(o.inputField ?? 'input', fields);
    throw new AssayError('LOGS_NO_INPUT', `No line of ${o.from} has an input: ${message}.`, {
      hint: `Name the input field with --input-field${guess ? ` (did you mean '${guess}'?)` : ''}.`,
    });
  }
  return { code: 'missing_field', path: label, message: `${message}; name the input field with --input-field` };
}

/**
 * Merges near-duplicates among the chosen texts that the bounded stream index could not see,
 * inside one stratum, in log order: the earliest line is kept and carries the copy's weight,
 * whatever the seed.
 */
function mergeLateDuplicates(picked: readonly Picked[], threshold: number): { kept: Picked[]; merged: number } {
  const ordered = [...picked].sort((a, b) => a.line - b.line);
  if (threshold >= 1) return { kept: ordered, merged: 0 };
  const sets = new Map<StratumState, { set: NearDuplicateSet; kept: Picked[] }>();
  const kept: Picked[] = [];
  let merged = 0;
  for (const p of ordered) {
    let s = sets.get(p.state);
    if (!s) sets.set(p.state, (s = { set: new NearDuplicateSet(threshold), kept: [] }));
    const twin = s.set.findOrAdd(p.text);
    if (twin >= 0) {
      s.kept[twin].weight += p.weight;
      merged++;
      continue;
    }
    s.kept.push(p);
    kept.push(p);
  }
  return { kept, merged };
}
