import { describe, expect, it } from 'vitest';
import type { Case, TargetOutput, ToolCall, TrajectoryMessage } from '../../core/types.js';
import { runGrader } from '../run-grader.js';
import { createGrader } from '../registry.js';
import type { Grader } from '../grader.js';

const testCase: Case = { id: 'c', input: 'refund A-1', slice: 'typical', metadata: {}, weight: 1 };
const ctx = { signal: new AbortController().signal, runId: 'r', repeat: 0, useCache: false };
const env = { baseDir: '.', env: {} };

/** A hand-built trajectory: each entry is a model step with its tool calls (results echo), then a final answer. */
function trajectory(
  calls: (ToolCall | ToolCall[])[],
  answer = 'Done.',
  stop: 'final_answer' | 'max_steps' = 'final_answer',
) {
  const messages: TrajectoryMessage[] = [{ role: 'user', content: 'refund A-1', turn: 0 }];
  calls.forEach((step, i) => {
    const list = (Array.isArray(step) ? step : [step]).map((c, k) => ({ ...c, id: `c${i}_${k}` }));
    messages.push({ role: 'assistant', content: '', toolCalls: list, turn: 0 });
    for (const c of list) messages.push({ role: 'tool', toolCallId: c.id, name: c.name, content: '{}', turn: 0 });
  });
  if (stop === 'final_answer') messages.push({ role: 'assistant', content: answer, turn: 0 });
  const steps = Array.from({ length: calls.length + (stop === 'final_answer' ? 1 : 0) }, () => ({
    turn: 0,
    latencyMs: 1,
  }));
  return {
    text: stop === 'final_answer' ? answer : '',
    trajectory: { messages, steps, stopReason: stop, turns: 1 },
  } satisfies TargetOutput;
}

const lookup = (id = 'A-1'): ToolCall => ({ name: 'lookup_order', arguments: { id, verbose: true } });
const refund = (amount = 20): ToolCall => ({ name: 'refund', arguments: { orderId: 'A-1', amount } });
const escalate: ToolCall = { name: 'escalate', arguments: { reason: 'angry' } };

async function grade(spec: object, output: TargetOutput) {
  const grader: Grader = await createGrader(spec as never, env);
  return runGrader(grader, testCase, output, ctx);
}

describe('tool-called', () => {
  it('matches arguments as a subset, exactly, or by JSON Schema', async () => {
    const out = trajectory([lookup(), refund(20)]);
    expect((await grade({ type: 'tool-called', tool: 'refund' }, out)).pass).toBe(true);
    expect((await grade({ type: 'tool-called', tool: 'lookup_order', arguments: { id: 'A-1' } }, out)).pass).toBe(true);
    const exact = await grade(
      { type: 'tool-called', tool: 'lookup_order', arguments: { id: 'A-1' }, match: 'exact' },
      out,
    );
    expect(exact.pass).toBe(false);
    expect(exact.reason).toContain('0 with matching arguments (exact)');
    const schema = { type: 'object', properties: { amount: { type: 'number', maximum: 50 } }, required: ['amount'] };
    expect((await grade({ type: 'tool-called', tool: 'refund', arguments: schema, match: 'schema' }, out)).pass).toBe(
      true,
    );
    const big = trajectory([refund(500)]);
    expect((await grade({ type: 'tool-called', tool: 'refund', arguments: schema, match: 'schema' }, big)).pass).toBe(
      false,
    );
    const never = await grade({ type: 'tool-called', tool: 'escalate' }, out);
    expect(never).toMatchObject({ pass: false, value: 0, reason: 'escalate was never called' });
  });

  it('rejects a schema that is not one, before any trial', async () => {
    await expect(
      createGrader({ type: 'tool-called', tool: 'refund', arguments: { type: 'nonsense' }, match: 'schema' }, env),
    ).rejects.toThrow(/misconfigured/);
  });
});

describe('tool-sequence', () => {
  const out = trajectory([lookup(), escalate, refund()]);
  it('exact needs these calls and no others', async () => {
    expect(
      (await grade({ type: 'tool-sequence', tools: ['lookup_order', 'escalate', 'refund'], mode: 'exact' }, out)).pass,
    ).toBe(true);
    const r = await grade({ type: 'tool-sequence', tools: ['lookup_order', 'refund'], mode: 'exact' }, out);
    expect(r.pass).toBe(false);
    expect(r.reason).toBe('exact: expected lookup_order → refund, got lookup_order → escalate → refund');
  });
  it('in-order allows gaps but not a swap, and scores the matched prefix', async () => {
    expect((await grade({ type: 'tool-sequence', tools: ['lookup_order', 'refund'] }, out)).pass).toBe(true);
    const swapped = await grade({ type: 'tool-sequence', tools: ['refund', 'lookup_order'] }, out);
    expect(swapped).toMatchObject({ pass: false, value: 0.5 });
  });
  it('any-order only needs each call', async () => {
    expect(
      (await grade({ type: 'tool-sequence', tools: ['refund', 'lookup_order'], mode: 'any-order' }, out)).pass,
    ).toBe(true);
    const twice = await grade({ type: 'tool-sequence', tools: ['refund', 'refund'], mode: 'any-order' }, out);
    expect(twice).toMatchObject({ pass: false, value: 0.5 });
  });
});

describe('no-tool, max-steps and final-answer', () => {
  it('no-tool forbids the named tools, or every tool', async () => {
    const out = trajectory([lookup()]);
    expect((await grade({ type: 'no-tool', tools: ['refund'] }, out)).pass).toBe(true);
    const any = await grade({ type: 'no-tool' }, out);
    expect(any.pass).toBe(false);
    expect(any.reason).toBe('forbidden call: lookup_order({"id":"A-1","verbose":true})');
    expect((await grade({ type: 'no-tool' }, trajectory([]))).pass).toBe(true);
  });

  it('max-steps fails a loop stopped by the limit and one over its own max', async () => {
    expect((await grade({ type: 'max-steps', max: 3 }, trajectory([lookup(), refund()]))).pass).toBe(true);
    expect((await grade({ type: 'max-steps', max: 2 }, trajectory([lookup(), refund()]))).reason).toBe(
      '3 model calls, over the limit of 2',
    );
    const stopped = await grade({ type: 'max-steps' }, trajectory([lookup(), lookup()], '', 'max_steps'));
    expect(stopped.pass).toBe(false);
    expect(stopped.reason).toMatch(/stopped by the step limit/);
  });

  it('final-answer applies a rule grader to the last assistant message only', async () => {
    const out = trajectory([{ name: 'refund', arguments: { note: 'refunded' } }], 'Your money is on its way.');
    expect((await grade({ type: 'final-answer', grader: { type: 'includes', value: 'on its way' } }, out)).pass).toBe(
      true,
    );
    expect((await grade({ type: 'final-answer', grader: { type: 'includes', value: 'refunded' } }, out)).pass).toBe(
      false,
    );
    await expect(
      createGrader({ type: 'final-answer', grader: { type: 'judge.rubric' } } as never, env),
    ).rejects.toThrow(/misconfigured/);
  });
});
