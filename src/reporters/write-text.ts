import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AssayError } from '../core/errors.js';
import type { ReporterOptions } from './types.js';

/** Writes a reporter's text to its `out` file (creating folders), or to standard output. */
export async function writeText(text: string, options: ReporterOptions): Promise<void> {
  if (!options.out) {
    (options.stdout ?? process.stdout).write(text);
    return;
  }
  const path = resolve(options.out);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new AssayError(
      'REPORT_WRITE_FAILED',
      `Could not write the report to ${options.out}: ${(error as Error).message}`,
      {
        hint: 'Check that the folder is writable, or pass another --out path.',
        cause: error,
      },
    );
  }
}
