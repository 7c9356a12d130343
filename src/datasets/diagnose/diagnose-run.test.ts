import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import type { StoredTrial } from '../../store/types.js';
import { caseOutcomes } from './case-outcomes.js';
import { diagnose } from './diagnose-run.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-diagnose-'));
const text = (intent: string, i: number) => `${intent} question number ${i} about item ${i * 7} and order ${i * 13} today`;

function scenario() {
  const logs: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const intent = i % 10 < 7 ? 'billing' : 'legal';
    logs.push(JSON.stringify({ trace_id: `t${i}`, input: text(intent, i), intent, feedback: intent === 'legal' && i % 2 === 0 ? 'down' : 'up' }));
  }
  const path = join(dir, 'logs.jsonl');
  writeFileSync(path, `${logs.join('\n')}\n`);
  const cases: Case[] = [];
  const trials: StoredTrial[] = [];
  for (let i = 0; i < 100; i++) {
    const intent = i < 90 ? 'billing' : 'legal';
    const id = `t${intent === 'billing' ? i * 10 : 7 + (i - 90) * 10}`;
    cases.push({ id, input: text(intent, Number(id.slice(1))), slice: 'typical', metadata: { intent }, weight: 1, source: id });
    const pass = intent === 'billing' ? true : i % 5 === 0;
    trials.push({
      runId: 'run_x', caseId: id, repeat: 0, output: { text: 'ok' }, error: null, startedAt: '', latencyMs: 1, slice: 'typical', metadata: { intent }, weight: 1,
      scores: [{ grader: 'exact', value: pass ? 1 : 0, pass }, { grader: 'lenient', value: 1, pass: true }],
    });
  }
  return { path, cases, trials };
}

describe('diagnose', () => {
  it('reweights the run to the production mix and finds the weak segment', async () => {
    const { path, cases, trials } = scenario();
    const outcomes = await caseOutcomes(trials);
    const r = await diagnose({ runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases, outcomes }, { logs: path });
    expect(r.strataFields).toEqual(['intent']);
    expect(r.evalPassRate.value).toBeCloseTo(0.92, 10);
    // 70% billing at 100% + 30% legal at 20%.
    expect(r.productionPassRate.value).toBeCloseTo(0.76, 10);
    expect(r.productionPassRate.nEff).toBeLessThan(100);
    expect(r.lowest[0]).toMatchObject({ key: 'intent=legal', cases: 10, trafficShare: 0.3 });
    expect(r.composition.find((s) => s.key === 'intent=billing')).toMatchObject({ trafficShare: 0.7, evalShare: 0.9 });
    expect(r.coveredTrafficShare).toBeCloseTo(1, 10);
    expect(r.clusters.trafficNearEvalCases).toBeCloseTo(0.1, 10);
    expect(r.warnings[0]).toContain('76.0%');
  });

  it('measures how each grader agrees with user feedback joined by trace id', async () => {
    const { path, cases, trials } = scenario();
    const r = await diagnose({ runId: 'run_x', evalName: 'qa', datasetVersion: 'v', cases, outcomes: await caseOutcomes(trials) }, { logs: path });
    const exact = r.feedback.find((a) => a.grader === 'exact')!;
    const lenient = r.feedback.find((a) => a.grader === 'lenient')!;
    expect(exact.n).toBe(100);
    // legal cases 90..99 have ids t7, t17, … (odd: feedback up); the grader fails 8 of them.
    expect(exact.table).toEqual([[92, 0], [8, 0]]);
    expect(lenient.observedAgreement).toBe(1);
    expect(Number.isNaN(lenient.kappa) || lenient.kappa === 0).toBe(true);
  });

  it('counts errors apart from failures in case outcomes', async () => {
    const o = await caseOutcomes([
      { runId: 'r', caseId: 'a', repeat: 0, output: null, scores: [], error: 'boom', startedAt: '', latencyMs: 0, slice: 's', metadata: {}, weight: 1 },
      { runId: 'r', caseId: 'a', repeat: 1, output: { text: 'x' }, scores: [{ grader: 'g', value: 1, pass: true }], error: null, startedAt: '', latencyMs: 0, slice: 's', metadata: {}, weight: 1 },
      { runId: 'r', caseId: 'a', repeat: 2, output: { text: 'x' }, scores: [{ grader: 'g', value: 0, pass: false }], error: null, startedAt: '', latencyMs: 0, slice: 's', metadata: {}, weight: 1 },
    ]);
    expect(o.get('a')).toMatchObject({ pass: 0.5, errors: 1 });
  });
});
