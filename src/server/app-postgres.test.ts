import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDashboardStore, type SeededStore } from '../../test/fixtures/dashboard/seed.js';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../../test/helpers/postgres.js';
import { createApp } from './app.js';

// The dashboard over a Postgres store: the same seed as `app.test.ts`, and every read must
// answer exactly what the SQLite store answers.
const url = await postgresTestUrl('the dashboard over a Postgres store');
const schema = uniqueSchema('assay_dashboard');
let sqlite: SeededStore;
let postgres: SeededStore;

beforeAll(async () => {
  if (!url) return;
  sqlite = await seedDashboardStore();
  postgres = await seedDashboardStore(withSchema(url, schema));
});

afterAll(async () => {
  if (!url) return;
  await sqlite.cleanup();
  await postgres.cleanup();
  await dropSchemas(url, [schema]);
});

async function get(seeded: SeededStore, path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await createApp({ store: seeded.store }).request(path, init);
  return { status: res.status, body: await res.json() };
}

/** The body without the wall-clock stamps of rows the seed wrote (the two stores were seeded a moment apart). */
function withoutStamps(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === 'createdAt' || key === 'updatedAt' ? undefined : v)),
  );
}

describe.skipIf(!url)('dashboard API over Postgres', () => {
  it('answers every read exactly as over SQLite', async () => {
    const { candidate, baseline } = sqlite.runs;
    const paths = [
      '/api/runs',
      '/api/runs?search=GPT-4.1',
      '/api/runs?sort=passRate&limit=1',
      `/api/runs/${candidate}`,
      `/api/runs/${candidate}/trials?limit=10&offset=10`,
      `/api/runs/${candidate}/trials?segment=language:fr&grader=exact&outcome=fail&limit=500`,
      `/api/runs/${candidate}/trials?search=onerror`,
      `/api/runs/${candidate}/trials?slice=adversarial`,
      `/api/runs/${candidate}/cases/c007`,
      `/api/runs/${candidate}/cases/zzz`,
      `/api/compare?baseline=main&candidate=${candidate}`,
      `/api/compare?baseline=${baseline}&candidate=${candidate}&correction=by`,
      '/api/trends?eval=support-bot',
      `/api/reviews?run=${candidate}&status=pending`,
    ];
    for (const path of paths) {
      const [a, b] = [await get(sqlite, path), await get(postgres, path)];
      expect({ path, status: b.status, body: withoutStamps(b.body) }).toEqual({
        path,
        status: a.status,
        body: withoutStamps(a.body),
      });
    }
    const frFail = (await get(postgres, paths[5])).body as { total: number };
    expect(frFail.total).toBe(20);
  });

  it('saves a review and recomputes the summary', async () => {
    const body = JSON.stringify({
      runId: postgres.runs.candidate,
      caseId: 'c001',
      repeat: 0,
      grader: 'human',
      status: 'done',
      label: 'pass',
      score: 1,
    });
    const saved = await get(postgres, '/api/reviews', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(saved).toMatchObject({ status: 200, body: { review: { status: 'done', label: 'pass' } } });
    const after = await get(postgres, `/api/reviews?run=${postgres.runs.candidate}&status=pending`);
    expect(after.body).toMatchObject({ counts: { pending: 3, done: 1, skipped: 0 } });
  });
});
