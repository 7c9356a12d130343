import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { isProvenanceField } from '../../core/provenance.js';
import { cohensKappa, stratifiedProportionInterval } from '../../stats/index.js';
import { INPUT_FIELDS, feedbackPolarity } from '../logs/log-fields.js';
import type {
  CaseOutcome,
  DiagnoseReport,
  DiagnoseSegment,
  GraderAgreement,
  PassCount,
  PassRateInterval,
} from './diagnose-report.js';
import { matchFields } from './match-fields.js';
import { coveredOneWay, profileProduction, projectTraffic, type ProductionProfile } from './production-profile.js';
import { rake } from './rake.js';
import type { LogRecord } from '../logs/read-log-records.js';

export interface DiagnoseOptions {
  /** The production log file, or with `records` the label of those records (e.g. "ingested traces"). */
  readonly logs: string;
  /** Production interactions to read instead of the file: `assay diagnose --traffic` passes the stored traces. */
  readonly records?: AsyncIterable<LogRecord>;
  /**
   * Fields that define the production mix, crossed into joint cells. Default: the cases'
   * segment-like metadata fields found in the logs, each analysed on its own (one-way strata)
   * and reweighted by raking, so no cell is a tiny cross of several fields.
   */
  readonly strata?: readonly string[];
  readonly feedbackField?: string;
  readonly nearDuplicateThreshold?: number;
  /** Segments with fewer graded cases are left out of `lowest` (default 10). */
  readonly minCases?: number;
  /** Eval field → log field, for fields named differently in the logs (`--map intent=category`). */
  readonly map?: Readonly<Record<string, string>>;
  /** The log field holding the input text (default: input, prompt, question, query or messages). */
  readonly inputField?: string;
}

/** Metadata that describes a case's history, not its segment: never a stratum. */
const NOT_STRATA = new Set(['contamination']);

/**
 * "95% but users complain": compares the eval set with production and reweights the run's
 * results to the production mix. Pure over its inputs (the run's cases and per-case outcomes,
 * the run summary's pass-rate interval, and a log file); `analysis/diagnose-stored-run.ts`
 * reads them from a store.
 *
 * @example
 * const report = await diagnose({ runId, evalName, datasetVersion, cases, outcomes, passRate }, { logs: 'logs.jsonl' });
 */
export async function diagnose(
  run: {
    readonly runId: string;
    readonly evalName: string;
    readonly datasetVersion: string;
    readonly cases: readonly Case[];
    readonly outcomes: ReadonlyMap<string, CaseOutcome>;
    readonly passRate: PassRateInterval;
  },
  options: DiagnoseOptions,
): Promise<DiagnoseReport> {
  const feedbackField = options.feedbackField ?? 'feedback';
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  const minCases = options.minCases ?? 10;
  const candidates = options.strata ? [...options.strata] : inferStrata(run.cases, feedbackField);
  const logField = (f: string) => options.map?.[f] ?? f;
  const profile = await profileProduction(options.logs, run.cases, candidates.map(logField), {
    feedbackField,
    threshold,
    inputField: options.inputField,
    records: options.records,
  });
  if (profile.lines === 0)
    throw new AssayError('LOGS_EMPTY', `No interactions could be read from ${options.logs}.`, {
      hint: options.records
        ? 'Ingest traces first (POST /v1/traces or /api/traces, or assay ingest), or widen --since and --where.'
        : 'Pass --logs a JSONL or CSV file with one interaction a line.',
    });
  // A segment field is never dropped silently: absent from every line is an error, partly absent a warning.
  const fieldWarnings = matchFields(candidates, logField, profile, options.logs, run.cases);
  const fields = candidates;
  const mode: 'joint' | 'one-way' = options.strata || fields.length <= 1 ? 'joint' : 'one-way';
  const graded = run.cases.filter((c) => run.outcomes.get(c.id)?.pass !== undefined);
  const passOf = (c: Case) => run.outcomes.get(c.id)?.pass ?? 0;
  const countOf = (c: Case): PassCount => run.outcomes.get(c.id)?.passCount ?? NO_COUNT;
  const keyOf = (c: Case, fs: readonly string[]) =>
    fs.map((f) => `${f}=${c.metadata[f] ?? '(missing)'}`).join(',') || '(all)';

  const segment = (key: string, members: readonly Case[], share: number): DiagnoseSegment => {
    const passRate = rateOf(run.passRate(members.map(countOf)));
    return {
      key,
      cases: members.length,
      passRate,
      trafficShare: share,
      evalShare: graded.length > 0 ? members.length / graded.length : 0,
      expectedFailureShare: members.length > 0 ? share * (1 - passRate.value) : NaN,
    };
  };
  /** Production vs eval rows for one set of fields, most traffic first, then eval-only keys. */
  const compose = (fs: readonly string[]) => {
    const traffic = projectTraffic(profile, candidates, fs);
    const byKey = groupBy(graded, (c) => keyOf(c, fs));
    const rows: DiagnoseSegment[] = [];
    for (const [key, share] of [...traffic.entries()].sort((a, b) => b[1] - a[1]))
      rows.push(segment(key, byKey.get(key) ?? [], share));
    for (const [key, members] of byKey) if (!traffic.has(key)) rows.push(segment(key, members, 0));
    return { traffic, byKey, rows };
  };

  let composition: DiagnoseSegment[];
  let weightOf: Map<string, number>;
  let covered: number;
  let ranked: DiagnoseSegment[];
  if (mode === 'joint') {
    const joint = compose(fields);
    composition = joint.rows;
    weightOf = new Map();
    for (const c of graded) {
      const key = keyOf(c, fields);
      const share = joint.traffic.get(key) ?? 0;
      if (share > 0) weightOf.set(c.id, share / (joint.byKey.get(key)?.length ?? 1));
    }
    covered = [...joint.traffic.entries()].filter(([k]) => joint.byKey.has(k)).reduce((a, [, s]) => a + s, 0);
    ranked = [...composition];
    if (fields.length > 1) for (const f of fields) ranked.push(...compose([f]).rows);
  } else {
    const perField = fields.map((f) => compose([f]));
    composition = perField.flatMap((p) => p.rows);
    weightOf = rake(
      graded,
      fields.map((f, i) => ({ keyOf: (c: Case) => keyOf(c, [f]), traffic: perField[i].traffic })),
    );
    covered = coveredOneWay(
      profile,
      candidates,
      fields,
      perField.map((p) => p.byKey),
    );
    ranked = [...composition];
  }

  const weighted = (pass: (c: Case) => number | undefined) => {
    const values: number[] = [];
    const weights: number[] = [];
    const keys: Case[] = [];
    for (const c of graded) {
      const w = weightOf.get(c.id) ?? 0;
      const v = pass(c);
      if (w <= 0 || v === undefined) continue;
      weights.push(w);
      values.push(v);
      keys.push(c);
    }
    if (values.length === 0) return { value: NaN, lower: 0, upper: 1, nEff: 0 };
    // Design-based variance of the post-stratified (joint) or raked (one-way) estimate.
    const r =
      mode === 'joint'
        ? stratifiedProportionInterval(
            values,
            weights,
            keys.map((c) => keyOf(c, fields)),
          )
        : stratifiedProportionInterval(
            values,
            weights,
            keys.map(() => '(all)'),
            { margins: fields.map((f) => keys.map((c) => keyOf(c, [f]))) },
          );
    return { value: r.value, lower: r.lower, upper: r.upper, nEff: r.nEff };
  };
  const production = weighted(passOf);

  const seen = new Set<string>();
  const eligible = ranked.filter((s) => {
    if (s.cases === 0 || seen.has(s.key)) return false;
    seen.add(s.key);
    return true;
  });
  const suppressed = eligible.filter((s) => s.cases < minCases).length;
  const lowest = eligible
    .filter((s) => s.cases >= minCases)
    .sort((a, b) => a.passRate.upper - b.passRate.upper || b.expectedFailureShare - a.expectedFailureShare)
    .slice(0, 5);

  const graderNames = [...new Set(graded.flatMap((c) => [...(run.outcomes.get(c.id)?.graders.keys() ?? [])]))].sort();
  const graders = graderNames.map((g) => {
    const members = graded.filter((c) => run.outcomes.get(c.id)?.graders.has(g));
    const evalRate = rateOf(run.passRate(members.map((c) => run.outcomes.get(c.id)?.graderCounts.get(g) ?? NO_COUNT)));
    return {
      grader: g,
      evalPassRate: { ...evalRate, n: members.length },
      productionPassRate: weighted((c) => run.outcomes.get(c.id)?.graders.get(g)),
    };
  });

  const feedback = agreement(run.cases, run.outcomes, profile, feedbackField);
  const feedbackJoin = joinSummary(run.cases, profile, feedbackField, options.logs, feedback.length > 0);
  const evalPass = rateOf(run.passRate(graded.map(countOf)));
  const warnings: string[] = [...fieldWarnings];
  const nearShare = profile.linesWithInput > 0 ? profile.nearEvalCase / profile.lines : NaN;
  if (profile.linesWithInput === 0) {
    const where = options.inputField ? `the field '${options.inputField}'` : `any of ${INPUT_FIELDS.join(', ')}`;
    warnings.push(
      `No log line has an input text in ${where}, so traffic could not be compared with the eval cases (fields seen: ${profile.fieldsSeen.slice(0, 20).join(', ')}); name it with --input-field.`,
    );
  }
  if (Number.isFinite(production.value) && Math.abs(production.value - evalPass.value) >= 0.05) {
    warnings.push(
      `Reweighted to the production mix the pass rate is ${pct(production.value)}, not ${pct(evalPass.value)}: the eval set's composition differs from traffic.`,
    );
  }
  if (covered < 0.95) warnings.push(`${pct(1 - covered)} of production traffic is in strata with no eval case.`);
  for (const a of feedback)
    if (a.n >= 10 && !(a.kappa >= 0.4))
      warnings.push(
        `Grader ${a.grader} agrees poorly with user feedback (κ = ${a.kappa.toFixed(2)} over ${a.n} cases).`,
      );
  if (feedbackJoin.reason) warnings.push(feedbackJoin.reason);

  return {
    runId: run.runId,
    eval: run.evalName,
    datasetVersion: run.datasetVersion,
    logs: { path: options.logs, lines: profile.lines },
    strataFields: fields,
    strataMode: mode,
    metric:
      graderNames.length > 0
        ? `all graders pass (${graderNames.join(', ')}), averaged over repeats`
        : 'all graders pass, averaged over repeats',
    evalPassRate: { ...evalPass, n: graded.length },
    productionPassRate: production,
    graders,
    coveredTrafficShare: covered,
    composition,
    lowest,
    minCases,
    suppressedSmallSegments: suppressed,
    clusters: {
      trafficNearEvalCases: nearShare,
      casesWithoutTraffic: profile.linesWithInput > 0 ? profile.trafficPerCase.filter((t) => t === 0).length : NaN,
      threshold,
      linesWithInput: profile.linesWithInput,
    },
    feedback,
    feedbackJoin,
    warnings,
  };
}

/**
 * How the cases were joined to logged feedback, and, when no agreement could be measured,
 * why: no feedback in the logs, no case joined to a log line, or joined lines without feedback.
 */
function joinSummary(
  cases: readonly Case[],
  profile: ProductionProfile,
  field: string,
  logs: string,
  measured: boolean,
): DiagnoseReport['feedbackJoin'] {
  const withSource = cases.filter((c) => c.source !== undefined && c.source !== '').length;
  const withMetadata = cases.filter((c) => feedbackPolarity(c.metadata[field]) !== null).length;
  const base = {
    casesWithSource: withSource,
    casesJoined: profile.joined,
    casesWithFeedback: profile.feedback.size + withMetadata,
    linesWithFeedback: profile.feedbackLines,
  };
  if (measured) return base;
  let reason: string;
  if (profile.feedbackLines === 0 && withMetadata === 0) {
    reason = `No grader agreement with user feedback: no line of ${logs} has feedback in the field '${field}' (name it with --feedback-field).`;
  } else if (profile.joined === 0 && withMetadata === 0) {
    reason =
      `No grader agreement with user feedback: no case could be joined to a log line with feedback (${withSource} of ${cases.length} cases have a source, none matches a trace id or file:line of ${logs}). ` +
      `Cases need \`source\` = trace id or \`file:line\` (as \`dataset build\` writes), or a \`${field}\` metadata field.`;
  } else {
    reason = `No grader agreement with user feedback: ${profile.joined} case(s) were joined to log lines, but those lines have no feedback in '${field}', and no graded case has it in its metadata.`;
  }
  return { ...base, reason };
}

function inferStrata(cases: readonly Case[], feedbackField: string): string[] {
  const values = new Map<string, Set<string>>();
  for (const c of cases) {
    for (const [k, v] of Object.entries(c.metadata)) {
      if (k === feedbackField || NOT_STRATA.has(k) || isProvenanceField(k) || v === null || typeof v === 'number')
        continue;
      const s = values.get(k) ?? new Set<string>();
      s.add(String(v));
      values.set(k, s);
    }
  }
  return [...values.entries()]
    .filter(([, s]) => s.size >= 2 && s.size <= 50 && s.size < cases.length)
    .map(([k]) => k)
    .sort();
}

function agreement(
  cases: readonly Case[],
  outcomes: ReadonlyMap<string, CaseOutcome>,
  profile: ProductionProfile,
  field: string,
): GraderAgreement[] {
  const tables = new Map<string, number[][]>();
  for (const c of cases) {
    const fb = profile.feedback.get(c.id) ?? feedbackPolarity(c.metadata[field]);
    const o = outcomes.get(c.id);
    if (fb === null || fb === undefined || !o) continue;
    const add = (name: string, pass: number | undefined) => {
      if (pass === undefined) return;
      const t = tables.get(name) ?? [
        [0, 0],
        [0, 0],
      ];
      t[pass >= 0.5 ? 0 : 1][fb === 1 ? 0 : 1]++;
      tables.set(name, t);
    };
    add('(all graders)', o.pass);
    for (const [g, p] of o.graders) add(g, p);
  }
  return [...tables.entries()].map(([grader, table]) => {
    const n = table[0][0] + table[0][1] + table[1][0] + table[1][1];
    const k = cohensKappa(table);
    return { grader, n, kappa: k.kappa, observedAgreement: k.observedAgreement, table };
  });
}

/** A case without counts (not graded): counted as no graded repeat, which the interval leaves out. */
const NO_COUNT: PassCount = { passes: 0, graded: 0 };

/** The interval's three numbers only: the report's shape, whatever else the estimator returns. */
function rateOf(r: { value: number; lower: number; upper: number }) {
  return { value: r.value, lower: r.lower, upper: r.upper };
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
