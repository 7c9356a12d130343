import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { OnlineScore } from '../../src/store/trace-types.js';
import { buildWeb, launchChromium, SCREENSHOTS } from '../fixtures/dashboard/browser.js';

let dir: string;
let webRoot: string;
let store: SqliteStore;
let server: RunningServer;
let browser: Browser;
const HOUR = 3_600_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-online-ui-'));
  store = new SqliteStore({ path: join(dir, 'assay.db') });
  const now = Date.now();
  const scores: OnlineScore[] = [];
  for (let h = 25; h >= 1; h--) {
    for (let i = 0; i < 40; i++) {
      const pass = h === 1 ? i % 2 === 0 : i % 20 !== 0;
      scores.push({
        eval: 'support-prod',
        traceId: `t${h}-${i}`,
        spanId: '',
        timestamp: new Date(now - (now % HOUR) - h * HOUR + i * 60_000).toISOString(),
        sampled: true,
        weight: 2,
        grader: '<b>refund</b>',
        value: pass ? 1 : 0,
        pass,
        reason: null,
        error: null,
        metadata: { 'user.tier': i % 2 ? 'free' : '<img src=x onerror=alert(1)>' },
      });
    }
  }
  await store.online.write(scores);
  [browser, webRoot] = await Promise.all([launchChromium(), buildWeb()]);
  server = await startServer({ store, port: 0, webRoot, ingestToken: 'online-ui-token-3f9a1c7e5b2d4f60' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

describe('dashboard: Online page in Chromium', () => {
  it('shows the pass rate per window with intervals, segments and the alert, escaping what traffic controls', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const errors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => errors.push(e.message));
    const res = await page.goto(`http://127.0.0.1:${server.port}/online?segment=user.tier`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.online-grader h2').first().waitFor();
    expect(await page.locator('.online-grader h2').innerText()).toContain('<b>refund</b>');
    await expect.poll(() => page.locator('.alert.bad').innerText()).toMatch(/Alert: window .* 20\/40 vs\s+baseline/);
    const charts = page.locator('.online-grader svg.chart');
    expect(await charts.count()).toBe(2);
    expect(await charts.nth(1).textContent()).toContain('user.tier=<img');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('nav a.active').innerText()).toBe('Online');
    await page.screenshot({ path: join(SCREENSHOTS, 'online.png'), fullPage: true });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the eval set's segment mix beside production's, flagging the skewed tier, as text", async () => {
    const cases = Array.from({ length: 100 }, (_, i) => ({
      id: `c${i}`,
      input: 'q',
      slice: 'typical',
      metadata: { 'user.tier': i % 10 === 0 ? '<img src=x onerror=alert(1)>' : 'free' },
      weight: 1,
    }));
    await store.datasets.create({ name: 'offline', version: 'mix-v1', cases });
    await store.runs.create({
      runId: 'run_mix',
      eval: 'support-offline',
      datasetName: 'offline',
      datasetVersion: 'mix-v1',
      target: { kind: 'function' },
      gitCommit: null,
      startedAt: '2026-01-01T00:00:00.000Z',
      config: {},
      plannedTrials: 100,
    });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`http://127.0.0.1:${server.port}/online?segment=user.tier&evalSet=run_mix`);
    await page.locator('.segment-mix table').waitFor();
    const rows = await page.locator('.segment-mix tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    // Production's share is about half: the sliding 24-hour window drops the oldest traces one
    // minute at a time, and the tiers alternate, so it reads 49.9%, 50.0% or 50.1% by the clock.
    expect(rows[0]).toMatch(/^user\.tier=<img src=x onerror=alert\(1\)>\s+10\.0%.*(49\.9|50\.0|50\.1)%.*yes$/s);
    expect(rows[1]).toMatch(/^user\.tier=free\s+90\.0%.*(49\.9|50\.0|50\.1)%.*yes$/s);
    expect(await page.locator('.segment-mix').innerText()).toMatch(
      /Eval set support-offline \(run run_mix, 100 cases\)/,
    );
    expect(await page.locator('img').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'online-mix.png'), fullPage: true });
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
