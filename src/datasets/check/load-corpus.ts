import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AssayError } from '../../core/errors.js';

/** Every string inside a JSON value, depth first. */
export function* stringLeaves(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* stringLeaves(v);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) yield* stringLeaves(v);
}

/**
 * The texts of a reference corpus file: for `.jsonl`, each string in each line's JSON (a line
 * that is not JSON counts as text); for `.json`, each string in the document; for anything
 * else (`.txt`, `.md`, prompts), the whole file as one text.
 */
export async function loadCorpusTexts(path: string): Promise<string[]> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
  } catch (_error) {
    throw new AssayError('CORPUS_NOT_FOUND', `No corpus file found at ${path}.`, {
      hint: 'Pass --against one or more files: JSONL, JSON, or plain text (prompts, documents, fine-tuning data).',
    });
  }
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
