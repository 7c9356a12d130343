import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticLogLines } from '../logs/synthetic-logs.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-heap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const probe = fileURLToPath(new URL('../../../test/fixtures/dataset-design/measure-heap.ts', import.meta.url));

describe('buildFromLogs memory', () => {
  it('keeps the live heap and external memory flat from 50K to 200K lines', async () => {
    const path = join(dir, 'logs.jsonl');
    const out = createWriteStream(path);
    for (const l of syntheticLogLines({ lines: 200_000, seed: 3 }))
      if (!out.write(`${l.json}\n`)) await once(out, 'drain');
    out.end();
    await once(out, 'close');
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, path], {
      encoding: 'utf8',
      timeout: 110_000,
    });
    expect(r.stderr).toBe('');
    const samples = JSON.parse(r.stdout) as [number, number][];
    const at = (n: number) => samples.find(([lines]) => lines === n)![1];
    expect(samples).toHaveLength(20);
    // Every distinct line kept in memory would add ≥ 20 MB over these 150K lines (~330 B a line).
    const growthMb = (at(200_000) - at(50_000)) / 2 ** 20;
    expect(growthMb).toBeLessThan(3);
    // Two passes over 200K lines on a shared machine: a bound on hangs, not a speed test.
  }, 120_000);
});
