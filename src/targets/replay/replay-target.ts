import { relative, resolve } from 'node:path';
import { AssayError } from '../../core/errors.js';
import { contentHash } from '../../core/hash.js';
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
    promptHash: contentHash(recordings.text),
    params: { path: config.path },
  });
  return {
    name,
    fingerprint: () => fingerprint,
    async call(testCase, ctx) {
      const entry = recordings.byCase.get(testCase.id);
      const output = entry?.repeats.get(ctx.repeat) ?? entry?.any;
      if (output === undefined) {
        const others = entry
          ? ` (recorded repeats: ${[...entry.repeats.keys()].sort((a, b) => a - b).join(', ')})`
          : '';
        throw new AssayError(
          'REPLAY_NO_RECORDING',
          `No recorded output for case '${testCase.id}'${entry ? ` repeat ${ctx.repeat}` : ''} in ${shown}${others}.`,
          {
            hint: `Add a line { "caseId": "${testCase.id}", "output": … } to ${shown}, or filter the dataset to the recorded cases.`,
          },
        );
      }
      return structuredClone(output);
    },
  };
}
