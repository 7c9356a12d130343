import { mkdtempSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAssayError } from '../../core/errors.js';
import { syntheticLogLines, type SyntheticLogOptions } from '../logs/synthetic-logs.js';
import { allocate, allocationScores } from './allocate.js';
import { buildFromLogs } from './build-from-logs.js';
import { formatBuildReport } from './format-build-report.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-build-'));

async function writeLogs(name: string, options: SyntheticLogOptions) {
  const path = join(dir, name);
  const out = createWriteStream(path);
  const tally = {
    lines: 0,
    exact: 0,
    near: 0,
    traffic: new Map<string, number>(),
    originals: new Map<string, number>(),
  };
  for (const l of syntheticLogLines(options)) {
    if (!out.write(`${l.json}\n`)) await once(out, 'drain');
    tally.lines++;
    const key = `intent=${l.intent},language=${l.language}`;
    tally.traffic.set(key, (tally.traffic.get(key) ?? 0) + 1);
    if (l.kind === 'original') tally.originals.set(key, (tally.originals.get(key) ?? 0) + 1);
    else tally[l.kind]++;
  }
  out.end();
  await once(out, 'close');
  return { path, tally };
}

describe('buildFromLogs', async () => {
  const { path, tally } = await writeLogs('logs.jsonl', { lines: 20_000, seed: 7 });

  it('counts traffic per stratum exactly and removes the planted duplicates', async () => {
    const { report } = await buildFromLogs({ from: path, size: 300, strata: ['intent', 'language'], seed: 1 });
    expect(report.lines).toBe(tally.lines);
    for (const s of report.strata) expect(s.traffic).toBe(tally.traffic.get(s.key));
    const { exact, near } = report.removedDuplicates;
    // Every planted exact copy is found; two near copies of one text can also be exact copies of each other.
    expect(exact).toBeGreaterThanOrEqual(tally.exact);
    expect(exact).toBeLessThanOrEqual(tally.exact + 5);
    // Near-duplicate recall on planted copies (one added word, Jaccard ≥ 0.9), and no false removals.
    expect(exact + near).toBeGreaterThanOrEqual(tally.exact + Math.floor(tally.near * 0.95));
    expect(exact + near).toBeLessThanOrEqual(tally.exact + tally.near);
    for (const s of report.strata) {
      const originals = tally.originals.get(s.key) ?? 0;
      expect(s.population).toBeGreaterThanOrEqual(originals);
      expect(s.population).toBeLessThanOrEqual(originals + Math.ceil(tally.near * 0.05) + 1);
    }
    expect(report.removedDuplicates.clusters.length).toBeGreaterThan(0);
  });

  it('allocates by traffic and weights each case by the traffic it stands for; weights sum to the lines', async () => {
    const { cases, report } = await buildFromLogs({
      from: path,
      size: 300,
      strata: ['intent', 'language'],
      seed: 1,
      minPerStratum: 5,
    });
    const stats = report.strata.map((s) => ({
      population: s.population,
      traffic: s.traffic,
      feedback: 0,
      negative: 0,
      importance: 0,
    }));
    const expected = allocate(
      report.strata.map((s) => s.population),
      allocationScores(stats, 'proportional', true),
      300,
      5,
    );
    expect(report.strata.map((s) => s.sampled)).toEqual(expected);
    expect(cases).toHaveLength(300);
    const totalWeight = cases.reduce((a, c) => a + c.weight, 0);
    expect(totalWeight).toBeCloseTo(tally.lines, 6);
    expect(report).toMatchObject({ linesInScope: tally.lines });
    expect(report.weightTotal).toBeCloseTo(tally.lines, 6);
    for (const s of report.strata) {
      const members = cases.filter(
        (c) => c.metadata.samplingStratum === s.key || c.metadata.samplingStratum === `${s.key} (certain)`,
      );
      expect(members).toHaveLength(s.sampled);
      expect(members.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(s.traffic, 6);
    }
    for (const c of cases) {
      expect(c.source).toMatch(/^t\d+$/);
      expect(c.id).toBe(c.source);
      expect(typeof c.metadata.intent).toBe('string');
    }
  });

  it('gives a head of few texts its share of cases, each head text carrying its traffic, whatever the seed', async () => {
    const p = join(dir, 'head.jsonl');
    const rows: object[] = [];
    for (let i = 0; i < 4000; i++) {
      const billing = i % 2 === 0;
      const input = billing
        ? `how do I reset my password variant ${(i / 2) % 5} please help`
        : `shipping question ${i} about parcel ${i * 7} and courier ${i * 13}`;
      rows.push({ input, intent: billing ? 'billing' : 'shipping' });
    }
    writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n'));
    for (const seed of [1, 2]) {
      const { cases, report } = await buildFromLogs({
        from: p,
        size: 20,
        strata: ['intent'],
        seed,
        nearDuplicateThreshold: 1,
      });
      const billing = report.strata.find((s) => s.key === 'intent=billing')!;
      // 5 distinct texts, half the traffic: all 5 taken (a census), each weighing its 400 lines.
      expect(billing).toMatchObject({ traffic: 2000, population: 5, sampled: 5, certain: 5 });
      const heads = cases.filter((c) => c.metadata.intent === 'billing');
      expect(heads.map((c) => c.weight)).toEqual([400, 400, 400, 400, 400]);
      expect(heads.map((c) => c.source)).toEqual([
        'head.jsonl:1',
        'head.jsonl:3',
        'head.jsonl:5',
        'head.jsonl:7',
        'head.jsonl:9',
      ]);
      expect(report.strata.find((s) => s.key === 'intent=shipping')!.sampled).toBe(15);
      expect(report.weightTotal).toBeCloseTo(4000, 6);
      expect(report.removedDuplicates.exact).toBe(1995);
    }
  });

  it('gives the same set for the same seed and another set for another seed', async () => {
    const a = await buildFromLogs({ from: path, size: 100, strata: ['intent'], seed: 3, allocation: 'equal' });
    const b = await buildFromLogs({ from: path, size: 100, strata: ['intent'], seed: 3, allocation: 'equal' });
    const c = await buildFromLogs({ from: path, size: 100, strata: ['intent'], seed: 4, allocation: 'equal' });
    expect(a.cases).toEqual(b.cases);
    expect(a.cases.map((x) => x.id)).not.toEqual(c.cases.map((x) => x.id));
    expect(a.report.strata.map((s) => s.sampled)).toEqual([20, 20, 20, 20, 20]);
  });

  it('moves cases to the tail and to negative feedback with importance allocation', async () => {
    const prop = await buildFromLogs({ from: path, size: 200, strata: ['intent'], seed: 1 });
    const imp = await buildFromLogs({ from: path, size: 200, strata: ['intent'], seed: 1, allocation: 'importance' });
    const legal = (r: typeof prop) => r.report.strata.find((s) => s.key === 'intent=legal')!;
    expect(legal(imp).sampled).toBeGreaterThan(legal(prop).sampled * 2);
    expect(legal(imp).weight).toBeLessThan(legal(prop).weight);
  });

  it('never puts two near-duplicates in the set', async () => {
    const { cases } = await buildFromLogs({ from: path, size: 500, strata: [], seed: 9 });
    const texts = new Set(cases.map((c) => String(c.input).toLowerCase().split(' ').slice(0, 20).join(' ')));
    expect(texts.size).toBe(cases.length);
  });

  it('redacts PII in sampled cases and counts it', async () => {
    const p = join(dir, 'pii.jsonl');
    writeFileSync(
      p,
      [
        { trace_id: 'a', input: 'my email is ann@example.com and card 4111 1111 1111 1111', intent: 'billing' },
        { trace_id: 'b', input: 'call me on +44 20 7946 0958 about my order', intent: 'shipping' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const { cases, report } = await buildFromLogs({ from: p, size: 2, strata: ['intent'], redactPii: true });
    expect(report.redacted).toMatchObject({ enabled: true, email: 1, phone: 1, card: 1, total: 3 });
    expect(cases.map((c) => c.input)).toEqual([
      'my email is [EMAIL] and card [CARD]',
      'call me on [PHONE] about my order',
    ]);
  });

  it('reports unreadable lines with file:line and keeps going', async () => {
    const p = join(dir, 'bad.jsonl');
    writeFileSync(p, '{"input":"hello there"}\nnot json\n{"output":"no input"}\n');
    const { report, cases } = await buildFromLogs({ from: p, size: 5, strata: [] });
    expect(cases).toHaveLength(1);
    expect(report.issues.map((i) => i.path)).toEqual(['bad.jsonl', 'bad.jsonl:2']);
    expect(report.issues[0].message).toBe(
      '1 line has no input in any of input, prompt, question, query, messages (first: line 3); fields seen: input, output; name the input field with --input-field',
    );
    // Every line counts, the bad ones too.
    expect(report).toMatchObject({ lines: 3, skipped: 2, unreadable: 1 });
    expect(formatBuildReport(report, 'out.jsonl')).toContain('Built 1 case from 3 log lines, 2 skipped');
    expect(report.warnings).toContain('2 log lines were skipped (unreadable or without an input); see issues.');
  });

  it('rejects a strata field no line has, naming the fields seen with a did-you-mean', async () => {
    const err = await buildFromLogs({ from: path, size: 10, strata: ['intnet', 'language'] }).catch((e: unknown) => e);
    expect(isAssayError(err, 'STRATA_FIELD_UNKNOWN')).toBe(true);
    const e = err as { message: string; hint: string; issues: { path: string; message: string }[] };
    expect(e.message).toContain("'intnet'");
    expect(e.issues).toEqual([
      { code: 'unknown_field', path: '--strata intnet', message: "not in any line; did you mean 'intent'?" },
    ]);
    expect(e.hint).toContain('trace_id, input, output, intent, language, feedback');
  });

  it('warns when a strata field is missing from most lines, with singular and plural wording', async () => {
    const p = join(dir, 'sparse.jsonl');
    const rows = Array.from({ length: 40 }, (_, i) => ({
      input: `question ${i} about topic ${i * 3} and more words ${i}`,
      intent: i % 2 ? 'a' : 'b',
      ...(i < 10 && { tier: 'pro' }),
    }));
    writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n'));
    const { report } = await buildFromLogs({ from: p, size: 4, strata: ['tier'], nearDuplicateThreshold: 1 });
    expect(report.fieldWarnings).toEqual([
      "--strata field 'tier' is missing from 75.0% of the lines: their stratum is tier=(missing).",
    ]);
    expect(report.warnings).toEqual(expect.arrayContaining([...report.fieldWarnings]));
    expect(report.strataFieldPresence).toEqual([{ field: 'tier', present: 10, share: 0.25 }]);
    const thin = report.warnings.find((w) => w.includes('too few cases'))!;
    expect(thin).toMatch(/^2 strata have too few cases/);
    const one = await buildFromLogs({ from: p, size: 4, strata: ['intent'], nearDuplicateThreshold: 1 });
    expect(one.report.fieldWarnings).toEqual([]);
    expect(one.report.warnings.find((w) => w.includes('too few cases'))).toMatch(/^2 strata have/);
    const single = await buildFromLogs({ from: p, size: 4, strata: [], nearDuplicateThreshold: 1 });
    expect(single.report.warnings.find((w) => w.includes('too few cases'))).toMatch(/^1 stratum has too few cases/);
  });

  it('reads CSV logs with line numbers as provenance', async () => {
    const p = join(dir, 'logs.csv');
    writeFileSync(p, 'input,intent\nwhere is my parcel,shipping\n"refund, please",billing\n');
    const { cases } = await buildFromLogs({ from: p, size: 5, strata: ['intent'] });
    expect(cases.map((c) => c.source).sort()).toEqual(['logs.csv:2', 'logs.csv:3']);
  });

  it('says once which fields it saw when no line has a recognised input field', async () => {
    const p = join(dir, 'noinput.jsonl');
    writeFileSync(
      p,
      Array.from({ length: 60 }, (_, i) => JSON.stringify({ text: `hello ${i}`, intent: 'a' })).join('\n'),
    );
    const err = await buildFromLogs({ from: p, size: 5, strata: [] }).catch((e: unknown) => e);
    expect(isAssayError(err, 'LOGS_NO_INPUT')).toBe(true);
    expect((err as Error).message).toBe(
      `No line of ${p} has an input: 60 lines have no input in any of input, prompt, question, query, messages (first: lines 1, 2, 3, 4, 5); fields seen: text, intent.`,
    );
    expect((err as { hint: string }).hint).toBe('Name the input field with --input-field.');
    const { cases } = await buildFromLogs({
      from: p,
      size: 5,
      strata: [],
      inputField: 'text',
      nearDuplicateThreshold: 1,
    });
    expect(cases).toHaveLength(5);
  });

  it('refuses neyman allocation without feedback and warns about strata without any', async () => {
    const p = join(dir, 'nofeedback.jsonl');
    writeFileSync(
      p,
      Array.from({ length: 40 }, (_, i) =>
        JSON.stringify({
          input: `question ${i} about item ${i * 7} and more ${i * 3}`,
          intent: i % 2 ? 'a' : 'b',
          ...(i % 2 === 1 && i < 10 && { feedback: 'down' }),
        }),
      ).join('\n'),
    );
    const none = await buildFromLogs({
      from: p,
      size: 10,
      strata: ['intent'],
      allocation: 'neyman',
      feedbackField: 'rating',
    }).catch((e: unknown) => e);
    expect(isAssayError(none, 'NEYMAN_NEEDS_FEEDBACK')).toBe(true);
    const some = await buildFromLogs({ from: p, size: 10, strata: ['intent'], allocation: 'neyman' });
    expect(some.report.warnings).toContain(
      "--allocation neyman: 1 stratum has no feedback in 'feedback' and is allocated as if half its traffic failed: intent=b.",
    );
  });

  it('refuses seeds that would silently alias another seed', async () => {
    for (const seed of [1.9, 2 ** 32 + 1, -1]) {
      const err = await buildFromLogs({ from: path, size: 5, strata: [], seed }).catch((e: unknown) => e);
      expect(isAssayError(err, 'BUILD_OPTIONS_INVALID')).toBe(true);
    }
  });

  it('rejects bad options with every problem listed', async () => {
    const err = await buildFromLogs({ from: path, size: 0, strata: [], nearDuplicateThreshold: 2 }).catch(
      (e: unknown) => e,
    );
    expect(isAssayError(err, 'BUILD_OPTIONS_INVALID')).toBe(true);
    expect((err as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      '--size',
      '--near-dup-threshold',
    ]);
  });
});
