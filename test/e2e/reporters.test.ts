import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { junitSchemaProblems } from '../helpers/junit-schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGates, runGates } from '../../src/analysis/gates/index.js';
import { writeReports } from '../../src/reporters/index.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { makeTrial } from '../fixtures/compare/make-trial.js';
import { SUPPORT_GATES, seedRun, seedSupportRuns } from '../fixtures/compare/seed-store.js';

const EVIL = '::error file=x::pwned\n| a | b |\n`code` <script>alert(1)</script> ]]> & \u0000\u0007\u001B[31m "quoted"';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'assay-reporters-'));
  store = await openStore({ location: join(dir, 'assay.db') });
  await seedSupportRuns(store);
  await seedRun(store, {
    runId: 'run_evil',
    startedAt: '2025-01-03T00:00:00.000Z',
    trials: [
      makeTrial(`case ${EVIL}`, { correct: false }, { reason: EVIL, metadata: { language: 'en' } }),
      makeTrial('ok', { correct: true }, { metadata: { language: 'en' } }),
      makeTrial('boom', { correct: true }, { error: `target failed: ${EVIL}`, metadata: { language: 'en' } }),
      makeTrial('grader-broke', { correct: { error: 'judge returned garbage' } }, { metadata: { language: 'en' } }),
    ],
  });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

describe('writeReports', () => {
  it('writes JUnit XML that parses, with one testcase per case × grader and failures carrying the reason', async () => {
    const gateReport = await runGates(store, {
      runId: 'run_v2',
      baselineRunId: 'run_v1',
      gates: parseGates(SUPPORT_GATES, 'evals/support.eval.yaml'),
    });
    const out = join(dir, 'reports', 'junit.xml');
    await writeReports(store, {
      runId: 'run_v2',
      baselineRunId: 'run_v1',
      gateReport,
      reporters: [{ name: 'junit', out }],
    });
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parser.parse(xml);
    expect(junitSchemaProblems(doc)).toEqual([]);
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: Record<string, string>) => s['@name'])).toEqual(['support-bot / correct', 'gates']);
    const correct = suites[0];
    expect(correct.testcase).toHaveLength(50);
    expect(correct['@tests']).toBe('50');
    expect(correct['@failures']).toBe('18');
    const de0 = correct.testcase.find((t: Record<string, string>) => t['@name'] === 'de-0');
    expect(de0.failure['@message']).toBe('failed: answered in English');
    expect(de0['@classname']).toBe('support-bot.correct');
    const passing = correct.testcase.find((t: Record<string, string>) => t['@name'] === 'en-0');
    expect(passing.failure).toBeUndefined();
    const gates = suites[1];
    expect(gates['@failures']).toBe('1');
    expect(gates.testcase.find((t: { failure?: unknown }) => t.failure)['@name']).toContain('[language=de]');
    expect(doc.testsuites['@tests']).toBe('53');
  });

  it('keeps JUnit XML valid when model output holds markup, CDATA terminators and control characters', async () => {
    const out = join(dir, 'evil.xml');
    await writeReports(store, { runId: 'run_evil', reporters: [{ name: 'junit', out }] });
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toMatch(/[\u0000\u0007\u001B]/);
    expect(junitSchemaProblems(parser.parse(xml))).toEqual([]);
    const cases = parser.parse(xml).testsuites.testsuite[0].testcase;
    const evil = cases.find((t: Record<string, string>) => t['@name'].startsWith('case ::error'));
    expect(evil.failure['@message']).toContain('<script>alert(1)</script>');
    expect(cases.find((t: Record<string, string>) => t['@name'] === 'boom').error['@message']).toContain(
      'target failed',
    );
    expect(cases.find((t: Record<string, string>) => t['@name'] === 'grader-broke').error['@message']).toBe(
      'judge returned garbage',
    );
  });

  it('writes Markdown that model output cannot break, and appends it to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const out = join(dir, 'report.md');
    const gateReport = await runGates(store, {
      runId: 'run_evil',
      gates: parseGates([{ grader: 'correct', minPassRate: 0.9 }], 'x'),
    });
    await writeReports(store, {
      runId: 'run_evil',
      baselineRunId: 'run_v1',
      gateReport,
      reporters: [{ name: 'markdown', out }],
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    const md = readFileSync(out, 'utf8');
    // The evil case id reaches the report through the "only in candidate" warning.
    expect(md).toContain('only in the candidate');
    expect(md).toContain('\\| a \\| b \\|');
    for (const line of md.split('\n').filter((l) => l.startsWith('|'))) expect(line.trimEnd().endsWith('|')).toBe(true);
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${md}`);
    expect(md).toContain('## Assay: support-bot — gates failed ❌');
    expect(md).toContain('| correct |');
    expect(md.split('\n').some((line) => /^\s*::/.test(line))).toBe(false);
    expect(md).not.toContain('<script>');
  });

  it('writes Markdown with the comparison table and the significant segments', async () => {
    const out = join(dir, 'compare.md');
    await writeReports(store, {
      runId: 'run_v2',
      baselineRunId: 'run_v1',
      reporters: [{ name: 'markdown', out }],
      env: {},
    });
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('### Compared with `run_v1`');
    expect(md).toMatch(
      /\| correct \| 54\.0% \| 64\.0% \| \+10\.0 pts .* \| 0\.263 \| no-detectable-change \(MDE ±\d+\.\d pts \(McNemar mid-p\)\) \|/,
    );
    expect(md).toMatch(/\| language=de \| correct \| 10 \| −70\.0 pts .* \| regressed \|/);
    expect(md).toContain('Regressed cases (7)');
  });

  it('writes a self-contained HTML page with every model string escaped', async () => {
    const out = join(dir, 'report.html');
    await writeReports(store, { runId: 'run_evil', reporters: [{ name: 'html', out }] });
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<script');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<style>');
  });

  it('writes JSON and terminal reports to standard output when no file is given', async () => {
    const chunks: string[] = [];
    const stdout = { write: (s: string) => chunks.push(s) };
    await writeReports(store, { runId: 'run_v2', baselineRunId: 'run_v1', reporters: [{ name: 'json' }], stdout });
    const json = JSON.parse(chunks.join(''));
    expect(json.run.runId).toBe('run_v2');
    expect(json.comparison.graders[0].name).toBe('correct');
    expect(json.graders[0]).toMatchObject({ grader: 'correct', n: 50 });
    chunks.length = 0;
    await writeReports(store, { runId: 'run_evil', reporters: [{ name: 'terminal' }], stdout });
    const text = chunks.join('');
    expect(text).toContain('support-bot · run_evil');
    expect(text).not.toMatch(/[\u0000\u0007\u001B]/);
  });

  it('rejects an unknown reporter name with the list of known ones', async () => {
    await expect(writeReports(store, { runId: 'run_v2', reporters: [{ name: 'xml' }] })).rejects.toThrow(
      /Unknown reporter 'xml'/,
    );
  });
});
