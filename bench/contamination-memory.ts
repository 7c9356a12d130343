/**
 * Memory of `dataset check --against` as the corpus grows: the eval set's n-grams are indexed
 * and the corpus is streamed past them, so memory should not grow with the corpus. Prints the
 * peak RSS of a fresh process per corpus size, the marginal bytes per corpus word between the
 * smallest and the largest corpus, and the words per second.
 *
 *   npx tsx bench/contamination-memory.ts [maxWords=10000000]
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Case } from '../src/core/types.js';
import { findContamination } from '../src/datasets/check/contamination.js';
import { streamCorpus } from '../src/datasets/check/load-corpus.js';
import { createRng } from '../src/stats/index.js';

const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);

function evalCases(): Case[] {
  const rng = createRng(1);
  return Array.from({ length: 1000 }, (_, i) => ({
    id: `c${i}`,
    input: Array.from({ length: 25 }, () => VOCAB[rng.int(VOCAB.length)]).join(' '),
    slice: 'typical',
    metadata: {},
    weight: 1,
  }));
}

async function child(path: string): Promise<void> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const r = await findContamination(evalCases(), [{ name: path, texts: streamCorpus(path) }]);
  const ms = performance.now() - start;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ ms, peak, found: r.contaminated.length }));
}

async function writeCorpus(path: string, words: number): Promise<void> {
  const rng = createRng(2);
  const cases = evalCases();
  const out = createWriteStream(path);
  let written = 0;
  let line = 0;
  while (written < words) {
    line++;
    // Every 1,000th line carries an eval input, so the scan finds something.
    const text =
      line % 1000 === 0
        ? String(cases[(line / 1000) % cases.length].input)
        : Array.from({ length: 100 }, () => VOCAB[rng.int(VOCAB.length)]).join(' ');
    written += text.split(' ').length;
    if (!out.write(`${JSON.stringify({ text })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]);
  const max = Number(process.argv[2] ?? 10_000_000);
  const sizes = [...new Set([Math.min(1_000_000, max), max])];
  const dir = mkdtempSync(join(tmpdir(), 'assay-contam-'));
  const self = fileURLToPath(import.meta.url);
  try {
    console.log(
      'dataset check --against: 1,000 eval inputs of 25 words, 5-gram overlap, JSONL corpus of 100-word lines',
    );
    console.log('corpus words   wall s   words/s     peak RSS MB   findings');
    const rows: { words: number; peak: number }[] = [];
    for (const words of sizes) {
      const path = join(dir, `corpus-${words}.jsonl`);
      await writeCorpus(path, words);
      const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', path], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const m = JSON.parse(r.stdout) as { ms: number; peak: number; found: number };
      rows.push({ words, peak: m.peak });
      console.log(
        `${String(words).padEnd(14)} ${(m.ms / 1000).toFixed(1).padStart(6)}   ${Math.round(words / (m.ms / 1000))
          .toLocaleString('en-US')
          .padStart(9)}   ${(m.peak / 2 ** 20).toFixed(1).padStart(11)}   ${m.found}`,
      );
    }
    if (rows.length > 1) {
      const [a, b] = [rows[0], rows[rows.length - 1]];
      const perWord = (b.peak - a.peak) / (b.words - a.words);
      console.log(
        `marginal memory: ${perWord.toFixed(2)} B per corpus word (was ≈190 B with every 13-gram held); 100M words → ${((b.peak + perWord * (1e8 - b.words)) / 2 ** 30).toFixed(2)} GB projected`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
