import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { openStore } from '../../src/store/open-store.js';
import { seedDashboardStore, seedRepeatsStore, XSS_OUTPUT, type SeededStore } from '../fixtures/dashboard/seed.js';
import { buildWeb, launchChromium, SCREENSHOTS } from '../fixtures/dashboard/browser.js';

let seeded: SeededStore;
let webRoot: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
/** Non-API responses with status 404 (a missing favicon, asset or page). */
const missingFiles: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  [seeded, webRoot] = await Promise.all([seedDashboardStore(), buildWeb()]);
  server = await startServer({ store: seeded.store, host: '127.0.0.1', port: 0, webRoot });
  context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  page = await context.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('response', (r) => {
    if (r.status() === 404 && !new URL(r.url()).pathname.startsWith('/api/')) missingFiles.push(r.url());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await seeded?.cleanup();
  if (webRoot) rmSync(webRoot, { recursive: true, force: true });
});

const url = (path: string): string => `http://127.0.0.1:${server.port}${path}`;
const shot = (name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

describe('dashboard in Chromium', () => {
  it('Runs: lists every run and filters by search, eval, status and sort', async () => {
    await page.goto(url('/'));
    await page.locator('.runs-table tbody tr').first().waitFor();
    expect(await page.locator('.runs-table tbody tr').count()).toBe(3);
    await expect.poll(() => page.locator('.runs-table').innerText()).toContain('baseline: main');
    await shot('runs');
    await page.fill('input[name=search]', 'gpt-4.1');
    await page.click('form.filters button[type=submit]');
    await expect.poll(() => page.locator('.runs-table tbody tr').count()).toBe(1);
    expect(page.url()).toContain('search=gpt-4.1');
    await page.fill('input[name=search]', 'no-such-run');
    await page.click('form.filters button[type=submit]');
    await expect.poll(() => page.locator('.state.empty').innerText()).toContain('No run matches');
    await page.goto(url('/'));
    await page.locator('.runs-table tbody tr').first().waitFor();
    await page.selectOption('select[name=eval]', 'support-bot');
    await page.selectOption('select[name=sort]', 'passRate');
    await expect
      .poll(() => page.locator('.runs-table tbody tr td:first-child a').first().innerText())
      .toBe(seeded.runs.candidate);
    expect(page.url()).toContain('eval=support-bot');
    await page.selectOption('select[name=status]', 'running');
    await expect.poll(() => page.locator('.state.empty').innerText()).toContain('No run matches');
  });

  it('Run: grader error bars, segments, and a paginated case table whose filters work', async () => {
    await page.goto(url(`/runs/${seeded.runs.candidate}`));
    await page.locator('.case-table tbody tr').first().waitFor();
    expect(await page.locator('svg.chart .whisker').count()).toBeGreaterThan(0);
    expect(await page.locator('.segment-table tbody tr').count()).toBeGreaterThan(5);
    expect(await page.locator('.case-table tbody tr').count()).toBe(50);
    expect(await page.locator('.pager').innerText()).toContain('of 60');
    await shot('run');
    await page.screenshot({ path: join(SCREENSHOTS, 'run-viewport.png') });
    await page.selectOption('select[name=segment]', 'language:fr');
    await page.selectOption('select[name=grader]', 'exact');
    await page.selectOption('select[name=outcome]', 'fail');
    await expect.poll(() => page.locator('.case-table tbody tr').count()).toBe(20);
    const langs = await page.locator('.case-table tbody tr td:nth-child(1) a').allInnerTexts();
    expect(langs[0]).toBe('c002');
    await page.selectOption('select[name=outcome]', 'pass');
    await expect.poll(() => page.locator('.state.empty').innerText()).toContain('No trial matches');
    await page.click('text=Clear');
    await page.fill('input[name=search]', 'c013');
    await page.click('form.filters button[type=submit]');
    await expect.poll(() => page.locator('.case-table tbody tr').count()).toBe(1);
  });

  it("Run: 96 segment rows fold to one grader's lowest, and the case table is one click away", async () => {
    await page.goto(url(`/runs/${seeded.runs.candidate}`));
    await page.locator('.case-table tbody tr').first().waitFor();
    // 48 segments × 2 graders: the table starts with the first grader and its lowest pass rates.
    expect(await page.locator('select[name=segment-grader]').inputValue()).toBe('exact');
    const folded = await page.locator('.segment-table tbody tr').count();
    expect(folded).toBeGreaterThanOrEqual(10);
    expect(folded).toBeLessThanOrEqual(14);
    expect(await page.locator('.segment-summary').innerText()).toContain(`of 48 segments`);
    const rates = (await page.locator('.segment-table tbody tr td:nth-child(4)').allInnerTexts()).map((t) =>
      parseFloat(t),
    );
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(await page.locator('.segment-table tbody tr', { hasText: 'fr' }).first().innerText()).toContain('0.0%');
    // The case table starts within two screens of the top, not after ~3,500 px of segments.
    const casesTop = await page.locator('#cases').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    expect(casesTop).toBeLessThan(1800);
    // The sticky in-page nav jumps to the cases and stays on screen.
    await page.click('.page-nav a:has-text("Cases")');
    await expect
      .poll(() => page.locator('.case-table').evaluate((el) => el.getBoundingClientRect().top))
      .toBeLessThan(900);
    expect(await page.locator('.page-nav').evaluate((el) => el.getBoundingClientRect().top)).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'run-jump-to-cases.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    // Show all, sort by n, and switch grader.
    await page.click('button.segment-toggle');
    await expect.poll(() => page.locator('.segment-table tbody tr').count()).toBe(48);
    await page.locator('.segment-table th button', { hasText: /^n$/ }).click();
    const ns = (await page.locator('.segment-table tbody tr td:nth-child(3)').allInnerTexts()).map((t) =>
      parseInt(t, 10),
    );
    expect(ns).toEqual([...ns].sort((a, b) => a - b));
    await page.selectOption('select[name=segment-grader]', 'helpfulness');
    await expect.poll(() => page.locator('.segment-table tbody tr').count()).toBeLessThanOrEqual(14);
    await page.selectOption('select[name=segment-grader]', '*');
    await page.click('button.segment-toggle');
    await expect.poll(() => page.locator('.segment-table tbody tr').count()).toBe(96);
    await shot('run-all-segments');
  });

  it('Case: renders the conversation, and an XSS payload in an output stays inert text', async () => {
    await page.goto(url(`/runs/${seeded.runs.candidate}/cases/c007`));
    await page.locator('.repeat').first().waitFor();
    expect(await page.locator('.bubble.role-user').innerText()).toContain('Question c007');
    expect(await page.locator('.repeat pre.text').innerText()).toBe(XSS_OUTPUT);
    expect(await page.locator('.other-runs tbody tr').count()).toBe(2);
    // Wait until the page has loaded and painted twice: an injected handler would have run by then.
    await page.waitForFunction(() => document.readyState === 'complete');
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(null)))),
    );
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.locator('main script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await shot('case');
    // The same payload in the case table's preview stays text too.
    await page.goto(url(`/runs/${seeded.runs.candidate}?search=onerror`));
    await expect.poll(() => page.locator('.case-table tbody tr').count()).toBe(1);
    expect(await page.locator('.case-table td.clip').nth(1).innerText()).toContain('<img src=x onerror=');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('Compare: a linkable URL shows the known regression, its segment and a diff of a flipped case', async () => {
    await page.goto(url(`/compare?baseline=main&candidate=${seeded.runs.candidate}`));
    await page.locator('.compare-table tbody tr').first().waitFor();
    const exactRow = page.locator('.compare-table tbody tr', { hasText: 'exact' });
    expect(await exactRow.locator('.verdict').innerText()).toBe('regressed');
    expect(await page.locator('.compare-segments tr.significant', { hasText: 'fr' }).count()).toBeGreaterThan(0);
    // Only the significant segments by default; every row is highlighted.
    const significant = await page.locator('.compare-segments tbody tr').count();
    expect(significant).toBeGreaterThan(0);
    expect(significant).toBeLessThan(10);
    expect(await page.locator('.compare-segments tbody tr:not(.significant)').count()).toBe(0);
    expect(await page.locator('h2', { hasText: 'Regressions' }).innerText()).toContain('16');
    expect(await exactRow.locator('td.flipped').innerText()).toBe('16 / 0');
    // 32 flips (16 cases × 2 graders) in a compact table, 20 to a page.
    expect(await page.locator('.flips.regressed .flip-table tbody tr.flip-row').count()).toBe(20);
    expect(await page.locator('.flips.regressed .pager').innerText()).toContain('1–20 of 32');
    await shot('compare');
    await page.locator('.flips.regressed .flip-head').first().click();
    await page.locator('.diff').first().waitFor();
    expect(await page.locator('.diff .del').first().innerText()).toContain('answer-c002');
    await page.locator('.flips.regressed .pager button', { hasText: 'Next' }).click();
    await expect.poll(() => page.locator('.flips.regressed .flip-table tbody tr.flip-row').count()).toBe(12);
    await page.click('button.toggle:has-text("Show all 96 segments")');
    await expect.poll(() => page.locator('.compare-segments tbody tr').count()).toBe(96);
  });

  it('Compare: an unknown run says what to do', async () => {
    await page.goto(url('/compare?baseline=nope&candidate=latest'));
    await expect.poll(() => page.locator('.state.error').innerText()).toContain("No run or baseline named 'nope'");
    expect(await page.locator('.state.error a', { hasText: 'Back to Runs' }).count()).toBe(1);
    expect(await page.locator('.state.error button', { hasText: 'Try again' }).count()).toBe(0);
  });

  it('Errors: a missing run shows code spans as code, offers the way back, and no retry', async () => {
    await page.goto(url('/runs/run_missing'));
    await page.locator('.state.error').waitFor();
    const body = page.locator('.state.error .state-body');
    expect(await body.innerText()).not.toContain('`');
    expect(await body.locator('code').first().innerText()).toBe('GET /api/runs');
    expect(await page.locator('.state.error button', { hasText: 'Try again' }).count()).toBe(0);
    await shot('run-missing');
    await page.click('.state.error a:has-text("Back to Runs")');
    await page.locator('.runs-table tbody tr').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.goto(url(`/runs/${seeded.runs.candidate}/cases/c999`));
    await page.locator('.state.error').waitFor();
    expect(await page.locator('.state.error a', { hasText: 'Back to Runs' }).count()).toBe(1);
    expect(await page.locator('.state.error .state-body code').count()).toBeGreaterThan(0);
  });

  it('serves an inline favicon, so no page asks for a file that is not there', async () => {
    await page.goto(url('/'));
    expect(await page.locator('link[rel=icon]').getAttribute('href')).toMatch(/^data:image\/svg\+xml,/);
  });

  it('Trends: chart with interval band, baseline marker and the flagged regression', async () => {
    await page.goto(url('/trends?eval=support-bot&grader=exact'));
    await page.locator('svg.trend').waitFor();
    expect(await page.locator('svg.trend path.band').count()).toBe(1);
    expect(await page.locator('svg.trend .baseline-marker').textContent()).toContain('baseline: main');
    await expect.poll(() => page.locator('svg.trend circle.flag.regressed').count()).toBe(1);
    expect(await page.locator('svg.trend .errorbar-group').count()).toBe(3);
    expect(await page.locator('svg.trend .y-title').textContent()).toBe('exact pass rate (%)');
    expect(await page.locator('svg.trend .x-title').textContent()).toBe('run started (UTC)');
    await shot('trends');
    await page.click('text=Week by week');
    await expect.poll(() => page.locator('table', { hasText: '2025-W25' }).count()).toBe(1);
    await shot('trends-weekly');
  });

  it('Review: keyboard-driven queue with progress', async () => {
    await page.goto(url(`/review?run=${seeded.runs.candidate}`));
    await page.locator('.review').waitFor();
    expect(await page.locator('.progress-text').innerText()).toContain('0 reviewed');
    expect(await page.locator('.review-head').innerText()).toContain('c001');
    await shot('review');
    await page.keyboard.press('f');
    // The key goes to the case on screen the moment it appears (no stale listener for c001).
    await page.locator('.review[data-case="c002"]').waitFor();
    await page.keyboard.press('s');
    await expect.poll(() => page.locator('.progress-text').innerText()).toContain('1 skipped');
    expect(await page.locator('.progress-text').innerText()).toContain('1 reviewed');
    const saved = await seeded.store.reviews.list({ runId: seeded.runs.candidate, caseId: 'c001' });
    expect(saved[0]).toMatchObject({ status: 'done', label: 'fail', score: 0 });
    const skipped = await seeded.store.reviews.list({ runId: seeded.runs.candidate, caseId: 'c002' });
    expect(skipped[0]).toMatchObject({ status: 'skipped' });
  });

  it('no page threw a script error or asked for a missing file', () => {
    expect(pageErrors).toEqual([]);
    expect(missingFiles).toEqual([]);
  });
});

describe('dashboard on runs with repeats, two on one day', () => {
  it("Compare labels discordant and flipped counts apart; Trends draws a lone week's interval and tells same-day runs apart", async () => {
    const reps = await seedRepeatsStore();
    const srv = await startServer({ store: reps.store, host: '127.0.0.1', port: 0, webRoot });
    const p = await context.newPage();
    try {
      const base = `http://127.0.0.1:${srv.port}`;
      await p.goto(`${base}/compare?baseline=${reps.runs.morning}&candidate=${reps.runs.afternoon}`);
      await p.locator('.compare-table tbody tr').first().waitFor();
      const head = await p.locator('.compare-table thead').innerText();
      expect(head).toMatch(/Discordant cases −\/\+\s*\(case means\)/);
      expect(head).toMatch(/Flipped cases −\/\+\s*\(all repeats\)/);
      const row = p.locator('.compare-table tbody tr', { hasText: 'exact' });
      expect(await row.locator('td.discordant').innerText()).toBe('11 / 5');
      expect(await row.locator('td.flipped').innerText()).toBe('1 / 0');
      expect(await p.locator('h2', { hasText: 'Regressions' }).innerText()).toContain('1 case');
      const improvements = await p.locator('.flips-empty').innerText();
      expect(improvements).toContain('No case went from fail to pass on every repeat');
      expect(improvements).toContain('5 case × grader pairs have a higher mean over repeats');
      await p.screenshot({ path: join(SCREENSHOTS, 'compare-repeats.png'), fullPage: true });

      await p.goto(`${base}/trends?eval=faq-repeats&grader=exact`);
      await p.locator('svg.trend').waitFor();
      const ticks = await p.locator('svg.trend .x-tick').allTextContents();
      expect(ticks).toHaveLength(2);
      expect(ticks[0]).toContain('2026-11-27 09:00');
      expect(ticks[1]).toContain('2026-11-27 15:00');
      await p.screenshot({ path: join(SCREENSHOTS, 'trends-same-day.png') });

      await p.goto(`${base}/trends?eval=faq-repeats&grader=exact&by=week`);
      await p.locator('svg.trend circle.dot').waitFor();
      expect(await p.locator('svg.trend circle.dot').count()).toBe(1);
      // The lone week's 95% interval (59.2%–81.5%) is drawn as an error bar, inside the y-axis.
      expect(await p.locator('svg.trend .errorbar-group').count()).toBe(1);
      const yTicks = (await p.locator('svg.trend text.tick:not(.x-tick)').allTextContents()).map((t) => parseFloat(t));
      expect(Math.min(...yTicks)).toBeLessThan(59.2);
      expect(Math.max(...yTicks)).toBeGreaterThan(81.5);
      const [barTop, barBottom] = await p
        .locator('svg.trend .errorbar')
        .first()
        .evaluate((el) => [Number(el.getAttribute('y1')), Number(el.getAttribute('y2'))]);
      expect(barBottom - barTop).toBeGreaterThan(40);
      expect(await p.locator('svg.trend .x-tick').first().textContent()).toContain('2026-W48');
      await p.screenshot({ path: join(SCREENSHOTS, 'trends-single-week.png') });
    } finally {
      await p.close();
      await srv.close();
      await reps.cleanup();
    }
  });
});

describe('dashboard on an empty store', () => {
  it('every page says what to do next', async () => {
    const empty = await openStore({ location: ':memory:' });
    const bare = await startServer({ store: empty, host: '127.0.0.1', port: 0, webRoot });
    const p = await context.newPage();
    try {
      const base = `http://127.0.0.1:${bare.port}`;
      const expectations: [string, string][] = [
        ['/', 'npx assay run'],
        ['/trends', 'Run an eval a few times'],
        ['/review', 'No reviews yet'],
        ['/compare', 'Pick a baseline and a candidate'],
        ['/runs/run_missing', 'was not found'],
        ['/nowhere', 'There is no page here'],
      ];
      for (const [path, text] of expectations) {
        await p.goto(`${base}${path}`);
        await expect.poll(() => p.locator('main').innerText(), { message: path }).toContain(text);
      }
      await p.goto(`${base}/`);
      await p.locator('.state.empty').waitFor();
      await p.screenshot({ path: join(SCREENSHOTS, 'empty-store.png') });
    } finally {
      await p.close();
      await bare.close();
      await empty.close();
    }
  });
});

describe('dashboard bound off loopback', () => {
  it('refuses API calls without the token, and the printed URL logs the browser in', async () => {
    // Binding a real non-loopback interface may be impossible here, so this server runs on
    // loopback with the token a non-loopback bind would get.
    const token = 'tok-Xq3vN8rT0pLm2ZsK9wYb4HcE';
    const guarded = await startServer({ store: seeded.store, host: '127.0.0.1', port: 0, token, webRoot });
    try {
      const base = `http://127.0.0.1:${guarded.port}`;
      expect(guarded.url).toBe(`${base}/?token=${token}`);
      expect((await fetch(`${base}/api/runs`)).status).toBe(401);
      const p = await context.newPage();
      await p.goto(`${base}/`);
      await expect.poll(() => p.locator('.state.error').innerText()).toContain('?token=');
      await p.screenshot({ path: join(SCREENSHOTS, 'token-required.png') });
      await p.goto(guarded.url);
      await p.locator('.runs-table tbody tr').first().waitFor();
      expect(p.url()).toBe(`${base}/`);
      await p.close();
    } finally {
      await guarded.close();
    }
  });

  it('two dashboards on one machine keep their own sessions (cookies named per port)', async () => {
    const servers = await Promise.all(
      ['tok-A-Xq3vN8rT0pLm2ZsK9wYb4H', 'tok-B-Lm2ZsK9wYb4HcEXq3vN8rT'].map((token) =>
        startServer({ store: seeded.store, host: '127.0.0.1', port: 0, token, webRoot }),
      ),
    );
    const own = await browser.newContext();
    try {
      const p = await own.newPage();
      for (const s of servers) {
        await p.goto(s.url);
        await p.locator('.runs-table tbody tr').first().waitFor();
      }
      // Back on the first dashboard without its token: the second login did not replace its cookie.
      await p.goto(`http://127.0.0.1:${servers[0].port}/`);
      await p.locator('.runs-table tbody tr').first().waitFor();
      const cookies = await own.cookies();
      expect(cookies.map((c) => c.name).sort()).toEqual(servers.map((s) => `assay_token_${s.port}`).sort());
      for (const c of cookies) expect(servers.map((s) => s.token)).not.toContain(c.value);
    } finally {
      await own.close();
      await Promise.all(servers.map((s) => s.close()));
    }
  });
});
