import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Case } from '../../core/types.js';
import { loadTools } from './load-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const caseOf = (id: string): Case => ({ id, input: 'q', slice: 'typical', metadata: {}, weight: 1 });
const parameters = { type: 'object', properties: { orderId: { type: 'string' } } };
const run = (toolbox: Awaited<ReturnType<typeof loadTools>>, name: string, args: unknown, id = 'c1') =>
  toolbox!.run(
    { id: 'call_1', name, arguments: args as Record<string, unknown> },
    { testCase: caseOf(id), signal: new AbortController().signal },
  );
const issuesOf = (promise: Promise<unknown>) =>
  promise.then(
    () => [] as { path: string; message: string }[],
    (error: { issues?: { path: string; message: string }[] }) => error.issues ?? [],
  );

describe('loadTools', () => {
  it('answers from a fixed value and per case, with a default and a tool error when a case has none', async () => {
    const toolbox = await loadTools(
      [
        { name: 'status', parameters, result: { value: { ok: true } } },
        { name: 'lookup_order', parameters, result: { byCase: { c1: { status: 'shipped' } } } },
        { name: 'refund', parameters, result: { byCase: { c1: 'done' }, default: 'not eligible' } },
      ],
      { baseDir: dir },
    );
    expect((await run(toolbox, 'status', {})).value).toEqual({ ok: true });
    expect((await run(toolbox, 'lookup_order', { orderId: 'A' })).value).toEqual({ status: 'shipped' });
    const missing = await run(toolbox, 'lookup_order', { orderId: 'A' }, 'c2');
    expect(missing.error).toMatch(/no result for case 'c2'/);
    expect(missing.content).toMatch(/^Error: /);
    expect((await run(toolbox, 'refund', {}, 'c9')).value).toBe('not eligible');
  });

  it('answers from a replay file: the most specific matching line wins', async () => {
    writeFileSync(
      join(dir, 'tools.jsonl'),
      [
        { tool: 'lookup_order', result: 'unknown order' },
        { tool: 'lookup_order', arguments: { orderId: 'A-1' }, result: 'shipped' },
        { tool: 'lookup_order', caseId: 'c2', arguments: { orderId: 'A-1' }, result: 'lost' },
        { tool: 'refund', error: 'refunds are down' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const toolbox = await loadTools(
      [
        { name: 'lookup_order', parameters, result: { replay: 'tools.jsonl' } },
        { name: 'refund', parameters, result: { replay: 'tools.jsonl' } },
      ],
      { baseDir: dir },
    );
    expect((await run(toolbox, 'lookup_order', { orderId: 'A-1' })).value).toBe('shipped');
    expect((await run(toolbox, 'lookup_order', { orderId: 'A-1' }, 'c2')).value).toBe('lost');
    expect((await run(toolbox, 'lookup_order', { orderId: 'Z' })).value).toBe('unknown order');
    expect((await run(toolbox, 'refund', {})).error).toMatch(/refunds are down/);
  });

  it('reports every bad tool at once, with its path, and bad replay lines by file:line', async () => {
    const issues = await issuesOf(
      loadTools(
        [
          { name: 'a', parameters, result: { value: 1 } },
          { name: 'a', parameters, result: { value: 2 } },
          { parameters, result: { value: 3 } },
          { name: 'b', parameters, result: { nope: true } },
        ],
        { baseDir: dir },
      ),
    );
    const paths = issues.map((i) => i.path);
    expect(paths).toContain('tools[1].name');
    expect(paths.some((p) => p.startsWith('tools[2]'))).toBe(true);
    expect(paths.some((p) => p.startsWith('tools[3]'))).toBe(true);
    writeFileSync(join(dir, 'bad.jsonl'), '{"tool":"x","result":1}\nnot json\n{"result":2}\n');
    const bad = await issuesOf(
      loadTools([{ name: 'x', parameters, result: { replay: 'bad.jsonl' } }], { baseDir: dir }),
    );
    expect(bad.map((i) => i.path)).toEqual([
      expect.stringMatching(/bad\.jsonl:2$/),
      expect.stringMatching(/bad\.jsonl:3$/),
    ]);
  });

  it('names a module export that does not exist, with a did-you-mean', async () => {
    writeFileSync(join(dir, 'tools.mjs'), 'export function lookupOrder() { return "ok"; }\n');
    const issues = await issuesOf(
      loadTools([{ name: 'lookup_order', parameters, result: { module: 'tools.mjs', export: 'lookupOrders' } }], {
        baseDir: dir,
      }),
    );
    expect(issues[0]?.path).toBe('tools.lookup_order.result.export');
    expect(issues[0]?.message).toMatch(/lookupOrder/);
  });
});
