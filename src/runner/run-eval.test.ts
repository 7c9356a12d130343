import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEvalFile } from '../config/load-eval-file.js';
import { resolveEval } from '../config/resolve-eval.js';
import { runEval } from '../run-eval.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import type { RunEvent } from './run-events.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-run-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = Array.from({ length: 30 }, (_, i) =>
  JSON.stringify({ id: `c${i}`, input: `q${i}`, slice: i % 3 === 0 ? 'edge' : 'typical' }),
);
writeFileSync(join(dir, 'cases.jsonl'), `${cases.join('\n')}\n`);

async function run(name: string, target: string) {
  const file = join(dir, `${name}.eval.yaml`);
  writeFileSync(
    file,
    [
      `name: ${name}`,
      'dataset: ./cases.jsonl',
      `target: ${target}`,
      'concurrency: 4',
      'graders:',
      '  - { type: includes, name: has-q, value: q }',
      '',
    ].join('\n'),
  );
  const store = await openStore({ location: join(dir, `${name}.db`) });
  // The cases are stored only once every trial has finished: the trials must not wait for
  // them, and the summary must.
  let allDone!: () => void;
  const trialsDone = new Promise<void>((resolve) => (allDone = resolve));
  const datasets: Store['datasets'] = {
    ...store.datasets,
    create: async (input) => {
      await trialsDone;
      await store.datasets.create(input);
    },
  };
  const slowStore = new Proxy(store, {
    get: (target, key) => {
      if (key === 'datasets') return datasets;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const onEvent = (event: RunEvent) => {
    if (event.kind === 'trial' && event.done === event.total) allDone();
  };
  try {
    const ev = await resolveEval(await loadEvalFile(file));
    const result = await runEval({ store: slowStore, eval: ev, gitCommit: null, onEvent });
    return {
      result,
      version: ev.dataset.version,
      dataset: await store.datasets.get(ev.dataset.version),
      stored: await store.datasets.listCases(ev.dataset.version),
    };
  } finally {
    await store.close();
  }
}

describe('executeRun: the cases are stored while the trials run', () => {
  it('has every case stored by the time the summary reads them, slices included', async () => {
    const { result, dataset, stored } = await run('echo', "{ type: mock, reply: 'a {{input}}' }");
    expect(result.status).toBe('completed');
    expect(dataset?.caseCount).toBe(30);
    expect(stored.map((c) => c.id)).toEqual(Array.from({ length: 30 }, (_, i) => `c${i}`));
    expect(result.summary.counts.trials).toBe(30);
    // The summary's segments come from the stored cases: they were there when it ran.
    expect(JSON.stringify(result.summary)).toContain('edge');
  });

  it('stores the cases of a run whose every trial failed', async () => {
    const { result, dataset } = await run(
      'broken',
      "{ type: openai, model: m, baseUrl: 'http://127.0.0.1:9/v1', retries: 0 }",
    );
    expect(result.status).toBe('failed');
    expect(dataset?.caseCount).toBe(30);
  });
});

describe('executeRun: onTrialsDone', () => {
  it('is called once, after the last trial and before the summary', async () => {
    const file = join(dir, 'hook.eval.yaml');
    writeFileSync(
      file,
      [
        'name: hook',
        'dataset: ./cases.jsonl',
        "target: { type: mock, reply: 'a {{input}}' }",
        'graders:',
        '  - { type: includes, name: has-q, value: q }',
        '',
      ].join('\n'),
    );
    const store = await openStore({ location: join(dir, 'hook.db') });
    const seen: string[] = [];
    try {
      const ev = await resolveEval(await loadEvalFile(file));
      await runEval({
        store,
        eval: ev,
        gitCommit: null,
        onEvent: (event) => {
          if (event.kind === 'trial' && event.done === event.total) seen.push('last trial');
        },
        onTrialsDone: () => void seen.push('trials done'),
        onRunFinished: async () => void seen.push('summarized'),
      });
    } finally {
      await store.close();
    }
    expect(seen).toEqual(['last trial', 'trials done', 'summarized']);
  });
});

describe('runEval: the summary of a new run', () => {
  it('is folded from the trials the run wrote, with the numbers a read of the store gives', async () => {
    const file = join(dir, 'written.eval.yaml');
    writeFileSync(
      file,
      [
        'name: written',
        'dataset: ./cases.jsonl',
        "target: { type: mock, reply: 'a {{input}}' }",
        'repeats: 2',
        'concurrency: 7',
        'graders:',
        '  - { type: includes, name: has-q, value: q }',
        "  - { type: regex, name: ends-7, pattern: '7$' }",
        '',
      ].join('\n'),
    );
    const store = await openStore({ location: join(dir, 'written.db') });
    let scans = 0;
    const trials: Store['trials'] = {
      ...store.trials,
      scanColumns: async (...args) => {
        scans++;
        return store.trials.scanColumns(...args);
      },
    };
    const counting = new Proxy(store, {
      get: (target, key) => {
        if (key === 'trials') return trials;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    try {
      const ev = await resolveEval(await loadEvalFile(file));
      const first = await runEval({ store: counting, eval: ev, gitCommit: null });
      expect(scans).toBe(0);
      const { summarizeRun } = await import('../analysis/summarize-run.js');
      expect(first.summary).toEqual(await summarizeRun(store, first.runId));
      // A resumed run also holds trials written before: its summary reads them from the store.
      const resumed = await runEval({ store: counting, eval: ev, gitCommit: null, resume: first.runId });
      expect(scans).toBe(1);
      expect({ ...resumed.summary, finishedAt: null }).toEqual({ ...first.summary, finishedAt: null });
    } finally {
      await store.close();
    }
  });
});
