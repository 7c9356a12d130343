import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import type { StoredTrial } from '../../store/types.js';
import { diagnoseOutcomes, diagnosePassRate as passRate } from '../../analysis/diagnose-stored-run.js';
import { foldTrials } from '../../analysis/metrics/read-fold.js';
import type { CaseOutcome } from './diagnose-report.js';

const caseOutcomes = async (trials: StoredTrial[]) => diagnoseOutcomes(foldTrials(trials));
import { diagnose } from './diagnose-run.js';
import { rake } from './rake.js';
import { formatDiagnoseReport } from './format-diagnose-report.js';
import { createRng } from '../../stats/index.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-diagnose-'));
const text = (intent: string, i: number) =>
  `${intent} question number ${i} about item ${i * 7} and order ${i * 13} today`;

function scenario() {
  const logs: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const intent = i % 10 < 7 ? 'billing' : 'legal';
    logs.push(
      JSON.stringify({
        trace_id: `t${i}`,
        input: text(intent, i),
        intent,
        feedback: intent === 'legal' && i % 2 === 0 ? 'down' : 'up',
      }),
    );
  }
  const path = join(dir, 'logs.jsonl');
  writeFileSync(path, `${logs.join('\n')}\n`);
  const cases: Case[] = [];
  const trials: StoredTrial[] = [];
  for (let i = 0; i < 100; i++) {
    const intent = i < 90 ? 'billing' : 'legal';
    const id = `t${intent === 'billing' ? i * 10 : 7 + (i - 90) * 10}`;
    cases.push({
      id,
      input: text(intent, Number(id.slice(1))),
      slice: 'typical',
      metadata: { intent },
      weight: 1,
      source: id,
    });
    const pass = intent === 'billing' ? true : i % 5 === 0;
    trials.push({
      runId: 'run_x',
      caseId: id,
      repeat: 0,
      output: { text: 'ok' },
      error: null,
      startedAt: '',
      latencyMs: 1,
      slice: 'typical',
      metadata: { intent },
      weight: 1,
      scores: [
        { grader: 'exact', value: pass ? 1 : 0, pass },
        { grader: 'lenient', value: 1, pass: true },
      ],
    });
  }
  return { path, cases, trials };
}

describe('diagnose', () => {
  it('reweights the run to the production mix and finds the weak segment', async () => {
    const { path, cases, trials } = scenario();
    const outcomes = await caseOutcomes(trials);
    const r = await diagnose(
      { runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases, outcomes, passRate },
      { logs: path },
    );
    expect(r.strataFields).toEqual(['intent']);
    expect(r.evalPassRate.value).toBeCloseTo(0.92, 10);
    // 70% billing at 100% + 30% legal at 20%.
    expect(r.productionPassRate.value).toBeCloseTo(0.76, 10);
    // Design-based: legal 2 of 10 gives 0.3²·(10/9)·1.6/100 = 0.0016, floored at 0.3²·(3/12)(9/12)/10;
    // billing passes all 90, floored at 0.7²·(91/92)(1/92)/90. n_eff = 0.76·0.24/V ≈ 104 (Kish said 49).
    const v = (0.09 * 0.25 * 0.75) / 10 + (0.49 * (91 / 92) * (1 / 92)) / 90;
    expect(r.productionPassRate.nEff).toBeCloseTo((0.76 * 0.24) / v, 6);
    expect(r.lowest[0]).toMatchObject({ key: 'intent=legal', cases: 10, trafficShare: 0.3 });
    expect(r.composition.find((s) => s.key === 'intent=billing')).toMatchObject({ trafficShare: 0.7, evalShare: 0.9 });
    expect(r.coveredTrafficShare).toBeCloseTo(1, 10);
    // 100 of 1,000 lines are the cases; a few more differ from one only by a digit (character shingles).
    expect(r.clusters.trafficNearEvalCases).toBeGreaterThanOrEqual(0.1);
    expect(r.clusters.trafficNearEvalCases).toBeLessThan(0.11);
    expect(r.warnings[0]).toContain('76.0%');
  });

  it('measures how each grader agrees with user feedback joined by trace id', async () => {
    const { path, cases, trials } = scenario();
    const r = await diagnose(
      { runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases, outcomes: await caseOutcomes(trials), passRate },
      { logs: path },
    );
    const exact = r.feedback.find((a) => a.grader === 'exact')!;
    const lenient = r.feedback.find((a) => a.grader === 'lenient')!;
    expect(exact.n).toBe(100);
    // legal cases 90..99 have ids t7, t17, … (odd: feedback up); the grader fails 8 of them.
    expect(exact.table).toEqual([
      [92, 0],
      [8, 0],
    ]);
    expect(lenient.observedAgreement).toBe(1);
    expect(Number.isNaN(lenient.kappa) || lenient.kappa === 0).toBe(true);
  });

  it('counts errors apart from failures in case outcomes', async () => {
    const o = await caseOutcomes([
      {
        runId: 'r',
        caseId: 'a',
        repeat: 0,
        output: null,
        scores: [],
        error: 'boom',
        startedAt: '',
        latencyMs: 0,
        slice: 's',
        metadata: {},
        weight: 1,
      },
      {
        runId: 'r',
        caseId: 'a',
        repeat: 1,
        output: { text: 'x' },
        scores: [{ grader: 'g', value: 1, pass: true }],
        error: null,
        startedAt: '',
        latencyMs: 0,
        slice: 's',
        metadata: {},
        weight: 1,
      },
      {
        runId: 'r',
        caseId: 'a',
        repeat: 2,
        output: { text: 'x' },
        scores: [{ grader: 'g', value: 0, pass: false }],
        error: null,
        startedAt: '',
        latencyMs: 0,
        slice: 's',
        metadata: {},
        weight: 1,
      },
    ]);
    expect(o.get('a')).toMatchObject({ pass: 0.5, errors: 1 });
  });

  it('without --strata analyses each field on its own and ranks big weak segments above tiny cells', async () => {
    // Production: language=de carries 46% of traffic; intent × language × tier makes ~100 cells.
    const rng = createRng(5);
    const pick = <T>(xs: readonly T[]) => xs[rng.int(xs.length)];
    const intents = ['billing', 'shipping', 'account', 'returns', 'legal', 'privacy', 'promo', 'other'];
    const tiers = ['free', 'pro', 'team', 'enterprise', 'edu'];
    const langOf = (u: number) => (u < 0.46 ? 'de' : u < 0.9 ? 'en' : 'fr');
    const lines: string[] = [];
    for (let i = 0; i < 4000; i++) {
      lines.push(
        JSON.stringify({
          trace_id: `p${i}`,
          input: `prod ${i} question ${i * 7}`,
          metadata: { intent: pick(intents), language: langOf(rng.next()), tier: pick(tiers) },
        }),
      );
    }
    const path = join(dir, 'three-fields.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    // Eval set: 300 cases, German under-represented (52 cases) and failing (7 of 52 pass).
    const cases: Case[] = [];
    const trials: StoredTrial[] = [];
    for (let i = 0; i < 300; i++) {
      const language = i < 52 ? 'de' : i < 270 ? 'en' : 'fr';
      const metadata = { intent: pick(intents), language, tier: pick(tiers) };
      // A few English failures land in tiny cells, each 0% over 1–3 cases.
      const pass = language === 'de' ? i < 7 : !(i >= 100 && i < 104);
      cases.push({ id: `c${i}`, input: `case ${i} text ${i * 3}`, slice: 'typical', metadata, weight: 1 });
      trials.push({
        runId: 'run_w',
        caseId: `c${i}`,
        repeat: 0,
        output: { text: 'ok' },
        error: null,
        startedAt: '',
        latencyMs: 1,
        slice: 'typical',
        metadata,
        weight: 1,
        scores: [
          { grader: 'policy', value: pass ? 1 : 0, pass },
          { grader: 'tone', value: 1, pass: true },
        ],
      });
    }
    const r = await diagnose(
      { runId: 'run_w', evalName: 'qa', datasetVersion: 'v', cases, outcomes: await caseOutcomes(trials), passRate },
      { logs: path },
    );
    expect(r.strataMode).toBe('one-way');
    expect(r.strataFields).toEqual(['intent', 'language', 'tier']);
    expect(r.composition).toHaveLength(intents.length + 3 + tiers.length);
    const de = r.composition.find((s) => s.key === 'language=de')!;
    expect(de.cases).toBe(52);
    expect(de.passRate.value).toBeCloseTo(7 / 52, 10);
    expect(de.trafficShare).toBeGreaterThan(0.43);
    expect(r.lowest[0]).toMatchObject({ key: 'language=de', cases: 52 });
    expect(r.lowest[0].expectedFailureShare).toBeCloseTo(de.trafficShare * (45 / 52), 10);
    for (const s of r.lowest) expect(s.cases).toBeGreaterThanOrEqual(10);
    // Raked to production: ≈ 46% × 13.5% + 54% × ~98.5%, far below the eval set's rate.
    const truth = de.trafficShare * (7 / 52) + (1 - de.trafficShare) * (1 - 4 / 248);
    expect(r.productionPassRate.value).toBeCloseTo(truth, 1);
    expect(r.evalPassRate.value).toBeCloseTo(251 / 300, 10);
    expect(r.metric).toBe('all graders pass (policy, tone), averaged over repeats');
    expect(r.graders.map((g) => [g.grader, g.evalPassRate.value])).toEqual([
      ['policy', 251 / 300],
      ['tone', 1],
    ]);
    expect(r.graders[1].productionPassRate.value).toBeCloseTo(1, 10);
    const text = formatDiagnoseReport(r);
    expect(text).toContain('Pass rate: all graders pass (policy, tone), averaged over repeats.');
    expect(text).toMatch(/Weakest segments \(at least 10 cases[^\n]*\n {2}language=de {2}13\.5%/);
    expect(text).toMatch(/policy\s+83\.7%/);

    // The joint cross the audit found: same data with --strata crossing all three fields.
    const crossed = await diagnose(
      { runId: 'run_w', evalName: 'qa', datasetVersion: 'v', cases, outcomes: await caseOutcomes(trials), passRate },
      { logs: path, strata: ['intent', 'language', 'tier'] },
    );
    expect(crossed.strataMode).toBe('joint');
    expect(crossed.suppressedSmallSegments).toBeGreaterThan(50);
    expect(crossed.lowest[0]).toMatchObject({ key: 'language=de' });
  });

  it('rakes case weights so every field matches its production shares', () => {
    const cases: Case[] = [];
    for (let i = 0; i < 40; i++)
      cases.push({
        id: `c${i}`,
        input: 'x',
        slice: 's',
        metadata: { a: i % 2 ? 'x' : 'y', b: i % 5 === 0 ? 'p' : 'q' },
        weight: 1,
      });
    const margins = [
      {
        keyOf: (c: Case) => `a=${c.metadata.a}`,
        traffic: new Map([
          ['a=x', 0.8],
          ['a=y', 0.2],
        ]),
      },
      {
        keyOf: (c: Case) => `b=${c.metadata.b}`,
        traffic: new Map([
          ['b=p', 0.5],
          ['b=q', 0.4],
          ['b=r', 0.1],
        ]),
      },
    ];
    const w = rake(cases, margins);
    const total = [...w.values()].reduce((a, b) => a + b, 0);
    const share = (pred: (c: Case) => boolean) => cases.filter(pred).reduce((a, c) => a + w.get(c.id)!, 0) / total;
    expect(share((c) => c.metadata.a === 'x')).toBeCloseTo(0.8, 6);
    // b=r has traffic but no case: the covered values are renormalised.
    expect(share((c) => c.metadata.b === 'p')).toBeCloseTo(0.5 / 0.9, 6);
  });

  it('says why grader agreement with feedback is empty', async () => {
    const { path, cases, trials } = scenario();
    const outcomes = await caseOutcomes(trials);
    const unjoinable = cases.map((c) => ({ ...c, source: undefined, id: `x-${c.id}` }));
    const renamed = new Map([...outcomes].map(([id, o]) => [`x-${id}`, { ...o, caseId: `x-${id}` }]));
    const r = await diagnose(
      { runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases: unjoinable, outcomes: renamed, passRate },
      { logs: path },
    );
    expect(r.feedback).toEqual([]);
    expect(r.feedbackJoin).toMatchObject({
      casesWithSource: 0,
      casesJoined: 0,
      casesWithFeedback: 0,
      linesWithFeedback: 1000,
    });
    expect(r.feedbackJoin.reason).toContain('no case could be joined to a log line with feedback');
    expect(r.feedbackJoin.reason).toContain('`source` = trace id or `file:line`');
    expect(r.warnings).toContain(r.feedbackJoin.reason);
    expect(formatDiagnoseReport(r)).toContain(
      'Agreement with user feedback:\n  none measured. No grader agreement with user feedback: no case could be joined',
    );

    const other = await diagnose(
      { runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases, outcomes, passRate },
      { logs: path, feedbackField: 'rating' },
    );
    expect(other.feedback).toEqual([]);
    expect(other.feedbackJoin.reason).toContain("has feedback in the field 'rating' (name it with --feedback-field)");

    const joined = await diagnose(
      { runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases, outcomes, passRate },
      { logs: path },
    );
    expect(joined.feedbackJoin).toMatchObject({ casesJoined: 100, casesWithFeedback: 100 });
    expect(joined.feedbackJoin.reason).toBeUndefined();
  });

  describe('segment fields the logs lack', () => {
    const cases: Case[] = [];
    const outcomes = new Map<string, CaseOutcome>();
    for (let i = 0; i < 40; i++) {
      const intent = i % 2 ? 'billing' : 'legal';
      const language = i % 4 < 2 ? 'en' : 'de';
      cases.push({ id: `c${i}`, input: `case ${i}`, slice: 'typical', metadata: { intent, language }, weight: 1 });
      const pass = intent === 'billing' ? 1 : 0;
      outcomes.set(`c${i}`, {
        caseId: `c${i}`,
        pass,
        passCount: { passes: pass, graded: 1 },
        graders: new Map([['g', pass]]),
        graderCounts: new Map([['g', { passes: pass, graded: 1 }]]),
        errors: 0,
      });
    }
    const write = (name: string, row: (i: number) => object) => {
      const path = join(dir, name);
      writeFileSync(path, Array.from({ length: 200 }, (_, i) => JSON.stringify(row(i))).join('\n'));
      return path;
    };
    const run = { runId: 'r', evalName: 'e', datasetVersion: 'v', cases, outcomes, passRate };

    it('refuses a field no log line has, with a did-you-mean and --map, and joins it with map', async () => {
      const logs = write('renamed.jsonl', (i) => ({
        input: `q ${i}`,
        category: i % 10 < 3 ? 'billing' : 'legal',
        language: 'en',
      }));
      const err = await diagnose(run, { logs }).catch((e: unknown) => e);
      expect(err).toMatchObject({
        code: 'DIAGNOSE_FIELD_UNMATCHED',
        issues: [{ path: 'intent', message: "not in any log line; did you mean 'category'? (--map intent=category)" }],
      });
      const r = await diagnose(run, { logs, map: { intent: 'category' } });
      expect(r.strataFields).toEqual(['intent', 'language']);
      // 30% billing (passes), 70% legal (fails).
      expect(r.productionPassRate.value).toBeCloseTo(0.3, 6);
      expect(r.lowest.map((s) => s.key)).toContain('intent=legal');
    });

    it('keeps a field half the lines lack and says how much traffic that is', async () => {
      const logs = write('half.jsonl', (i) => ({
        input: `q ${i}`,
        ...(i % 2 === 0 && { intent: 'billing' }),
        language: 'en',
      }));
      const r = await diagnose(run, { logs });
      expect(r.strataFields).toEqual(['intent', 'language']);
      expect(r.warnings).toContain(
        "Segment field 'intent' is missing from 50.0% of log lines (100 lines): that traffic is in intent=(missing), which no eval case represents.",
      );
      expect(r.coveredTrafficShare).toBeCloseTo(0.5, 6);
    });

    it('says when no log line has an input text instead of reporting 0% similarity, and reads --input-field', async () => {
      const logs = write('noinput.jsonl', (i) => ({ text: `case ${i}`, intent: 'billing', language: 'en' }));
      const r = await diagnose(run, { logs });
      expect(r.clusters.trafficNearEvalCases).toBeNaN();
      expect(r.warnings.find((w) => w.startsWith('No log line has an input text'))).toContain(
        'fields seen: text, intent, language',
      );
      expect(formatDiagnoseReport(r)).toContain('not measured (no input text in the logs');
      const named = await diagnose(run, { logs, inputField: 'text' });
      expect(named.clusters.trafficNearEvalCases).toBeGreaterThan(0.1);
    });
  });
});
