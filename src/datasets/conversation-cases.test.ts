import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAssayError } from '../core/errors.js';
import { loadDataset } from './load-dataset.js';
import { parseCase } from './parse-case.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-conv-cases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function issuesOf(lines: unknown[]): Promise<string[]> {
  const file = join(dir, `cases-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
  try {
    await loadDataset(file, { baseDir: dir });
    return [];
  } catch (error) {
    if (!isAssayError(error)) throw error;
    return error.issues.map((i) => `${i.path.replace(/^.*\//, '')}: ${i.message}`);
  }
}

describe('conversation cases', () => {
  it('accepts turns and a simulated user, with input optional', () => {
    const turns = parseCase({ id: 'a', turns: [{ user: 'Hi' }, { user: 'Refund?', expected: 'ok' }] }, 'x:1');
    expect(turns.case).toMatchObject({ input: [], turns: [{ user: 'Hi' }, { user: 'Refund?', expected: 'ok' }] });
    const sim = parseCase({ id: 'b', simulatedUser: { persona: 'p', goal: 'g' } }, 'x:2');
    expect(sim.case?.simulatedUser).toEqual({ persona: 'p', goal: 'g', maxTurns: 5 });
  });

  it('reports every bad turn and simulated-user field by line', async () => {
    const issues = await issuesOf([
      { id: 'a', turns: [{ usr: 'Hi' }, { user: 3, graders: 'includes' }] },
      { id: 'b', simulatedUser: { persona: '', goal: 'g', maxTurns: 0, mood: 'x' } },
      { id: 'c', turns: [{ user: 'Hi' }], simulatedUser: { persona: 'p', goal: 'g' } },
    ]);
    expect(issues).toEqual([
      expect.stringMatching(/:1: turns\[0\]\.usr: unknown field/),
      expect.stringMatching(/:1: turns\[0\]\.user: is required/),
      expect.stringMatching(/:1: turns\[1\]\.user: must be a string or a list of parts/),
      expect.stringMatching(/:1: turns\[1\]\.graders: must be a list of graders/),
      expect.stringMatching(/:2: simulatedUser\.mood: unknown field/),
      expect.stringMatching(/:2: simulatedUser\.persona: is required/),
      expect.stringMatching(/:2: simulatedUser\.maxTurns: must be a whole number from 1 to 100, got 0/),
      expect.stringMatching(/:3: turns: a case has either scripted turns or a simulatedUser, not both/),
    ]);
  });
});

describe('image content parts', () => {
  it('checks image files next to the dataset: a missing one is a file:line error', async () => {
    writeFileSync(join(dir, 'cat.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const image = (path: string) => ({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', path },
      ],
    });
    const issues = await issuesOf([
      { id: 'ok', input: [image('cat.png')] },
      { id: 'gone', input: [image('dog.png')] },
      { id: 'turn', turns: [{ user: [{ type: 'image', path: 'bird.jpg', alt: 'a bird' }] }] },
    ]);
    expect(issues).toEqual([
      expect.stringMatching(/\.jsonl:2: image: no file dog\.png next to the dataset/),
      expect.stringMatching(/\.jsonl:3: image: no file bird\.jpg next to the dataset/),
    ]);
  });

  it('validates parts: one source per image, URLs that are https or data:image', async () => {
    const issues = await issuesOf([
      {
        input: [
          {
            role: 'user',
            content: [
              { type: 'image' },
              { type: 'image', url: 'javascript:alert(1)' },
              { type: 'image', url: 'https://x.test/a.png', path: 'a.png' },
              { type: 'video', url: 'https://x.test/a.mp4' },
              { type: 'text', text: 'hi', bold: true },
            ],
          },
        ],
      },
    ]);
    expect(issues).toEqual([
      expect.stringMatching(/input\[0\]\.content\[0\]: an image needs exactly one of "url"/),
      expect.stringMatching(/input\[0\]\.content\[1\]\.url: must be an http\(s\) URL or a data:image/),
      expect.stringMatching(/input\[0\]\.content\[2\]: an image needs exactly one of "url"/),
      expect.stringMatching(/input\[0\]\.content\[3\]\.type: must be "text" or "image"/),
      expect.stringMatching(/input\[0\]\.content\[4\]\.bold: unknown field/),
    ]);
  });
});
