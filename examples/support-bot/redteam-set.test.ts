import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/datasets/load-dataset.js';
import { writeCasesJsonl } from '../../src/datasets/write-cases-jsonl.js';
import { generateAttacks } from '../../src/redteam/generate-attacks.js';
import { selectAttacks } from '../../src/redteam/select-attacks.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('the committed support-bot red-team set', () => {
  it('is exactly what `assay redteam generate --per-case 1 --seed 7` makes from cases.jsonl', async () => {
    const seeds = await loadDataset(join(here, 'cases.jsonl'), { baseDir: here });
    const { cases } = generateAttacks(seeds.cases, { families: selectAttacks([]), perCase: 1, seed: 7 });
    const out = join(mkdtempSync(join(tmpdir(), 'assay-rt-')), 'redteam.jsonl');
    await writeCasesJsonl(out, cases);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(here, 'redteam.jsonl'), 'utf8'));
  });
});
