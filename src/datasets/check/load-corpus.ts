import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AssayError } from '../../core/errors.js';
import type { CorpusText } from './contamination.js';

/** Every string inside a JSON value, depth first. */
export function* stringLeaves(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringLeaves(v);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) yield* stringLeaves(v);
}

/** Rejects a path that is not a readable file, naming it. */
export async function assertCorpusFile(path: string): Promise<void> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch (_error) {
    throw new AssayError('CORPUS_NOT_FOUND', `No corpus file found at ${path}.`, {
      hint: 'Pass --against one or more files: JSONL, JSON, or plain text (prompts, documents, fine-tuning data).',
    });
  }
}

/**
 * The texts of a corpus file as a stream, each with the line it starts on, so a corpus of any
 * size is read in bounded memory: for `.jsonl`, each string in each line's JSON (a line that
 * is not JSON counts as text); for `.json`, each string of the document; for anything else,
 * each paragraph (lines up to a blank line).
 */
export async function* streamCorpus(path: string): AsyncGenerator<CorpusText> {
  await assertCorpusFile(path);
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) {
    for (const text of await loadCorpusTexts(path)) yield { text, line: 1 };
    return;
  }
  const jsonl = lower.endsWith('.jsonl') || lower.endsWith('.ndjson');
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  let paragraph: string[] = [];
  let start = 1;
  for await (const line of lines) {
    n++;
    if (jsonl) {
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (_error) {
        // A corpus line that is not JSON is still text that may leak into the eval set.
        yield { text: line, line: n };
        continue;
      }
      for (const text of stringLeaves(parsed)) yield { text, line: n };
      continue;
    }
    if (line.trim() === '') {
      if (paragraph.length > 0) yield { text: paragraph.join('\n'), line: start };
      paragraph = [];
      continue;
    }
    if (paragraph.length === 0) start = n;
    paragraph.push(line);
  }
  if (paragraph.length > 0) yield { text: paragraph.join('\n'), line: start };
}

/**
 * The texts of a reference corpus file: for `.jsonl`, each string in each line's JSON (a line
 * that is not JSON counts as text); for `.json`, each string in the document; for anything
 * else (`.txt`, `.md`, prompts), the whole file as one text.
 */
export async function loadCorpusTexts(path: string): Promise<string[]> {
  await assertCorpusFile(path);
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) {
    const texts: string[] = [];
    const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      try {
        texts.push(...stringLeaves(JSON.parse(line)));
      } catch (_error) {
        // A corpus line that is not JSON is still text that may leak into the eval set.
        texts.push(line);
      }
    }
    return texts;
  }
  const raw = await readFile(path, 'utf8');
  if (lower.endsWith('.json')) {
    try {
      return [...stringLeaves(JSON.parse(raw))];
    } catch (_error) {
      return [raw];
    }
  }
  return [raw];
}
