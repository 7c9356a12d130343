import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/core/types.js';
import { datasetVersion } from '../../src/datasets/version.js';
import { openStore } from '../../src/store/open-store.js';
import { projectRoot, runCli } from '../helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-e2e-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (p: string) => join(projectRoot, 'test/fixtures/dataset-design', p);
const readJsonl = (p: string) =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Case);

describe('assay dataset build', () => {
  it('samples logs into weighted cases with provenance and prints the promised --json report', async () => {
    const out = join(dir, 'cases.jsonl');
    const r = await runCli([
      'dataset',
      'build',
      '--from',
      fixture('logs.jsonl'),
      '--size',
      '20',
      '--strata',
      'intent,language',
      '--min-per-stratum',
      '2',
      '--seed',
      '1',
      '--redact-pii',
      '--out',
      out,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['strata', 'removedDuplicates', 'redacted']));
    for (const s of report.strata)
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['key', 'population', 'sampled', 'weight']));
    expect(report.removedDuplicates).toMatchObject({ exact: 1, near: 1, total: 2 });
    expect(report.issues).toEqual([expect.objectContaining({ path: 'logs.jsonl:124' })]);
    const cases = readJsonl(out);
    expect(cases).toHaveLength(20);
    // Weights stand for the traffic: they sum to the log lines with an input, duplicates included.
    expect(cases.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(report.linesInScope, 6);
    expect(report.linesInScope).toBe(report.strata.reduce((a: number, s: { traffic: number }) => a + s.traffic, 0));
    for (const c of cases) expect(c.source).toMatch(/^tr-/);
    const legal = report.strata.filter((s: { key: string }) => s.key.startsWith('intent=legal'));
    expect(legal.every((s: { sampled: number }) => s.sampled >= 2)).toBe(true);

    const seeds = await Promise.all(
      ['1.9', '4294967297', '-1'].map((seed) =>
        runCli(['dataset', 'build', '--from', fixture('logs.jsonl'), '--size', '5', '--seed', seed, '--out', out]),
      ),
    );
    for (const bad of seeds) {
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--seed must be/);
    }
    const again = join(dir, 'cases-again.jsonl');
    await runCli([
      'dataset',
      'build',
      '--from',
      fixture('logs.jsonl'),
      '--size',
      '20',
      '--strata',
      'intent,language',
      '--min-per-stratum',
      '2',
      '--seed',
      '1',
      '--redact-pii',
      '--out',
      again,
    ]);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('prints a coverage report for people', async () => {
    const r = await runCli([
      'dataset',
      'build',
      '--from',
      fixture('logs.jsonl'),
      '--size',
      '10',
      '--strata',
      'intent',
      '--out',
      join(dir, 'c.jsonl'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/intent=billing\s+\d+\s+\d+\.\d%/);
    expect(r.stdout).toContain('Removed 2 duplicates before sampling: 1 exact, 1 near');
  });

  it('rejects a missing log file and bad flags without a stack trace', async () => {
    const missing = await runCli([
      'dataset',
      'build',
      '--from',
      join(dir, 'nope.jsonl'),
      '--size',
      '5',
      '--out',
      join(dir, 'x.jsonl'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No log file found at');
    expect(missing.stderr).not.toMatch(/at .*\.ts:\d+/);
    const bad = await runCli([
      'dataset',
      'build',
      '--from',
      fixture('logs.jsonl'),
      '--size',
      '5',
      '--allocation',
      'random',
      '--out',
      join(dir, 'x.jsonl'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--allocation must be one of proportional, equal, neyman, importance');
  });

  it('rejects a strata field no line has (exit 2, did-you-mean) and warns on stderr about one most lines lack', async () => {
    const typo = await runCli([
      'dataset',
      'build',
      '--from',
      fixture('logs.jsonl'),
      '--size',
      '5',
      '--strata',
      'intnet',
      '--out',
      join(dir, 'typo.jsonl'),
    ]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("No log line has the strata field 'intnet'");
    expect(typo.stderr).toContain("did you mean 'intent'?");
    expect(typo.stderr).toMatch(/Fields seen in the first lines: trace_id, input, output, intent, language/);
    const logs = join(dir, 'sparse-logs.jsonl');
    writeFileSync(
      logs,
      Array.from({ length: 30 }, (_, i) =>
        JSON.stringify({
          trace_id: `s${i}`,
          input: `distinct question ${i} about item ${i * 7}`,
          ...(i < 5 && { tier: 'pro' }),
        }),
      ).join('\n'),
    );
    const sparse = await runCli([
      'dataset',
      'build',
      '--from',
      logs,
      '--size',
      '5',
      '--strata',
      'tier',
      '--out',
      join(dir, 'sparse.jsonl'),
      '--json',
    ]);
    expect(sparse.code).toBe(0);
    expect(sparse.stderr).toContain("Warning: --strata field 'tier' is missing from 83.3% of the lines");
    expect(JSON.parse(sparse.stdout).warnings[0]).toContain("--strata field 'tier' is missing");
  });

  it('counts every line of the file, bad ones included, in the text report', async () => {
    const logs = join(dir, 'three.jsonl');
    writeFileSync(logs, '{"input":"where is my parcel"}\nnot json\n{"input":"refund my order please"}\n');
    const r = await runCli(['dataset', 'build', '--from', logs, '--size', '5', '--out', join(dir, 'three-out.jsonl')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Built 2 cases from 3 log lines, 1 skipped');
    expect(r.stdout).toContain('three.jsonl:2: json:');
  });
});

describe('assay dataset check', () => {
  it('reports planted contamination, duplicates across splits and leakage as JSON', async () => {
    const r = await runCli([
      'dataset',
      'check',
      fixture('set.jsonl'),
      '--against',
      fixture('corpus.txt'),
      '--splits',
      fixture('train.jsonl'),
      '--prompts',
      fixture('few-shot.txt'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.contaminated).toEqual([
      expect.objectContaining({ caseId: 'c3', corpus: fixture('corpus.txt'), match: expect.any(String) }),
    ]);
    expect(report.contaminated[0].match.split(' ').length).toBeGreaterThanOrEqual(13);
    expect(report.duplicates).toEqual([
      ['c5', 'c6'],
      ['c11', 'train:t1'],
    ]);
    expect(report.leakage).toEqual([
      expect.objectContaining({ caseId: 'c8', kind: 'expected-in-input' }),
      expect.objectContaining({ caseId: 'c13', kind: 'expected-in-prompt' }),
    ]);
    expect(report.warnings.some((w: string) => w.startsWith('topic=billing has 12 case(s)'))).toBe(true);
  });

  it('writes the clean / contaminated segment and fails with --strict', async () => {
    const out = join(dir, 'marked.jsonl');
    const r = await runCli([
      'dataset',
      'check',
      fixture('set.jsonl'),
      '--against',
      fixture('corpus.txt'),
      '--write',
      out,
      '--strict',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('5-gram overlap ≥ 50%, phrases in 10+ corpus texts left out): 1 finding(s)');
    expect(r.stdout).toMatch(/c3 {2}\S*corpus\.txt:1 word 9 {2}input, 89% of n-grams/);
    const marked = readJsonl(out);
    expect(marked.find((c) => c.id === 'c3')!.metadata.contamination).toBe('contaminated');
    expect(marked.filter((c) => c.metadata.contamination === 'clean')).toHaveLength(23);
  });
});

describe('assay dataset diff', () => {
  it('lists added, removed and changed cases by content hash', async () => {
    const r = await runCli(['dataset', 'diff', fixture('set.jsonl'), fixture('set-v2.jsonl'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      added: ['c25'],
      removed: ['c24'],
      unchanged: 22,
      same: false,
      changed: [
        {
          id: 'c1',
          fields: ['expected'],
          changes: [{ field: 'expected', before: 'refund privacy plan end', after: 'changed answer' }],
        },
      ],
    });
    const text = await runCli([
      'dataset',
      'diff',
      fixture('set.jsonl'),
      fixture('set-v2.jsonl'),
      '--max-value-length',
      '10',
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('~ c1 (expected)');
    expect(text.stdout).toContain('expected: "refund pr…" → "changed a…"');
  });
});

describe('assay dataset promote', () => {
  it('appends failed cases as regression cases with provenance, once', async () => {
    const storePath = join(dir, 'promote.db');
    const cases: Case[] = ['a', 'b', 'c'].map((id, i) => ({
      id,
      input: `question ${id} about parcel number ${i} and refund policy`,
      expected: 'x',
      slice: 'typical',
      metadata: { intent: 'billing' },
      weight: 1,
      source: `tr-${id}`,
    }));
    const version = datasetVersion(cases);
    const store = await openStore({ location: storePath });
    await store.datasets.create({ name: 'qa', version, cases });
    await store.runs.create({
      runId: 'run_p',
      eval: 'qa',
      datasetName: 'qa',
      datasetVersion: version,
      target: { kind: 'function' },
      gitCommit: null,
      startedAt: new Date().toISOString(),
      config: {},
      plannedTrials: 3,
    });
    await store.trials.write(
      cases.map((c, i) => ({
        runId: 'run_p',
        caseId: c.id,
        repeat: 0,
        output: { text: 'y' },
        scores: [{ grader: 'exact', value: i === 1 ? 1 : 0, pass: i === 1, reason: i === 1 ? undefined : 'wrong' }],
        error: null,
        startedAt: new Date().toISOString(),
        latencyMs: 1,
      })),
    );
    await store.runs.update('run_p', { status: 'completed', finishedAt: new Date().toISOString() });
    await store.close();

    const to = join(dir, 'regression.jsonl');
    copyFileSync(fixture('set.jsonl'), to);
    writeFileSync(
      to,
      `${readFileSync(to, 'utf8')}${JSON.stringify({ id: 'old', input: 'Question C about parcel number 2 and refund policy!' })}\n`,
    );
    const r = await runCli(['dataset', 'promote', 'run_p', '--failed', '--to', to, '--store', storePath, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      selected: 2,
      added: ['a'],
      skipped: [{ caseId: 'c', duplicateOf: 'old' }],
    });
    const rows = readJsonl(to);
    expect(rows).toHaveLength(26);
    expect(rows[25]).toMatchObject({
      id: 'a',
      slice: 'regression',
      source: 'run_p/a',
      metadata: { promotedFrom: 'run_p', failedGraders: 'exact', originalSource: 'tr-a' },
    });
    const again = await runCli(['dataset', 'promote', 'run_p', '--failed', '--to', to, '--store', storePath]);
    expect(again.stdout).toContain('Promoted 0 case(s)');
    // A summary, not one line per case; --verbose lists them.
    expect(again.stdout).toContain('2 already present (1 same id, 1 same input), skipped (--verbose lists them).');
    expect(again.stdout).not.toContain('a: same id');
    expect(readJsonl(to)).toHaveLength(26);
    const verbose = await runCli([
      'dataset',
      'promote',
      'run_p',
      '--failed',
      '--to',
      to,
      '--store',
      storePath,
      '--verbose',
    ]);
    expect(verbose.stdout).toContain('    a: same id');
    expect(verbose.stdout).toContain('    c: same input as old');

    const nosuch = await runCli([
      'dataset',
      'promote',
      'run_p',
      '--failed',
      '--grader',
      'exakt',
      '--to',
      to,
      '--store',
      storePath,
    ]);
    expect(nosuch.code).toBe(2);
    expect(nosuch.stderr).toContain("Run run_p has no grader 'exakt'; did you mean 'exact'?");
    expect(nosuch.stderr).toContain("The run's graders: exact.");
    expect(nosuch.stdout).toBe('');
  });

  it('promotes failures from a production log with provenance, deduplicated against the regression set', async () => {
    const logs = join(dir, 'prod.jsonl');
    const q = (i: number) => `my parcel ${i} never arrived and tracking code ${i * 97} shows nothing since ${i} days`;
    const rows = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        trace_id: `p${i}`,
        input: q(i),
        output: `sorry ${i}`,
        intent: 'shipping',
        feedback: i % 3 === 0 ? 'thumbs_down' : 'up',
      }),
    );
    rows.push('{oops');
    writeFileSync(logs, `${rows.join('\n')}\n`);
    const to = join(dir, 'prod-regression.jsonl');
    writeFileSync(to, `${JSON.stringify({ id: 'kept', input: `${q(3).toUpperCase()}?` })}\n`);
    const r = await runCli([
      'dataset',
      'promote',
      '--from-logs',
      logs,
      '--where',
      'feedback=negative',
      '--to',
      to,
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      runId: null,
      from: logs,
      where: ['feedback=negative'],
      lines: 31,
      selected: 10,
      alreadyPresent: 1,
      skipped: [{ caseId: 'p3', duplicateOf: 'kept', kind: 'exact' }],
      missingCases: [],
    });
    expect(report.added).toEqual(['p0', 'p6', 'p9', 'p12', 'p15', 'p18', 'p21', 'p24', 'p27']);
    expect(report.issues).toEqual([expect.objectContaining({ path: 'prod.jsonl:31' })]);
    const cases = readJsonl(to);
    expect(cases).toHaveLength(10);
    expect(cases[1]).toMatchObject({
      id: 'p0',
      slice: 'regression',
      source: 'p0',
      metadata: { intent: 'shipping', promotedFrom: 'prod.jsonl', failedOutput: 'sorry 0' },
    });

    const again = await runCli(['dataset', 'promote', '--from-logs', logs, '--to', to]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Promoted 0 case(s) from');
    expect(again.stdout).toContain('10 of 31 lines matched feedback=negative');
    expect(again.stdout).toContain('10 already present (9 same id, 1 same input), skipped');
    expect(readJsonl(to)).toHaveLength(10);
  });

  it('says how to promote when neither or both sources are given, and documents --from-logs', async () => {
    const none = await runCli(['dataset', 'promote', '--to', join(dir, 'x.jsonl')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Name a run to promote from, or pass --from-logs <file>.');
    const help = await runCli(['dataset', 'promote', '--help']);
    expect(help.stdout).toContain('--from-logs <file>');
    expect(help.stdout).toContain('--where <field=value>');
    expect(help.stdout).toContain('source = the trace id, or file:line');
  });
});
