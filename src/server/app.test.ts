import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDashboardStore, type SeededStore } from '../../test/fixtures/dashboard/seed.js';
import type {
  ApiErrorBody,
  CaseDetailResponse,
  CompareResponse,
  ReviewQueueResponse,
  ReviewSaveResponse,
  RunDetailResponse,
  RunListResponse,
  TrendFlagsResponse,
  TrendsResponse,
  TrialPageResponse,
} from './api-types.js';
import { createApp } from './app.js';

let seeded: SeededStore;
let webRoot: string;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  seeded = await seedDashboardStore();
  webRoot = mkdtempSync(join(tmpdir(), 'assay-web-'));
  mkdirSync(join(webRoot, 'assets'));
  writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Assay</title><div id="app"></div>');
  writeFileSync(join(webRoot, 'assets', 'index-abc.js'), 'console.log(1)');
  app = createApp({ store: seeded.store, webRoot });
});

afterAll(async () => {
  await seeded.cleanup();
  rmSync(webRoot, { recursive: true, force: true });
});

async function json<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T; headers: Headers }> {
  const res = await app.request(path, init);
  return { status: res.status, body: (await res.json()) as T, headers: res.headers };
}

describe('GET /api/runs', () => {
  it('lists runs newest first with headline pass rates and the baseline names', async () => {
    const { status, body } = await json<RunListResponse>('/api/runs');
    expect(status).toBe(200);
    expect(body.runs.map((r) => r.runId)).toEqual([seeded.runs.candidate, seeded.runs.baseline, seeded.runs.old]);
    expect(body.total).toBe(3);
    expect(body.evals).toEqual(['support-bot']);
    const base = body.runs[1];
    expect(base.baselines).toEqual(['main']);
    const exact = base.graders?.find((g) => g.name === 'exact');
    expect(exact?.passRate.value).toBeCloseTo(0.8);
    expect(exact?.passRate.lower).toBeLessThan(0.8);
    expect(exact?.passRate.upper).toBeGreaterThan(0.8);
  });

  it('filters by search, sorts and pages', async () => {
    const search = await json<RunListResponse>('/api/runs?search=GPT-4.1');
    expect(search.body.runs.map((r) => r.runId)).toEqual([seeded.runs.candidate]);
    const sorted = await json<RunListResponse>('/api/runs?sort=passRate&limit=1&offset=0');
    expect(sorted.body.runs[0].runId).toBe(seeded.runs.candidate);
    expect(sorted.body.total).toBe(3);
    const none = await json<RunListResponse>('/api/runs?eval=nope');
    expect(none.body.runs).toEqual([]);
  });

  it('rejects bad parameters with every issue named', async () => {
    const { status, body } = await json<ApiErrorBody>('/api/runs?limit=0&status=done&sort=colour');
    expect(status).toBe(400);
    expect(body.error.code).toBe('API_BAD_QUERY');
    expect(body.error.issues?.map((i) => i.path).sort()).toEqual(['limit', 'sort', 'status']);
  });
});

describe('GET /api/runs/:id and its trials and cases', () => {
  it('returns the cached summary', async () => {
    const { body } = await json<RunDetailResponse>(`/api/runs/${seeded.runs.candidate}`);
    expect(body.summarySource).toBe('cached');
    expect(body.summary.counts.trials).toBe(60);
    expect(body.summary.segments.some((s) => s.field === 'language' && s.value === 'fr')).toBe(true);
  });

  it('says how to find a run that does not exist', async () => {
    const { status, body } = await json<ApiErrorBody>('/api/runs/run_nope');
    expect(status).toBe(404);
    expect(body.error.message).toContain('run_nope');
    expect(body.error.hint).toContain('/api/runs');
  });

  it('pages the case table in the store and applies every filter', async () => {
    const page = await json<TrialPageResponse>(`/api/runs/${seeded.runs.candidate}/trials?limit=10&offset=10`);
    expect(page.body.total).toBe(60);
    expect(page.body.trials).toHaveLength(10);
    expect(page.body.trials[0].caseId).toBe('c011');
    expect(page.body.trials[0].input).toContain('Question c011');

    const fr = await json<TrialPageResponse>(
      `/api/runs/${seeded.runs.candidate}/trials?segment=language:fr&grader=exact&outcome=pass`,
    );
    expect(fr.body.total).toBe(0);
    const frFail = await json<TrialPageResponse>(
      `/api/runs/${seeded.runs.candidate}/trials?segment=language:fr&grader=exact&outcome=fail&limit=500`,
    );
    expect(frFail.body.total).toBe(20);
    expect(frFail.body.trials.every((t) => t.metadata.language === 'fr')).toBe(true);

    const search = await json<TrialPageResponse>(`/api/runs/${seeded.runs.candidate}/trials?search=onerror`);
    expect(search.body.trials.map((t) => t.caseId)).toEqual(['c007']);
    const slice = await json<TrialPageResponse>(`/api/runs/${seeded.runs.candidate}/trials?slice=adversarial`);
    expect(slice.body.total).toBe(6);
    const bad = await json<ApiErrorBody>(`/api/runs/${seeded.runs.candidate}/trials?segment=fr&outcome=maybe`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.map((i) => i.path)).toEqual(['segment', 'outcome']);
  });

  it('returns a case with its repeats and the same case in other runs', async () => {
    const { body } = await json<CaseDetailResponse>(`/api/runs/${seeded.runs.candidate}/cases/c007`);
    expect(body.case?.expected).toBe('answer-c007');
    expect(body.trials).toHaveLength(1);
    expect(body.trials[0].output?.text).toContain('<script>');
    expect(body.otherRuns.map((o) => o.run.runId).sort()).toEqual([seeded.runs.baseline, seeded.runs.old].sort());
    const missing = await json<ApiErrorBody>(`/api/runs/${seeded.runs.candidate}/cases/zzz`);
    expect(missing.status).toBe(404);
  });
});

describe('GET /api/compare and /api/trends', () => {
  it('compares a baseline name with a run and finds the French regression', async () => {
    const { status, body } = await json<CompareResponse>(
      `/api/compare?baseline=main&candidate=${seeded.runs.candidate}`,
    );
    expect(status).toBe(200);
    expect(body.baseline.runId).toBe(seeded.runs.baseline);
    const exact = body.comparison.graders.find((g) => g.name === 'exact');
    expect(exact?.verdict).toBe('regressed');
    expect(body.comparison.flips.regressed.length).toBe(16);
    const fr = body.comparison.segments.find((s) => s.field === 'language' && s.value === 'fr' && s.grader === 'exact');
    expect(fr?.verdict).toBe('regressed');
  });

  it('accepts every correction the CLI accepts, Benjamini–Yekutieli included', async () => {
    for (const correction of ['bh', 'holm', 'by', 'none'] as const) {
      const { status, body } = await json<CompareResponse>(
        `/api/compare?baseline=main&candidate=${seeded.runs.candidate}&correction=${correction}`,
      );
      expect(status, correction).toBe(200);
      expect(body.comparison.correction).toBe(correction);
    }
    const bad = await json<ApiErrorBody>(
      `/api/compare?baseline=main&candidate=${seeded.runs.candidate}&correction=bonferroni`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.[0].message).toContain('bh, holm, by, none');
  });

  it('names both missing parameters of a comparison', async () => {
    const { status, body } = await json<ApiErrorBody>('/api/compare');
    expect(status).toBe(400);
    expect(body.error.issues?.map((i) => i.path)).toEqual(['baseline', 'candidate']);
  });

  it('draws the trend run by run and week by week with baselines, and flags the regression', async () => {
    const { body } = await json<TrendsResponse>('/api/trends?eval=support-bot&grader=exact');
    expect(body.points.map((p) => p.value)).toEqual([0.8, 0.8, expect.closeTo(32 / 60, 5)]);
    expect(body.weeks.map((w) => w.week)).toEqual(['2025-W23', '2025-W24', '2025-W25']);
    expect(body.baselines).toEqual([
      { name: 'main', runId: seeded.runs.baseline, startedAt: '2025-06-12T10:00:00.000Z' },
    ]);
    const flags = await json<TrendFlagsResponse>('/api/trends/flags?eval=support-bot&grader=exact');
    expect(flags.body.pairs.map((p) => p.verdict)).toEqual(['no-detectable-change', 'regressed']);
  });
});

describe('reviews', () => {
  it('lists the pending queue with progress, saves a review and recomputes the summary', async () => {
    const queue = await json<ReviewQueueResponse>(`/api/reviews?run=${seeded.runs.candidate}&status=pending`);
    expect(queue.body.counts).toEqual({ pending: 4, done: 0, skipped: 0 });
    expect(queue.body.items[0].case?.id).toBe('c001');
    expect(queue.body.items[0].trial?.output?.text).toBe('answer-c001');
    expect(queue.body.items[0].trial?.scores.map((x) => x.grader)).toEqual(['exact', 'helpfulness', 'human']);
    const blind = queue.body.items.find((x) => x.review.caseId === 'c004');
    expect(blind?.blind).toBe(true);
    expect(blind?.trial?.scores.map((x) => x.grader)).toEqual(['human']);

    const saved = await json<ReviewSaveResponse>('/api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        runId: seeded.runs.candidate,
        caseId: 'c001',
        repeat: 0,
        grader: 'human',
        status: 'done',
        label: 'pass',
        score: 1,
        reviewer: 'ana',
      }),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.review.status).toBe('done');
    const human = saved.body.summary?.graders.find((g) => g.name === 'human');
    expect(human?.pending).toBe(3);
    const detail = await json<RunDetailResponse>(`/api/runs/${seeded.runs.candidate}`);
    expect(detail.body.summary.graders.find((g) => g.name === 'human')?.pending).toBe(3);
    const after = await json<ReviewQueueResponse>(`/api/reviews?run=${seeded.runs.candidate}&status=pending`);
    expect(after.body.counts).toEqual({ pending: 3, done: 1, skipped: 0 });
  });

  it('refuses a bad review, a non-JSON body and a cross-origin write', async () => {
    const bad = await json<ApiErrorBody>('/api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ runId: 'x', status: 'great', score: 3 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['caseId', 'status', 'score']));
    for (const [review, message] of [
      [{ label: 'banana' }, "'banana' is not one of pass, fail"],
      [{ label: 'pass', score: 0 }, "label 'pass' stands for score 1, but score 0 was given"],
    ] as const) {
      const body = {
        runId: seeded.runs.candidate,
        caseId: 'c002',
        repeat: 0,
        grader: 'human',
        status: 'done',
        reviewer: 'ana',
        ...review,
      };
      const refused = await json<ApiErrorBody>('/api/reviews', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'REVIEW_INVALID_LABEL' });
      expect(refused.body.error.message).toContain(message);
    }
    const form = await app.request('/api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const cross = await app.request('/api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
  });

  it('refuses a review of a case, repeat or grader that does not exist, and stores nothing', async () => {
    const post = (fields: object) =>
      json<ApiErrorBody>('/api/reviews', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          runId: seeded.runs.candidate,
          caseId: 'c002',
          repeat: 0,
          grader: 'human',
          status: 'done',
          label: 'pass',
          ...fields,
        }),
      });
    const noCase = await post({ caseId: 'c999' });
    expect(noCase.status).toBe(404);
    expect(noCase.body.error.message).toBe(`Run '${seeded.runs.candidate}' has no trial of case 'c999' repeat 0.`);
    const noRepeat = await post({ repeat: 7 });
    expect(noRepeat.status).toBe(404);
    expect(noRepeat.body.error.message).toContain("has no trial of case 'c002' repeat 7");
    const noGrader = await post({ grader: 'nobody' });
    expect(noGrader.status).toBe(400);
    expect(noGrader.body.error.message).toContain("No grader 'nobody' scored case 'c002'");
    const stored = await seeded.store.reviews.list({ runId: seeded.runs.candidate });
    expect(stored.filter((r) => r.caseId === 'c999' || r.repeat === 7 || r.grader === 'nobody')).toEqual([]);
  });
});

describe('security and static files', () => {
  const TOKEN = 'Xq3vN8rT0pLm2ZsK9wYb4HcE';

  it('requires the token off loopback: header, query or the port-named cookie set by the first page load', async () => {
    const guarded = createApp({ store: seeded.store, host: '0.0.0.0', token: TOKEN, webRoot });
    expect((await guarded.request('http://10.0.0.5:4400/api/runs')).status).toBe(401);
    expect(
      (await guarded.request('http://10.0.0.5:4400/api/runs', { headers: { Authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    expect(
      (await guarded.request('http://10.0.0.5:4400/api/runs', { headers: { Authorization: `Bearer ${TOKEN}` } }))
        .status,
    ).toBe(200);
    expect((await guarded.request(`http://10.0.0.5:4400/api/runs?token=${TOKEN}`)).status).toBe(200);
    expect((await guarded.request('http://10.0.0.5:4400/api/runs?token=')).status).toBe(401);
    const first = await guarded.request(`http://10.0.0.5:4400/compare?baseline=main&token=${TOKEN}`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/compare?baseline=main');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^assay_token_4400=[\w-]+;.*HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    // The cookie holds a derived value, never the token itself (other ports on the host receive it).
    expect(cookie).not.toContain(TOKEN);
    const pair = cookie.split(';')[0];
    expect((await guarded.request('http://10.0.0.5:4400/api/runs', { headers: { Cookie: pair } })).status).toBe(200);
    // Another dashboard on another port neither uses nor accepts this one's cookie.
    expect((await guarded.request('http://10.0.0.5:4401/api/runs', { headers: { Cookie: pair } })).status).toBe(401);
    expect(
      (await guarded.request('http://10.0.0.5:4401/api/runs', { headers: { Cookie: pair.replace('4400', '4401') } }))
        .status,
    ).toBe(401);
  });

  it('keeps the token redirect on its own origin', async () => {
    const guarded = createApp({ store: seeded.store, host: '0.0.0.0', token: TOKEN, webRoot });
    for (const path of [
      `//evil.example/?token=${TOKEN}`,
      `/\\evil.example/x?token=${TOKEN}`,
      `///evil.example?token=${TOKEN}`,
    ]) {
      const res = await guarded.request(`http://10.0.0.5:4400${path}`);
      expect(res.status, path).toBe(302);
      const location = res.headers.get('location') ?? '';
      expect(location, path).toMatch(/^\/[^/\\]/);
      expect(new URL(location, 'http://10.0.0.5:4400/').origin, path).toBe('http://10.0.0.5:4400');
    }
  });

  it('refuses an empty token and one under 128 bits', () => {
    expect(() => createApp({ store: seeded.store, host: '0.0.0.0', token: '' })).toThrow(/token is empty/);
    expect(() => createApp({ store: seeded.store, host: '0.0.0.0', token: 'a' })).toThrow(/about 4 bits; at least 128/);
    expect(() => createApp({ store: seeded.store, host: '0.0.0.0', token: 'deadbeefdeadbeefdeadbeef' })).toThrow(
      /at least 128/,
    );
    expect(() => createApp({ store: seeded.store, host: '0.0.0.0', token: TOKEN })).not.toThrow();
  });

  it('will not serve a non-loopback host without a token', () => {
    expect(() => createApp({ store: seeded.store, host: '0.0.0.0' })).toThrow(/without a token/);
  });

  it('refuses API calls addressed to a non-loopback host name (DNS rebinding)', async () => {
    const res = await app.request('http://evil.example:4400/api/runs');
    expect(res.status).toBe(403);
  });

  it('serves only the built files, falls back to the app for pages, and sends no CORS header', async () => {
    const page = await app.request('/runs/abc');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const asset = await app.request('/assets/index-abc.js');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    for (const path of ['/../package.json', '/assets/../../seed.ts', '/package.json', '/%2e%2e/%2e%2e/package.json']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
    }
    // A path without an extension is a page: it gets the app shell, never a file from disk.
    const traversal = await app.request('/%2e%2e/%2e%2e/%2e%2e/etc/passwd');
    const text = await traversal.text();
    expect(text).toContain('<div id="app">');
    expect(text).not.toContain('root:');
    const api404 = await json<ApiErrorBody>('/api/nothing');
    expect(api404.status).toBe(404);
    expect(api404.body.error.hint).toContain('docs/api.md');
  });

  it('explains how to build the dashboard when its assets are missing', async () => {
    const bare = createApp({ store: seeded.store, webRoot: join(webRoot, 'missing') });
    const res = await bare.request('/');
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(text).toContain('npm run build:web');
    expect(text).toContain('rel="icon" type="image/svg+xml" href="data:');
  });
});
