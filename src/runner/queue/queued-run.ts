import type { EvalOverrides } from '../../config/resolve-eval.js';
import type { StoredRun } from '../../store/types.js';

/**
 * What a worker needs to rebuild a queued run's eval, stored with the run under `queue`:
 * the eval file (relative to the coordinator's working folder, as workers run from the same
 * checkout) and the command-line options it was run with. No secrets: keys stay in each
 * machine's environment.
 */
export interface QueuedRunConfig {
  readonly file: string;
  readonly overrides: EvalOverrides;
  readonly useCache: boolean;
}

export function queuedRunConfig(run: StoredRun): QueuedRunConfig | undefined {
  const q = run.config.queue as Partial<QueuedRunConfig> | undefined;
  if (!q || typeof q.file !== 'string') return undefined;
  return { file: q.file, overrides: q.overrides ?? {}, useCache: q.useCache !== false };
}

/** `*` matches within a folder, `**` across folders, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
