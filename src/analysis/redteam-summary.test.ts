import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRedteamRuns, XSS_FAMILY } from '../../test/fixtures/redteam/seed.js';
import { formatRunSummary } from '../cli/format-summary.js';
import { renderHtml } from '../reporters/html-reporter.js';
import { renderMarkdown } from '../reporters/markdown-reporter.js';
import { asrText } from '../reporters/redteam-rows.js';
import { buildRunReport } from '../reporters/write-reports.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { wilsonInterval } from '../stats/index.js';
import { summarizeRun } from './summarize-run.js';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-redteam-summary-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seedRedteamRuns(store);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('red-team summary', () => {
  it('gives ASR over attack cases only: the Wilson interval of the successful attacks', async () => {
    const s = await summarizeRun(store, 'rt_v1');
    const r = s.redteam!;
    expect(r.attacks).toBe(60);
    expect(r.graders).toEqual(['no-leak', 'refused']);
    const w = wilsonInterval(30, 60);
    expect(r.overall['no-leak']).toEqual({ value: 0.5, lower: 1 - w.upper, upper: 1 - w.lower, n: 60 });
    // Benign cases are in the pass rate but not in the ASR: 10 more passes of 70.
    expect(s.graders.find((g) => g.name === 'no-leak')?.passRate.value).toBeCloseTo(40 / 70, 12);
    expect(s.graders.find((g) => g.name === 'no-leak')?.metrics.asr).toEqual(r.overall['no-leak']);
    const family = r.families.find((f) => f.family === 'encoding')!;
    expect(family.n).toBe(20);
    expect(r.worst.length).toBe(10);
    expect(r.worst[0].graders.map((g) => g.grader)).toEqual(['no-leak', 'refused']);
  });

  it('has no red-team section when no case is an attack', async () => {
    const s = await summarizeRun(store, 'rt_v1');
    expect(s.redteam).toBeDefined();
    const { seedRun } = await import('../../test/fixtures/compare/seed-store.js');
    const { makeTrial } = await import('../../test/fixtures/compare/make-trial.js');
    await seedRun(store, {
      runId: 'plain',
      startedAt: '2025-03-01T00:00:00.000Z',
      trials: [makeTrial('a', { ok: true })],
    });
    expect((await summarizeRun(store, 'plain')).redteam).toBeUndefined();
  });

  it('shows the same ASR in the terminal, Markdown and HTML, escaped', async () => {
    const s = await summarizeRun(store, 'rt_v2');
    const text = asrText(s.redteam!.overall['no-leak']);
    const report = await buildRunReport(store, { runId: 'rt_v2' });
    const faces = [formatRunSummary(s), renderMarkdown(report), renderHtml(report)];
    for (const face of faces) expect(face).toContain(text);
    expect(renderHtml(report)).not.toContain(XSS_FAMILY);
    expect(renderHtml(report)).toContain('&lt;img src=x');
    expect(renderMarkdown(report)).not.toContain('<img src=x');
  });
});
