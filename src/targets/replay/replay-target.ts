import { relative, resolve } from 'node:path';
import { AssayError } from '../../core/errors.js';
import type { TargetFingerprint } from '../../core/types.js';
import type { Target, TargetEnvironment } from '../target.js';
import { readRecordings } from './read-recordings.js';
import type { ReplayTargetConfig } from './replay-config.js';

/**
 * Evaluates logged outputs without calling anything: each trial returns the recording for its
 * case (and repeat, when recorded per repeat). A case with no recording is a trial error.
 *
 * @example
 * const target = await createReplayTarget({ type: 'replay', path: './outputs.jsonl' }, { baseDir: '.', env: process.env });
 */
export async function createReplayTarget(config: ReplayTargetConfig, environment: TargetEnvironment): Promise<Target> {
  const path = resolve(environment.baseDir, config.path);
  const shown = relative(process.cwd(), path) || path;
  const recordings = await readRecordings(path, shown);
  const name = config.name ?? `replay:${config.path}`;
  const fingerprint: TargetFingerprint = Object.freeze({
    kind: 'replay',
    name,
    promptHash: recordings.contentHash.slice(0, 12),
    params: { path: config.path },
  });
  return {
    name,
    fingerprint: () => fingerprint,
    async call(testCase, ctx) {
      const output = recordings.get(testCase.id, ctx.repeat);
      if (output === undefined) {
        const recorded = recordings.recordedRepeats(testCase.id);
        const others = recorded ? ` (recorded repeats: ${recorded.repeats.join(', ')})` : '';
        throw new AssayError(
          'REPLAY_NO_RECORDING',
          `No recorded output for case '${testCase.id}'${recorded ? ` repeat ${ctx.repeat}` : ''} in ${shown}${others}.`,
          {
            hint: `Add a line { "caseId": "${testCase.id}", "output": … } to ${shown}, or filter the dataset to the recorded cases.`,
          },
        );
      }
      return output;
    },
    close: async () => recordings.close(),
  };
}
