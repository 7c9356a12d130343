import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import type { RedteamResponse } from '../../src/server/api-types.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { buildWeb, launchChromium, SCREENSHOTS } from '../fixtures/dashboard/browser.js';
import { seedRedteamRuns, XSS_FAMILY } from '../fixtures/redteam/seed.js';

let dir: string;
let store: Store;
let webRoot: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
const dialogs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-dash-redteam-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seedRedteamRuns(store);
  [browser, webRoot] = await Promise.all([launchChromium(), buildWeb()]);
  server = await startServer({ store, host: '127.0.0.1', port: 0, webRoot });
  page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await store?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

describe('red-team dashboard', () => {
  it('GET /api/redteam: families × releases for one grader, oldest release first', async () => {
    const res = await createApp({ store }).request('/api/redteam?grader=no-leak');
    expect(res.status).toBe(200);
    const body = (await res.json()) as RedteamResponse;
    expect(body.eval).toBe('bot-redteam');
    expect(body.runs.map((r) => r.runId)).toEqual(['rt_v1', 'rt_v2']);
    const all = body.families.find((f) => f.family === 'all attacks')!;
    expect(all.cells[0].value).toBeCloseTo(0.5, 12);
    expect(all.cells[1].value).toBeCloseTo(0.05, 12);
    expect(all.cells[1].upper).toBeGreaterThan(0.05);
    expect(body.worst.length).toBe(3);
    const bad = await createApp({ store }).request('/api/redteam?limit=0');
    expect(bad.status).toBe(400);
  });

  it('shows the table and worst attacks in Chromium, and runs none of the markup in names', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/redteam`);
    await page.locator('.redteam-table tbody tr').first().waitFor();
    expect(await page.locator('.redteam-table tbody tr').count()).toBe(4);
    const text = await page.locator('.redteam-table').innerText();
    expect(text).toContain('50.0%');
    expect(text).toContain(XSS_FAMILY);
    await page.screenshot({ path: join(SCREENSHOTS, 'redteam.png'), fullPage: true });
    await page.goto(`http://127.0.0.1:${server.port}/runs/rt_v2`);
    await page.locator('#redteam').waitFor();
    expect(await page.locator('.redteam-table').innerText()).toContain('all attacks');
    expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});
