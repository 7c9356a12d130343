import type { SandboxBackend } from './run-sandboxed.js';

/**
 * No isolation: the program runs on the host, as this user, with only the rlimits, the scrubbed
 * environment, the temporary working directory and the wall-clock kill of its process group.
 * Chosen only by an explicit `sandbox: none`, and announced with a warning on every run.
 */
export const noneBackend: SandboxBackend = {
  name: 'none',
  // No isolation means no change of user either: the code runs as whoever runs Assay.
  dropsPrivileges: true,
  argv(_dirs, inner) {
    return [...inner];
  },
};
