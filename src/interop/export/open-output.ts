import { openSync } from 'node:fs';
import { AssayError } from '../../core/errors.js';

/** Opens (creates or truncates) the output file, or says why it cannot. */
export function openOutput(out: string): number {
  try {
    return openSync(out, 'w');
  } catch (error) {
    throw new AssayError('EXPORT_WRITE_FAILED', `Could not write ${out}: ${(error as Error).message}`, {
      hint: 'Check that the folder of --out exists and is writable.',
    });
  }
}
