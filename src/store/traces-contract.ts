import { describe, expect, it } from 'vitest';
import type { Store } from './store.js';
import type { OnlineScore, TraceRecord } from './trace-types.js';

function trace(traceId: string, spanId: string, timestamp: string, extra: Partial<TraceRecord> = {}): TraceRecord {
  return {
    traceId,
    spanId,
    input: [{ role: 'user', content: `question ${traceId}` }],
    output: `answer ${traceId}`,
    metadata: { 'user.tier': traceId === 't2' ? 'pro' : 'free', vip: true },
    timestamp,
    latencyMs: 12.5,
    model: 'gpt-x',
    inputTokens: 10,
    outputTokens: 4,
    status: 'ok',
    error: null,
    source: 'api',
    ...extra,
  };
}

function score(traceId: string, grader: string, pass: boolean | null, extra: Partial<OnlineScore> = {}): OnlineScore {
  return {
    eval: 'prod',
    traceId,
    spanId: '',
    timestamp: '2026-03-01T10:15:00.000Z',
    sampled: true,
    weight: 20,
    grader,
    value: pass === null ? Number.NaN : pass ? 1 : 0,
    pass,
    reason: pass ? 'ok' : null,
    error: pass === null ? 'judge timed out' : null,
    metadata: { 'user.tier': 'free' },
    ...extra,
  };
}

/** Rows of an `assay sql` answer as objects, JSON columns parsed (stores print JSON differently). */
function objects(store: Store, text: string, jsonColumns: readonly string[]): Promise<Record<string, unknown>[]> {
  return store
    .sql!.query(text)
    .then((result) =>
      result.rows.map((row) =>
        Object.fromEntries(
          result.columns.map((c, i) => [
            c,
            jsonColumns.includes(c) && typeof row[i] === 'string' ? JSON.parse(row[i] as string) : row[i],
          ]),
        ),
      ),
    );
}

/**
 * The online rooms of a store (traces, feedback, online scores) and their `assay sql` views:
 * the same behaviour on every store that keeps traces. Each store's test file calls this.
 */
export function describeTracesContract(name: string, createStore: () => Promise<Store>): void {
  describe(`${name} traces contract`, () => {
    it('upserts traces by (trace, span), moving a re-sent one to the end of the ingestion order', async () => {
      const store = await createStore();
      const traces = store.traces!;
      expect(
        await traces.write([
          trace('t1', '', '2026-03-01T10:05:00.000Z'),
          trace('t2', 'ab', '2026-03-01T10:06:00.000Z', { status: 'error', error: 'boom', output: null }),
          trace('t3', '', '2026-03-01T11:00:00.000Z', { inputTokens: null, latencyMs: null, model: null }),
        ]),
      ).toBe(3);
      expect(await traces.write([trace('t1', '', '2026-03-01T10:07:00.000Z', { output: 'second copy' })])).toBe(1);
      expect(await traces.count()).toBe(3);
      const all = await traces.list();
      expect(all.map((t) => t.traceId)).toEqual(['t2', 't3', 't1']);
      expect(all[0].seq).toBeLessThan(all[1].seq);
      expect(all[1].seq).toBeLessThan(all[2].seq);
      const [t1] = await traces.list({ traceId: 't1' });
      expect(t1).toMatchObject({
        spanId: '',
        output: 'second copy',
        timestamp: '2026-03-01T10:07:00.000Z',
        input: [{ role: 'user', content: 'question t1' }],
        metadata: { 'user.tier': 'free', vip: true },
        latencyMs: 12.5,
        inputTokens: 10,
        outputTokens: 4,
        status: 'ok',
        source: 'api',
      });
      expect(typeof t1.seq).toBe('number');
      expect(all[0]).toMatchObject({ status: 'error', error: 'boom', output: null, spanId: 'ab' });
      expect(all[1]).toMatchObject({ inputTokens: null, latencyMs: null, model: null });
      expect((await traces.list({ afterSeq: all[0].seq, limit: 1 })).map((t) => t.traceId)).toEqual(['t3']);
      await store.close();
    });

    it('keeps the last copy when one batch holds a (trace, span) twice', async () => {
      const store = await createStore();
      await store.traces!.write([
        trace('t1', 's', '2026-03-01T10:00:00.000Z', { output: 'first' }),
        trace('t1', 's', '2026-03-01T10:00:00.000Z', { output: 'last' }),
      ]);
      expect((await store.traces!.list()).map((t) => t.output)).toEqual(['last']);
      await store.close();
    });

    it('joins feedback by trace id and counts traffic and feedback per window', async () => {
      const store = await createStore();
      await store.traces!.write([
        trace('t1', '', '2026-03-01T10:05:00.000Z'),
        trace('t2', '', '2026-03-01T10:59:59.000Z', { status: 'error', error: 'x' }),
        trace('t3', '', '2026-03-01T11:00:00.000Z'),
        trace('old', '', '2026-02-01T00:00:00.000Z'),
      ]);
      const down = await store.feedback!.add({ traceId: 't1', score: null, thumb: 'down', comment: 'wrong <b>' });
      await store.feedback!.add({ traceId: 't1', score: 0.8, thumb: null, comment: null });
      await store.feedback!.add({ traceId: 'unknown', score: null, thumb: 'up', comment: null });
      expect(down).toMatchObject({ traceId: 't1', thumb: 'down', comment: 'wrong <b>', score: null });
      expect(typeof down.id).toBe('number');
      expect((await store.feedback!.list('t1')).map((f) => [f.thumb, f.score])).toEqual([
        ['down', null],
        [null, 0.8],
      ]);
      expect(await store.feedback!.list()).toHaveLength(3);
      const hours = await store.traces!.volume('2026-03-01T00:00:00.000Z', 'hour');
      const traffic = hours.filter((w) => w.traces > 0);
      expect(traffic).toEqual([
        { start: '2026-03-01T10:00:00.000Z', traces: 2, errors: 1, feedback: 0, thumbsDown: 0 },
        { start: '2026-03-01T11:00:00.000Z', traces: 1, errors: 0, feedback: 0, thumbsDown: 0 },
      ]);
      const feedback = hours.filter((w) => w.feedback > 0);
      expect(feedback.reduce((a, w) => a + w.feedback, 0)).toBe(3);
      expect(feedback.reduce((a, w) => a + w.thumbsDown, 0)).toBe(1);
      const days = await store.traces!.volume('2026-03-01T00:00:00.000Z', 'day');
      expect(days.find((w) => w.start === '2026-03-01T00:00:00.000Z')).toMatchObject({ traces: 3, errors: 1 });
      await store.close();
    });

    it('upserts online scores, lists them by time, and keeps a cursor per eval', async () => {
      const store = await createStore();
      const online = store.online!;
      await online.write([
        score('t1', 'judge', true),
        score('t1', 'judge', false),
        score('t2', 'judge', null, { timestamp: '2026-03-01T09:00:00.000Z', sampled: false, weight: 1 }),
        score('t3', 'rule', true, { eval: 'other' }),
      ]);
      await online.write([score('t4', 'judge', true, { timestamp: '2026-03-01T11:00:00.000Z' })]);
      const rows = await online.list('prod');
      expect(rows.map((r) => [r.traceId, r.pass, r.sampled])).toEqual([
        ['t2', null, false],
        ['t1', false, true],
        ['t4', true, true],
      ]);
      expect(rows[0].value).toBeNaN();
      expect(rows[0].error).toBe('judge timed out');
      expect(rows[1]).toMatchObject({ weight: 20, value: 0, metadata: { 'user.tier': 'free' }, reason: null });
      expect((await online.list('prod', '2026-03-01T10:00:00.000Z')).map((r) => r.traceId)).toEqual(['t1', 't4']);
      expect(await online.evals()).toEqual(['other', 'prod']);
      expect(await online.cursor('prod')).toBe(0);
      await online.setCursor('prod', 41);
      await online.setCursor('prod', 42);
      expect(await online.cursor('prod')).toBe(42);
      expect(await online.cursor('other')).toBe(0);
      await store.close();
    });

    it('shows traces and feedback to `assay sql` with the documented columns', async () => {
      const store = await createStore();
      if (!store.sql) return void (await store.close());
      await store.traces!.write([trace('t1', 'ab', '2026-03-01T10:05:00.000Z')]);
      await store.feedback!.add({ traceId: 't1', score: 1, thumb: 'up', comment: 'great' });
      const [row] = await objects(store, 'SELECT * FROM traces', ['input', 'output', 'metadata']);
      expect(row).toEqual({
        trace_id: 't1',
        span_id: 'ab',
        seq: expect.any(Number) as unknown,
        timestamp: '2026-03-01T10:05:00.000Z',
        ingested_at: expect.any(String) as unknown,
        source: 'api',
        model: 'gpt-x',
        status: 'ok',
        error: null,
        latency_ms: 12.5,
        input_tokens: 10,
        output_tokens: 4,
        input: [{ role: 'user', content: 'question t1' }],
        output: 'answer t1',
        metadata: { 'user.tier': 'free', vip: true },
      });
      const feedback = await objects(store, 'SELECT * FROM feedback', []);
      expect(feedback).toEqual([
        {
          id: expect.any(Number) as unknown,
          trace_id: 't1',
          score: 1,
          thumb: 'up',
          comment: 'great',
          created_at: expect.any(String) as unknown,
        },
      ]);
      const joined = await store.sql.query(
        "SELECT t.trace_id, f.thumb FROM traces t JOIN feedback f ON f.trace_id = t.trace_id WHERE t.metadata ->> 'user.tier' = 'free'",
      );
      expect(joined.rows).toEqual([['t1', 'up']]);
      await store.close();
    });
  });
}
