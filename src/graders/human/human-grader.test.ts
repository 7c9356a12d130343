import { describe, expect, it } from 'vitest';
import type { Case, Score } from '../../core/types.js';
import type { GraderContext } from '../grader.js';
import { runGrader } from '../run-grader.js';
import { createHumanGrader } from './human-grader.js';
import { auditSlotsOf } from '../../runner/pending-reviews.js';
import { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { seededUniform } from './review-policy.js';

const caseOf = (id: string): Case => ({ id, input: 'q', slice: 'typical', metadata: {}, weight: 1 });
const ctx = (previousScores: Score[] = [], runId = 'run_a'): GraderContext => ({
  signal: new AbortController().signal,
  runId,
  repeat: 0,
  useCache: false,
  previousScores,
});
const judge = (value: number, pass = value >= 0.5, grader = 'tone'): Score => ({ grader, value, pass });

describe('human grader policies', () => {
  it('all: every trial waits for review, with the policy decision in meta.review', async () => {
    const score = await runGrader(
      createHumanGrader({ type: 'human', name: 'expert', instructions: 'Check the dose.' }),
      caseOf('c1'),
      { text: 'x' },
      ctx(),
    );
    expect(score).toMatchObject({
      grader: 'expert',
      pending: true,
      reason: 'waiting for review: every trial is reviewed',
    });
    expect(score.value).toBeNaN();
    expect(score.meta?.review).toEqual({
      selected: true,
      policy: 'all',
      why: 'every trial is reviewed',
      labels: ['pass', 'fail'],
      instructions: 'Check the dose.',
      probability: 1,
      blind: true,
    });
  });

  it('random: selects the share of cases whose seeded hash is below it, the same ones every time', async () => {
    const grader = createHumanGrader({ type: 'human', policy: 'random', share: 0.3, seed: 's1' });
    const ids = Array.from({ length: 200 }, (_, i) => `case-${i}`);
    const picked: string[] = [];
    for (const id of ids) {
      const score = await runGrader(grader, caseOf(id), { text: 'x' }, ctx([judge(1)]));
      if (score.pending) picked.push(id);
      else expect(score).toMatchObject({ value: 1, pass: true, meta: { source: 'tone', review: { selected: false } } });
    }
    expect(picked).toEqual(ids.filter((id) => seededUniform('s1', id) < 0.3));
    expect(picked.length).toBeGreaterThan(40);
    expect(picked.length).toBeLessThan(80);
  });

  it('uncertain: sends judge scores inside the band (and judge errors) to review, keeps confident ones', async () => {
    const grader = createHumanGrader({ type: 'human', policy: 'uncertain', grader: 'tone', band: [0.4, 0.6] });
    expect((await runGrader(grader, caseOf('a'), {}, ctx([judge(0.5)]))).pending).toBe(true);
    expect(
      (await runGrader(grader, caseOf('a'), {}, ctx([{ grader: 'tone', value: Number.NaN, error: 'bad reply' }]))).meta
        ?.review,
    ).toMatchObject({ selected: true, why: "'tone' errored" });
    const confident = await runGrader(grader, caseOf('a'), {}, ctx([judge(0.9), judge(0, false, 'other')]));
    expect(confident).toMatchObject({
      value: 0.9,
      pass: true,
      reason: "not sent for review ('tone' scored 0.9, outside the uncertain band [0.4, 0.6]); score of 'tone'",
    });
  });

  it('disagree: reviews trials where earlier graders disagree on pass/fail', async () => {
    const grader = createHumanGrader({ type: 'human', policy: 'disagree', graders: ['a', 'b'] });
    const split = await runGrader(grader, caseOf('x'), {}, ctx([judge(1, true, 'a'), judge(0, false, 'b')]));
    expect(split.meta?.review).toMatchObject({ selected: true, why: 'graders disagree (a=pass, b=fail)' });
    const agree = await runGrader(
      grader,
      caseOf('x'),
      {},
      ctx([judge(1, true, 'a'), judge(0.8, true, 'b'), judge(0, false, 'c')]),
    );
    expect(agree.pending).toBeUndefined();
    expect(agree).toMatchObject({
      value: 0.8,
      meta: { review: { selected: false, why: 'graders agree (a=pass, b=pass)' } },
    });
  });

  it('audit: at most `size` cases per run, all repeats of a chosen case, a fresh sample per run', async () => {
    const grader = createHumanGrader({ type: 'human', policy: 'audit', size: 2 });
    const run = async (runId: string, id: string) =>
      (await runGrader(grader, caseOf(id), {}, ctx([judge(1)], runId))).pending === true;
    expect([await run('r1', 'a'), await run('r1', 'b'), await run('r1', 'c'), await run('r1', 'a')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(await run('r2', 'c')).toBe(true);
  });

  it('audit: processes sharing a store share one sample (a resumed run or several workers)', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const claimAuditSlot = auditSlotsOf(store, 'r1');
    // Two grader instances, as two worker processes or a run and its --resume would build.
    const graders = [
      createHumanGrader({ type: 'human', policy: 'audit', size: 2 }),
      createHumanGrader({ type: 'human', policy: 'audit', size: 2 }),
    ];
    const picked = [];
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) {
      const score = await runGrader(graders[i % 2], caseOf(id), {}, { ...ctx([judge(1)], 'r1'), claimAuditSlot });
      picked.push(score.pending === true);
    }
    expect(picked).toEqual([true, true, false, false]);
    await store.close();
  });

  it('records which judge the labels check, the selection probability when the policy fixes it, and blindness', async () => {
    const review = async (spec: object) =>
      (await runGrader(createHumanGrader({ type: 'human', ...spec }), caseOf('a'), {}, ctx([judge(0.5)]))).meta?.review;
    expect(await review({ policy: 'uncertain', grader: 'tone' })).toMatchObject({ judges: ['tone'], blind: false });
    expect(await review({ policy: 'uncertain', grader: 'tone' })).not.toHaveProperty('probability');
    expect(await review({ policy: 'random', share: 1, calibrates: 'tone' })).toMatchObject({
      judges: ['tone'],
      probability: 1,
      blind: true,
    });
    expect(await review({ policy: 'disagree', graders: ['tone', 'style'], blind: true })).toMatchObject({
      judges: ['tone', 'style'],
      blind: true,
    });
  });

  it('is an error score, not a silent pass, when a trial is left out and nothing can stand in', async () => {
    const score = await runGrader(
      createHumanGrader({ type: 'human', name: 'expert', policy: 'random', share: 0 }),
      caseOf('a'),
      {},
      ctx(),
    );
    expect(score.error).toMatch(/Grader 'expert' did not send case 'a' to review \(random 0% of cases/);
  });

  it('reports every bad option at once', () => {
    let error: unknown;
    try {
      createHumanGrader({ type: 'human', name: 'h', policy: 'uncertain', band: [0.8, 0.2], labels: ['only'] });
    } catch (e) {
      error = e;
    }
    expect((error as { issues: unknown[] }).issues).toEqual([
      // The option schema's findings come first, then the checks that relate values (low ≤ high).
      { code: 'invalid_value', path: 'labels', message: 'must be a list of at least two label names' },
      { code: 'invalid_value', path: 'band', message: 'must be [low, high] within [0, 1], got [0.8,0.2]' },
    ]);
    expect(() => createHumanGrader({ type: 'human', policy: 'sometimes' })).toThrow(/not configured correctly/);
  });
});
