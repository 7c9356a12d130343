import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveEval } from '../../src/config/resolve-eval.js';
import { runEval } from '../../src/run-eval.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { createMemoryResponseCache } from '../../src/targets/transport/response-cache.js';
import { buildWeb, launchChromium, SCREENSHOTS } from '../fixtures/dashboard/browser.js';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.js';

/** Payloads a model or a user controls, in tool arguments, tool results and image alt text. */
const XSS_ARGS = '<img src=x onerror="window.__xss=1;alert(1)">';
const XSS_RESULT = '<script>window.__xss=2;alert(2)</script>';
const XSS_ALT = '"><img src=x onerror="window.__xss=3;alert(3)">';
/** A 1×1 PNG. */
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let dir: string;
let store: Store;
let model: FakeServer;
let webRoot: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let runId: string;
const dialogs: string[] = [];
const offSite: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-dashboard-agents-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  // Turn 1: the model calls lookup_order with hostile arguments, reads a hostile result, answers.
  // Turn 2: it answers at once.
  model = await startFakeOpenAI({
    script: [
      { toolCalls: [{ id: 'call_1', name: 'lookup_order', arguments: { id: XSS_ARGS } }] },
      { text: 'Your order has shipped.' },
      { text: 'You are welcome.' },
    ],
  });
  const loaded = {
    file: join(dir, 'agent.eval.yaml'),
    baseDir: dir,
    definition: {
      name: 'agent-xss',
      dataset: [
        {
          id: 'conv-xss',
          turns: [
            {
              user: [
                { type: 'text', text: 'Where is my order? Photo attached.' },
                { type: 'image', url: PNG, alt: XSS_ALT },
                { type: 'image', url: 'https://images.example.com/receipt.png', alt: 'a receipt' },
              ],
              expected: 'shipped',
            },
            { user: 'Thanks!', expected: 'refund' },
          ],
        },
      ],
      target: { type: 'openai', model: 'agent', baseUrl: model.url, temperature: 0 },
      tools: [
        {
          name: 'lookup_order',
          parameters: { type: 'object', properties: { id: { type: 'string' } } },
          result: { value: { status: 'shipped', note: XSS_RESULT } },
        },
      ],
      graders: [
        { type: 'includes', name: 'reply' },
        { type: 'tool-called', name: 'refunded', tool: 'refund' },
      ],
    },
  };
  const resolved = await resolveEval(loaded, {}, {});
  // The chat target keeps its replies in memory, not in the project's cache folder.
  const target = await (
    await import('../../src/targets/registry.js')
  ).createTarget(loaded.definition.target, { baseDir: dir, env: {}, cache: createMemoryResponseCache() });
  const result = await runEval({ store, eval: { ...resolved, target }, gitCommit: null });
  runId = result.runId;
  webRoot = await buildWeb();
  server = await startServer({ store, host: '127.0.0.1', port: 0, webRoot });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(`http://127.0.0.1:${server.port}/`) && !r.url().startsWith('data:')) offSite.push(r.url());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await model?.close();
  await store?.close();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the case page timeline in Chromium', () => {
  it('shows turns, tool calls with arguments, tool results and per-turn scores; hostile text stays text', async () => {
    await page.goto(`http://127.0.0.1:${server.port}/runs/${runId}/cases/conv-xss`);
    await page.locator('.timeline').first().waitFor();
    const timeline = page.locator('.timeline').first();
    expect(await timeline.locator('.turn').count()).toBe(2);
    expect(await page.locator('.two-col').innerText()).toContain('turn 2: refund');
    expect(await timeline.locator('.bubble.role-toolcall pre.text').innerText()).toBe(
      JSON.stringify({ id: XSS_ARGS }, null, 2),
    );
    expect(await timeline.locator('.bubble.role-tool').innerText()).toContain(XSS_RESULT);
    const turnScores = await timeline.locator('.turn-scores').allInnerTexts();
    expect(turnScores.join(' ')).toContain('reply@turn1');
    expect(turnScores.join(' ')).toContain('reply@turn2');
    expect(await timeline.locator('.trajectory-failures').innerText()).toContain('refund was never called');
    // The inline PNG is a thumbnail whose alt is the payload as an attribute value; the https image is not loaded.
    const images = timeline.locator('img');
    expect(await images.count()).toBe(1);
    expect(await images.getAttribute('alt')).toBe(XSS_ALT);
    expect(await timeline.innerText()).toContain('https://images.example.com/receipt.png');
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
    );
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(offSite).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'case-timeline.png'), fullPage: true });
  });
});
