import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAssayError } from '../../core/errors.js';
import type { Case } from '../../core/types.js';
import { meetsCondition, parseLogCondition, promoteFromLogs } from './promote-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-promote-logs-'));
const readJsonl = (p: string) =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Case);
const question = (i: number) => `question ${i} about order ${i * 17} and the refund of item ${i * 31} please`;

/** 40 lines: every 4th has negative feedback (spelled three ways), one is not JSON, one repeats an earlier failure. */
function writeLogs(): string {
  const lines: string[] = [];
  const spellings = ['down', 'thumbs_down', 0];
  for (let i = 0; i < 40; i++) {
    const negative = i % 4 === 0;
    lines.push(
      JSON.stringify({
        trace_id: `t${i}`,
        input: question(i),
        output: `answer ${i}`,
        metadata: { intent: i % 8 === 0 ? 'billing' : 'shipping', language: 'en' },
        feedback: negative ? spellings[(i / 4) % 3] : 'up',
      }),
    );
  }
  lines.splice(5, 0, 'not json');
  lines.push(
    JSON.stringify({ trace_id: 't99', input: `${question(4).toUpperCase()}!`, output: 'again', feedback: 'down' }),
  );
  const p = join(dir, 'logs.jsonl');
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

describe('promoteFromLogs', () => {
  it('redacts PII before dedup with --redact-pii: inputs that differ only in an email are one case', async () => {
    const p = join(dir, 'pii.jsonl');
    const rows = ['ann@example.com', 'bob@example.org', 'cy@example.net'].map((email, i) => ({
      trace_id: `e${i}`,
      input: `I am ${email}, my refund for the blue jacket never arrived`,
      output: `mail ${email}`,
      feedback: 'down',
    }));
    writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n'));
    const to = join(dir, 'pii-regression.jsonl');
    const r = await promoteFromLogs({ from: p, to, redactPii: true });
    expect(r.added).toEqual(['e0']);
    expect(r.skipped.map((s) => s.kind)).toEqual(['exact', 'exact']);
    expect(r.redacted).toMatchObject({ enabled: true, email: 6 });
    const [c] = readJsonl(to);
    expect(c.input).toBe('I am [EMAIL], my refund for the blue jacket never arrived');
    expect(c.metadata.failedOutput).toBe('mail [EMAIL]');
    expect(readFileSync(to, 'utf8')).not.toContain('@example');
  });

  it('parses and applies --where conditions, with feedback polarity on the feedback field', () => {
    expect(parseLogCondition('feedback=negative')).toEqual({ field: 'feedback', op: '=', value: 'negative' });
    expect(parseLogCondition(' intent != smalltalk ')).toEqual({ field: 'intent', op: '!=', value: 'smalltalk' });
    expect(parseLogCondition('query=a=b')).toEqual({ field: 'query', op: '=', value: 'a=b' });
    expect(
      isAssayError(
        (() => {
          try {
            parseLogCondition('feedback');
          } catch (e) {
            return e;
          }
        })(),
        'WHERE_INVALID',
      ),
    ).toBe(true);
    const neg = parseLogCondition('feedback=negative');
    expect(meetsCondition({ feedback: 'thumbs_down' }, neg, 'feedback')).toBe(true);
    expect(meetsCondition({ feedback: false }, neg, 'feedback')).toBe(true);
    expect(meetsCondition({ feedback: 'up' }, neg, 'feedback')).toBe(false);
    expect(meetsCondition({}, neg, 'feedback')).toBe(false);
    // Elsewhere values compare as text: "no" is not a polarity on another field.
    expect(meetsCondition({ resolved: 'false' }, parseLogCondition('resolved=no'), 'feedback')).toBe(false);
    expect(meetsCondition({ metadata: { intent: 'Billing' } }, parseLogCondition('intent=billing'), 'feedback')).toBe(
      true,
    );
  });

  it('promotes negative-feedback lines with provenance, skipping repeats and cases already present', async () => {
    const from = writeLogs();
    const to = join(dir, 'regression.jsonl');
    // Already there: t0 by id, question 8 as an exact copy, question 12 as a near-duplicate.
    writeFileSync(
      to,
      [
        { id: 't0', input: 'something else entirely' },
        { id: 'old-8', input: question(8) },
        { id: 'old-12', input: `${question(12)} today` },
      ]
        .map((c) => JSON.stringify(c))
        .join('\n'),
    );
    const r = await promoteFromLogs({ from, to });
    expect(r).toMatchObject({ runId: null, where: ['feedback=negative'], lines: 42, selected: 11 });
    expect(r.issues.map((i) => i.path)).toEqual(['logs.jsonl:6']);
    expect(r.added).toEqual(['t4', 't16', 't20', 't24', 't28', 't32', 't36']);
    expect(r.skipped).toEqual([
      { caseId: 't0', duplicateOf: 't0', kind: 'id' },
      { caseId: 't8', duplicateOf: 'old-8', kind: 'exact' },
      { caseId: 't12', duplicateOf: 'old-12', kind: 'near' },
      { caseId: 't99', duplicateOf: 't4', kind: 'exact' },
    ]);
    const rows = readJsonl(to);
    expect(rows).toHaveLength(10);
    expect(rows[3]).toEqual({
      id: 't4',
      input: question(4),
      slice: 'regression',
      weight: 1,
      source: 't4',
      metadata: {
        intent: 'shipping',
        language: 'en',
        feedback: 'thumbs_down',
        promotedFrom: 'logs.jsonl',
        promotedBecause: 'feedback=negative',
        failedOutput: 'answer 4',
      },
    });
    const again = await promoteFromLogs({ from, to });
    expect(again.added).toEqual([]);
    expect(again.skipped).toHaveLength(11);
    expect(readJsonl(to)).toHaveLength(10);
  });

  it('reads CSV traces, combines conditions, and uses file:line provenance without a trace id', async () => {
    const from = join(dir, 'traces.csv');
    writeFileSync(
      from,
      'input,intent,status\nwhere is my parcel number 1,shipping,error\n"refund, please, order 2",billing,error\nreset my password for account 3,account,ok\n',
    );
    const to = join(dir, 'csv-regression.jsonl');
    const r = await promoteFromLogs({
      from,
      to,
      where: [parseLogCondition('status=error'), parseLogCondition('intent!=billing')],
    });
    expect(r.added).toEqual(['line-2']);
    expect(readJsonl(to)[0]).toMatchObject({
      id: 'line-2',
      source: 'traces.csv:2',
      metadata: { intent: 'shipping', status: 'error', promotedBecause: 'status=error and intent!=billing' },
    });
  });

  it('rejects a --where field no line has, with a did-you-mean', async () => {
    const err = await promoteFromLogs({
      from: writeLogs(),
      to: join(dir, 'none.jsonl'),
      where: [parseLogCondition('feedbak=negative')],
    }).catch((e: unknown) => e);
    expect(isAssayError(err, 'WHERE_FIELD_UNKNOWN')).toBe(true);
    expect((err as { issues: { message: string }[] }).issues[0].message).toContain("did you mean 'feedback'?");
  });
});
