import { rateLowerBound, type RateMethod } from '../../src/analysis/metrics/rate-interval.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/analysis/compare/compare-runs.js';
import { parseGates } from '../../src/analysis/gates/parse-gates.js';
import { runGates } from '../../src/analysis/gates/run-gates.js';
import { summarizeRun } from '../../src/analysis/summarize-run.js';
import type { RunSummary } from '../../src/analysis/summary-types.js';
import { formatRunSummary } from '../../src/cli/format-summary.js';
import { contentHash } from '../../src/core/hash.js';
import type { Case, Score } from '../../src/core/types.js';
import { costText, estimate, mdeText, msText } from '../../src/reporters/format.js';
import { renderHtml } from '../../src/reporters/html-reporter.js';
import { renderJson } from '../../src/reporters/json-reporter.js';
import { renderJunit } from '../../src/reporters/junit-reporter.js';
import { renderMarkdown } from '../../src/reporters/markdown-reporter.js';
import { formatRunReport } from '../../src/reporters/terminal-format.js';
import { buildRunReport } from '../../src/reporters/write-reports.js';
import type { RunDetailResponse, RunListResponse } from '../../src/server/api-types.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { WriteTrialInput } from '../../src/store/types.js';

// One run with everything that used to make views disagree: 3 repeats, unequal weights,
// target errors, grader errors, pending and done reviews, scores without `pass`, and a rubric
// judge with `passLevel`. Every view must print the same pass rate, interval, MDE, latency, cost.
let dir: string;
let store: Store;
let summary: RunSummary;
const RUN = 'run_mixed';

const GRADER_SPECS = [
  { type: 'exact', name: 'exact' },
  { type: 'judge.rubric', name: 'helpful', scale: 5, passLevel: 4, criteria: 'helps' },
  { type: 'similarity', name: 'similar', threshold: 0.8 },
  { type: 'human', name: 'expert', policy: 'all' },
];

function scoresFor(i: number, repeat: number): Score[] {
  const level = 1 + ((i + repeat) % 5);
  const judgeCall = {
    judge: i % 4 === 0 ? { usage: { totalTokens: 50 } } : { costUsd: 0.002, usage: { totalTokens: 50 } },
  };
  return [
    { grader: 'exact', value: (i + repeat) % 3 === 0 ? 0 : 1, pass: (i + repeat) % 3 !== 0 },
    i % 5 === 1 && repeat === 0
      ? { grader: 'helpful', value: Number.NaN, error: 'judge refused to answer', meta: judgeCall }
      : { grader: 'helpful', value: (level - 1) / 4, pass: level >= 4, label: String(level), meta: judgeCall },
    // No `pass` field: the grader's threshold (0.8) decides, in every view.
    { grader: 'similar', value: ((i * 7 + repeat * 3) % 10) / 10 },
    { grader: 'expert', value: Number.NaN, pending: true },
  ];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-consistency-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  const cases: Case[] = Array.from({ length: 12 }, (_, i) => ({
    id: `c${String(i).padStart(2, '0')}`,
    input: `q${i}`,
    slice: i % 3 === 0 ? 'edge' : 'typical',
    metadata: { language: i % 2 === 0 ? 'en' : 'de' },
    weight: i % 4 === 0 ? 3 : 1,
  }));
  const version = contentHash(cases);
  await store.datasets.create({ name: 'mixed', version, cases });
  await store.runs.create({
    runId: RUN,
    eval: 'mixed',
    datasetName: 'mixed',
    datasetVersion: version,
    target: { kind: 'replay' },
    gitCommit: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    plannedTrials: 36,
    config: {
      repeats: 3,
      graderSpecs: GRADER_SPECS,
      graders: [
        { name: 'exact', kind: 'rule', threshold: 1 },
        { name: 'helpful', kind: 'judge', threshold: 0.75 },
        { name: 'similar', kind: 'rule', threshold: 0.8 },
        { name: 'expert', kind: 'human', threshold: 0.5 },
      ],
    },
  });
  const trials: WriteTrialInput[] = [];
  for (const c of cases) {
    const i = Number(c.id.slice(1));
    for (let repeat = 0; repeat < 3; repeat++) {
      const error = i === 5 && repeat === 2 ? 'target timed out' : null;
      trials.push({
        runId: RUN,
        caseId: c.id,
        repeat,
        startedAt: '2026-01-01T00:00:00.000Z',
        latencyMs: 100 + i * 13 + repeat * 7 + (error ? 60_000 : 0),
        error,
        output: error ? null : { text: 'answer', ...(i % 3 !== 2 && { costUsd: 0.001 }) },
        scores: error ? [] : scoresFor(i, repeat),
      });
    }
  }
  await store.trials.write(trials);
  for (const [caseId, repeat, label, score] of [
    ['c00', 0, 'pass', null],
    ['c01', 1, 'fail', null],
    ['c02', 0, null, 0.6],
    ['c03', 2, null, 0.4],
  ] as const) {
    await store.reviews.upsert({ runId: RUN, caseId, repeat, grader: 'expert', status: 'pending' });
    await store.reviews.upsert({
      runId: RUN,
      caseId,
      repeat,
      grader: 'expert',
      status: 'done',
      reviewer: 'ana',
      label,
      score,
    });
  }
  await store.runs.update(RUN, { status: 'completed', finishedAt: '2026-01-01T00:01:00.000Z' });
  summary = await summarizeRun(store, RUN);
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one metrics pipeline: every view shows the same numbers', () => {
  it('applies the pass rules, reviews and errors as documented', () => {
    const g = (name: string) => summary.graders.find((x) => x.name === name)!;
    expect(g('helpful').graderErrors).toBeGreaterThan(0);
    expect(g('helpful').errors).toBe(g('helpful').graderErrors + g('helpful').targetErrors);
    expect(g('expert')).toMatchObject({ graded: 4, pending: 31, targetErrors: 1 });
    // Reviews: c00 pass (weight 3), c01 fail, c02 0.6 ≥ 0.5 passes, c03 0.4 fails: (3 + 1) / 6.
    expect(g('expert').passRate.value).toBeCloseTo(4 / 6, 12);
    expect(summary.warnings.some((w) => w.startsWith('helpful:') && w.includes('grader errors'))).toBe(true);
    expect(summary.cost).toMatchObject({ unknownTrials: 11, complete: false });
    expect(summary.cost.unknownJudgeCalls).toBeGreaterThan(0);
    for (const x of summary.graders) {
      expect(x.passRate.lower).toBeGreaterThanOrEqual(0);
      expect(x.passRate.upper).toBeLessThanOrEqual(1);
      expect(x.mde).toBeLessThanOrEqual(1);
    }
  });

  it('terminal summary, --json, JUnit, Markdown, HTML and the terminal report agree', async () => {
    const report = await buildRunReport(store, { runId: RUN });
    const json = JSON.parse(renderJson(report)) as {
      summary: RunSummary;
      graders: { grader: string; passRate: unknown; mde: number }[];
    };
    const texts = {
      summary: formatRunSummary(summary, { maxSegments: 1000 }),
      junit: renderJunit(report),
      markdown: renderMarkdown(report),
      html: renderHtml(report),
      terminal: formatRunReport(report),
    };
    expect(json.summary.graders).toEqual(JSON.parse(JSON.stringify(summary.graders)));
    for (const g of summary.graders) {
      const fromReport = json.graders.find((x) => x.grader === g.name)!;
      expect(fromReport.passRate).toEqual(g.passRate);
      expect(fromReport.mde).toBe(g.mde);
      for (const [view, text] of Object.entries(texts)) {
        expect(text, `${view}: ${g.name} pass rate`).toContain(escapeFor(view, estimate(g.passRate)));
        expect(text, `${view}: ${g.name} MDE`).toContain(mdeText(g.mde));
      }
    }
    for (const s of summary.segments) expect(texts.summary).toContain(estimate(s.passRate));
    expect(report.metrics.latencyP95Ms).toBe(summary.latencyMs.p95);
    expect(report.metrics.costUsd).toBe(summary.cost.usd);
    const cost = costText(summary.cost.usd, summary.cost.unknownTrials, summary.cost.unknownJudgeCalls);
    for (const view of ['summary', 'markdown', 'html', 'terminal'] as const) {
      expect(texts[view], `${view}: latency`).toContain(msText(summary.latencyMs.p95));
      expect(texts[view], `${view}: cost`).toContain(escapeFor(view, cost));
    }
  });

  it('gates measure the same pass rate, lower bound, latency and cost, overall and per segment', async () => {
    const rules = summary.graders.flatMap((g) => [
      { grader: g.name, minPassRate: 0.1 },
      { grader: g.name, minPassRateLower: 0.1 },
    ]);
    const segmentRules = summary.segments.flatMap((s) => [
      { grader: s.grader, segment: { field: s.field, value: s.value }, minPassRate: 0.1 },
      { grader: s.grader, segment: { field: s.field, value: s.value }, minPassRateLower: 0.1 },
    ]);
    const gates = parseGates([...rules, ...segmentRules, { maxLatencyP95Ms: 1e9 }, { maxCostUsd: 100 }], 'test');
    const report = await runGates(store, { runId: RUN, gates });
    // minPassRateLower decides with the exact one-sided bound made from the summary's own
    // estimate (docs/metrics.md), not with the Wilson interval the views show.
    summary.graders.forEach((g, k) => {
      expect(report.results[2 * k].actual).toBe(finiteOrNull(g.passRate.value));
      const estimate = {
        ...g.passRate,
        n: g.n,
        trials: g.graded,
        nEff: g.nEff,
        method: g.intervalMethod as RateMethod,
      };
      const bound = rateLowerBound(estimate);
      expect(report.results[2 * k + 1].actual, g.name).toBe(finiteOrNull(bound.lower));
      expect(report.results[2 * k + 1].bound).toEqual(bound);
    });
    summary.segments.forEach((s, k) => {
      const at = 2 * summary.graders.length + 2 * k;
      expect(report.results[at].actual, `${s.field}=${s.value} ${s.grader}`).toBe(finiteOrNull(s.passRate.value));
      const lower = report.results[at + 1];
      expect(lower.actual).toBe(finiteOrNull(lower.bound!.lower));
      expect(lower.bound!.lower).toBeLessThanOrEqual(s.passRate.value);
    });
    const tail = report.results.slice(-2);
    expect(tail[0].actual).toBe(summary.latencyMs.p95);
    expect(tail[1].actual).toBe(summary.cost.usd);
    // Unknown prices: the cost bar cannot be shown to hold.
    expect(tail[1].passed).toBe(false);
  });

  it('compare shows each side as the summary does', async () => {
    const c = await compareRuns(store, RUN, RUN);
    for (const g of c.graders) {
      const s = summary.graders.find((x) => x.name === g.name)!;
      const side = g.kind === 'binary' ? s.passRate : s.mean;
      expect({ value: g.candidate.value, lower: g.candidate.lower, upper: g.candidate.upper }, g.name).toEqual(side);
      expect(g.delta.lower).toBeGreaterThanOrEqual(-1);
      expect(g.delta.upper).toBeLessThanOrEqual(1);
    }
    // The rubric judge with passLevel is compared on its pass rate, as the summary and gates read it.
    expect(c.graders.find((g) => g.name === 'helpful')?.kind).toBe('binary');
  });

  it('the dashboard API serves the same summary and headline figures', async () => {
    const app = createApp({ store });
    const detail = (await (await app.request(`/api/runs/${RUN}`)).json()) as RunDetailResponse;
    expect(detail.summary.graders).toEqual(JSON.parse(JSON.stringify(summary.graders)));
    expect(detail.summary.latencyMs).toEqual(summary.latencyMs);
    expect(detail.summary.cost).toEqual(summary.cost);
    const list = (await (await app.request('/api/runs')).json()) as RunListResponse;
    const row = list.runs.find((r) => r.runId === RUN)!;
    expect(row.graders?.map((g) => g.passRate)).toEqual(summary.graders.map((g) => g.passRate));
  });

  it('the outcome filter of show --failed and the dashboard agrees with the summary, reviews applied', async () => {
    const app = createApp({ store });
    const page = async (outcome: string) =>
      (
        (await (await app.request(`/api/runs/${RUN}/trials?grader=expert&outcome=${outcome}&limit=500`)).json()) as {
          total: number;
        }
      ).total;
    const expert = summary.graders.find((g) => g.name === 'expert')!;
    expect(await page('pending')).toBe(expert.pending);
    expect(await page('fail')).toBe(2);
    expect(await page('pass')).toBe(2);
    expect(await page('error')).toBe(expert.errors);
  });
});

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** The same text as each view writes it (HTML and XML escape `&`, `<`, `>` and quotes). */
function escapeFor(view: string, text: string): string {
  return view === 'html' || view === 'junit'
    ? text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    : text;
}
