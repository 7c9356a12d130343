// Seeds two 100,000-trial runs into a temp SQLite store and times the first page of every
// dashboard view's API call (through the app, no port), then the page loads in Chromium.
// Run: npx tsx bench/dashboard.ts [trials]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeRun } from '../src/analysis/summarize-run.js';
import { contentHash } from '../src/core/hash.js';
import type { Case } from '../src/core/types.js';
import { createApp } from '../src/server/app.js';
import { startServer } from '../src/server/start-server.js';
import { openStore } from '../src/store/open-store.js';
import type { WriteTrialInput } from '../src/store/types.js';

const N = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'assay-bench-dashboard-'));
const store = await openStore({ location: join(dir, 'assay.db') });
const LANGS = ['en', 'fr', 'de', 'es', 'it'];
const INTENTS = ['billing', 'refund', 'login', 'shipping', 'account', 'other'];

const cases: Case[] = Array.from({ length: N }, (_, i) => ({
  id: `case-${String(i).padStart(6, '0')}`,
  input: [
    {
      role: 'user',
      content: `Customer question number ${i} about ${INTENTS[i % 6]} in ${LANGS[i % 5]}. Please help me with my order.`,
    },
  ],
  expected: `answer ${i}`,
  slice: i % 20 === 0 ? 'adversarial' : i % 7 === 0 ? 'edge' : 'typical',
  metadata: { language: LANGS[i % 5], intent: INTENTS[Math.floor(i / 5) % 6] },
  weight: 1,
}));

let t = performance.now();
const version = contentHash(cases.map((c) => c.id));
await store.datasets.create({ name: 'bench', version, cases });
const runIds = ['run_20250601T000000Z_bench1', 'run_20250608T000000Z_bench2'];
for (const [r, runId] of runIds.entries()) {
  await store.runs.create({
    runId,
    eval: 'bench',
    datasetName: 'bench',
    datasetVersion: version,
    target: { kind: 'openai', model: `model-${r}` },
    gitCommit: null,
    startedAt: `2025-06-0${1 + r * 7}T00:00:00.000Z`,
    config: { repeats: 1, graders: [{ name: 'exact' }, { name: 'judge' }] },
    plannedTrials: N,
  });
  const batch: WriteTrialInput[] = [];
  for (let i = 0; i < N; i++) {
    const pass = (i * 7919 + r * 13) % 100 < (r === 0 ? 80 : 77);
    batch.push({
      runId,
      caseId: cases[i].id,
      repeat: 0,
      error: i % 997 === 0 ? 'timeout after 30000 ms' : null,
      startedAt: '2025-06-01T00:00:00.000Z',
      latencyMs: 100 + (i % 400),
      output: {
        text: pass ? `answer ${i}` : `I cannot help with request ${i}.`,
        costUsd: 0.0004,
        usage: { inputTokens: 30, outputTokens: 9 },
      },
      scores: [
        { grader: 'exact', value: pass ? 1 : 0, pass },
        { grader: 'judge', value: pass ? 0.9 : 0.2, pass, reason: pass ? 'Correct.' : 'Does not answer.' },
      ],
    });
    if (batch.length === 5000) await store.trials.write(batch.splice(0));
  }
  if (batch.length) await store.trials.write(batch.splice(0));
  await store.runs.update(runId, { status: 'completed', finishedAt: '2025-06-09T00:00:00.000Z' });
  await store.runs.update(runId, { summary: (await summarizeRun(store, runId)) as unknown as Record<string, unknown> });
}
for (let i = 0; i < 200; i++)
  await store.reviews.upsert({ runId: runIds[1], caseId: cases[i].id, repeat: 0, grader: 'judge', status: 'pending' });
await store.baselines.set('main', runIds[0]);
console.log(`seeded 2 runs × ${N.toLocaleString('en-US')} trials in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const app = createApp({ store });
const run = runIds[1];
const views: [string, string][] = [
  ['Runs', '/api/runs'],
  ['Run (cached summary)', `/api/runs/${run}`],
  ['Run: case table, first page', `/api/runs/${run}/trials?limit=50`],
  ['Run: case table, last page', `/api/runs/${run}/trials?limit=50&offset=${N - 50}`],
  ['Run: outcome=fail, grader=exact', `/api/runs/${run}/trials?limit=50&grader=exact&outcome=fail`],
  ['Run: segment language:fr', `/api/runs/${run}/trials?limit=50&segment=language:fr`],
  ['Run: slice=edge', `/api/runs/${run}/trials?limit=50&slice=edge`],
  ['Run: outcome=error', `/api/runs/${run}/trials?limit=50&outcome=error`],
  ['Run: text search', `/api/runs/${run}/trials?limit=50&search=request%2099999`],
  ['Case', `/api/runs/${run}/cases/${cases[12345].id}`],
  ['Compare (100k paired cases)', `/api/compare?baseline=main&candidate=${run}`],
  ['Trends', '/api/trends?eval=bench'],
  ['Trends: compare flags', '/api/trends/flags?eval=bench&grader=exact'],
  ['Review queue', `/api/reviews?run=${run}&status=pending`],
];
console.log('\nAPI, first call and best of 3 warm calls (ms):');
for (const [name, path] of views) {
  const times: number[] = [];
  let status = 0;
  for (let k = 0; k < 4; k++) {
    t = performance.now();
    const res = await app.request(path);
    await res.arrayBuffer();
    times.push(performance.now() - t);
    status = res.status;
  }
  const first = times[0];
  const warm = Math.min(...times.slice(1));
  console.log(
    `  ${name.padEnd(34)} ${String(status).padEnd(4)} first ${first.toFixed(0).padStart(6)}   warm ${warm.toFixed(0).padStart(6)}${first > 1000 ? '   > 1 s' : ''}`,
  );
}

const chromiumPath = process.env.ASSAY_CHROMIUM ?? '/usr/bin/chromium';
const webRoot = join(process.cwd(), 'web', 'dist');
if (existsSync(chromiumPath) && existsSync(join(webRoot, 'index.html'))) {
  const { chromium } = await import('playwright-core');
  const server = await startServer({ store, port: 0, webRoot });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  const pages: [string, string, string][] = [
    ['Runs', '/', '.runs-table tbody tr'],
    ['Run', `/runs/${run}`, '.case-table tbody tr'],
    ['Run, filtered', `/runs/${run}?segment=language:fr&grader=exact&outcome=fail`, '.case-table tbody tr'],
    ['Case', `/runs/${run}/cases/${cases[12345].id}`, '.repeat'],
    ['Compare', `/compare?baseline=main&candidate=${run}`, '.compare-table tbody tr'],
    ['Trends', '/trends?eval=bench', 'svg.trend'],
    ['Review', `/review?run=${run}`, '.review'],
  ];
  const started = performance.now();
  if (process.env.BENCH_TRACE) {
    page.on('request', (r) =>
      console.log(`    ${(performance.now() - started).toFixed(0)} → ${r.url().replace(/^https?:\/\/[^/]+/, '')}`),
    );
    page.on('requestfinished', (r) =>
      console.log(`    ${(performance.now() - started).toFixed(0)} ← ${r.url().replace(/^https?:\/\/[^/]+/, '')}`),
    );
  }
  console.log('\nChromium, navigation to first content (ms):');
  for (const [name, path, selector] of pages) {
    t = performance.now();
    await page.goto(`http://127.0.0.1:${server.port}${path}`);
    await page.locator(selector).first().waitFor({ timeout: 60_000 });
    const ms = performance.now() - t;
    console.log(`  ${name.padEnd(34)} ${ms.toFixed(0).padStart(6)}${ms > 1000 ? '   > 1 s' : ''}`);
  }
  await browser.close();
  await server.close();
} else {
  console.log('\n(Chromium page loads skipped: needs /usr/bin/chromium and a built web/dist — npm run build:web)');
}
await store.close();
rmSync(dir, { recursive: true, force: true });
