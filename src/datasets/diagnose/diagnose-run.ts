import { AssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { cohensKappa, weightedProportionInterval, wilsonInterval } from '../../stats/index.js';
import type { Store } from '../../store/store.js';
import { feedbackPolarity } from '../logs/log-fields.js';
import { caseOutcomes, type CaseOutcome } from './case-outcomes.js';
import type { DiagnoseReport, DiagnoseSegment, GraderAgreement } from './diagnose-report.js';
import { profileProduction, type ProductionProfile } from './production-profile.js';

export interface DiagnoseOptions {
  readonly logs: string;
  /** Fields that define the production mix; default: the cases' segment-like metadata fields found in the logs. */
  readonly strata?: readonly string[];
  readonly feedbackField?: string;
  readonly nearDuplicateThreshold?: number;
}

const NOT_STRATA = new Set(['contamination', 'promotedFrom', 'failedGraders', 'failureReason', 'failedOutput', 'originalSource']);

/**
 * "95% but users complain": compares the eval set with production and reweights the run's
 * results to the production mix.
 *
 * @example
 * const report = await diagnoseRun(store, 'run_20240601T120000Z_ab12cd', { logs: 'logs.jsonl' });
 */
export async function diagnoseRun(store: Store, runId: string, options: DiagnoseOptions): Promise<DiagnoseReport> {
  const run = await store.runs.get(runId);
  if (!run) throw new AssayError('RUN_NOT_FOUND', `No run '${runId}' in the store at ${store.location}.`, { hint: 'List runs with `assay runs`, or pass --store.' });
  const cases = await store.datasets.listCases(run.datasetVersion);
  const outcomes = await caseOutcomes(store.trials.iterate(runId));
  return diagnose({ runId, evalName: run.eval, datasetVersion: run.datasetVersion, cases, outcomes }, options);
}

/** The diagnosis from plain data: the run's cases and per-case outcomes, and a log file. */
export async function diagnose(
  run: { readonly runId: string; readonly evalName: string; readonly datasetVersion: string; readonly cases: readonly Case[]; readonly outcomes: ReadonlyMap<string, CaseOutcome> },
  options: DiagnoseOptions,
): Promise<DiagnoseReport> {
  const feedbackField = options.feedbackField ?? 'feedback';
  const threshold = options.nearDuplicateThreshold ?? 0.8;
  const candidates = options.strata ? [...options.strata] : inferStrata(run.cases, feedbackField);
  const profile = await profileProduction(options.logs, run.cases, candidates, { feedbackField, threshold });
  if (profile.lines === 0) throw new AssayError('LOGS_EMPTY', `No interactions could be read from ${options.logs}.`, { hint: 'Pass --logs a JSONL or CSV file with one interaction a line.' });
  // Fields mostly absent from the logs cannot define the production mix.
  const fields = options.strata ? candidates : candidates.filter((f) => (profile.present.get(f) ?? 0) >= profile.lines / 2);
  const traffic = projectTraffic(profile, candidates, fields);
  const graded = run.cases.filter((c) => run.outcomes.get(c.id)?.pass !== undefined);
  const passOf = (c: Case) => run.outcomes.get(c.id)?.pass ?? 0;
  const keyOf = (c: Case, fs: readonly string[]) => fs.map((f) => `${f}=${c.metadata[f] ?? '(missing)'}`).join(',') || '(all)';

  const segment = (key: string, members: readonly Case[], share: number): DiagnoseSegment => ({
    key,
    cases: members.length,
    passRate: wilson(members.map(passOf)),
    trafficShare: share,
    evalShare: graded.length > 0 ? members.length / graded.length : 0,
  });
  const byKey = groupBy(graded, (c) => keyOf(c, fields));
  const composition: DiagnoseSegment[] = [];
  for (const [key, share] of [...traffic.entries()].sort((a, b) => b[1] - a[1])) composition.push(segment(key, byKey.get(key) ?? [], share));
  for (const [key, members] of byKey) if (!traffic.has(key)) composition.push(segment(key, members, 0));

  const weights: number[] = [];
  const values: number[] = [];
  for (const c of graded) {
    const key = keyOf(c, fields);
    const share = traffic.get(key) ?? 0;
    if (share === 0) continue;
    weights.push(share / (byKey.get(key)?.length ?? 1));
    values.push(passOf(c));
  }
  const production = values.length > 0 ? weightedProportionInterval(values, weights) : { value: NaN, lower: 0, upper: 1, nEff: 0 };
  const covered = [...traffic.entries()].filter(([k]) => byKey.has(k)).reduce((a, [, s]) => a + s, 0);

  const singles: DiagnoseSegment[] = [];
  if (fields.length > 1) {
    for (const f of fields) {
      const shares = projectTraffic(profile, candidates, [f]);
      for (const [key, members] of groupBy(graded, (c) => keyOf(c, [f]))) singles.push(segment(key, members, shares.get(key) ?? 0));
    }
  }
  const lowest = [...composition.filter((s) => s.cases > 0), ...singles]
    .sort((a, b) => a.passRate.value - b.passRate.value || b.trafficShare - a.trafficShare)
    .slice(0, 5);

  const feedback = agreement(run.cases, run.outcomes, profile, feedbackField);
  const evalPass = wilson(graded.map(passOf));
  const warnings: string[] = [];
  if (Number.isFinite(production.value) && Math.abs(production.value - evalPass.value) >= 0.05) {
    warnings.push(`Reweighted to the production mix the pass rate is ${pct(production.value)}, not ${pct(evalPass.value)}: the eval set's composition differs from traffic.`);
  }
  if (covered < 0.95) warnings.push(`${pct(1 - covered)} of production traffic is in strata with no eval case.`);
  for (const a of feedback) if (a.n >= 10 && !(a.kappa >= 0.4)) warnings.push(`Grader ${a.grader} agrees poorly with user feedback (κ = ${a.kappa.toFixed(2)} over ${a.n} cases).`);
  const nearShare = profile.nearEvalCase / profile.lines;

  return {
    runId: run.runId,
    eval: run.evalName,
    datasetVersion: run.datasetVersion,
    logs: { path: options.logs, lines: profile.lines },
    strataFields: fields,
    evalPassRate: { ...evalPass, n: graded.length },
    productionPassRate: { value: production.value, lower: production.lower, upper: production.upper, nEff: production.nEff },
    coveredTrafficShare: covered,
    composition,
    lowest,
    clusters: { trafficNearEvalCases: nearShare, casesWithoutTraffic: profile.trafficPerCase.filter((t) => t === 0).length, threshold },
    feedback,
    warnings,
  };
}

function inferStrata(cases: readonly Case[], feedbackField: string): string[] {
  const values = new Map<string, Set<string>>();
  for (const c of cases) {
    for (const [k, v] of Object.entries(c.metadata)) {
      if (k === feedbackField || NOT_STRATA.has(k) || v === null || typeof v === 'number') continue;
      const s = values.get(k) ?? new Set<string>();
      s.add(String(v));
      values.set(k, s);
    }
  }
  return [...values.entries()].filter(([, s]) => s.size >= 2 && s.size <= 50 && s.size < cases.length).map(([k]) => k).sort();
}

/** Traffic share per stratum key over `fields`, from the joint counts over `all`. */
function projectTraffic(profile: ProductionProfile, all: readonly string[], fields: readonly string[]): Map<string, number> {
  const idx = fields.map((f) => all.indexOf(f));
  const out = new Map<string, number>();
  for (const [joint, count] of profile.joint) {
    const values = JSON.parse(joint) as string[];
    const key = fields.map((f, i) => `${f}=${values[idx[i]]}`).join(',') || '(all)';
    out.set(key, (out.get(key) ?? 0) + count / profile.lines);
  }
  return out;
}

function agreement(cases: readonly Case[], outcomes: ReadonlyMap<string, CaseOutcome>, profile: ProductionProfile, field: string): GraderAgreement[] {
  const tables = new Map<string, number[][]>();
  for (const c of cases) {
    const fb = profile.feedback.get(c.id) ?? feedbackPolarity(c.metadata[field]);
    const o = outcomes.get(c.id);
    if (fb === null || fb === undefined || !o) continue;
    const add = (name: string, pass: number | undefined) => {
      if (pass === undefined) return;
      const t = tables.get(name) ?? [[0, 0], [0, 0]];
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

function wilson(passShares: readonly number[]) {
  const w = wilsonInterval(Math.round(passShares.reduce((a, b) => a + b, 0)), passShares.length);
  return { value: w.value, lower: w.lower, upper: w.upper };
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
