import { existsSync } from 'node:fs';
import type { SandboxBackend } from './run-sandboxed.js';
import { SANDBOX_ENV } from './sandbox-user.js';

/** Where the private working directory appears inside the sandbox. */
export const SANDBOX_WORKDIR = '/sandbox';

/**
 * bubblewrap: new user, PID, network, IPC, UTS and cgroup namespaces; a root of read-only
 * `/usr` (with the usual `/bin`, `/lib` links), a fresh `/proc`, a minimal `/dev`, an empty
 * `/tmp`, and the working directory. The host's home, project and `/etc` are not mounted.
 * As root, bwrap itself starts as the sandbox user (it then uses an unprivileged user namespace).
 */
export const bwrapBackend: SandboxBackend = {
  name: 'bwrap',
  dropsPrivileges: false,
  argv(dirs, inner, request) {
    const env = Object.entries(SANDBOX_ENV).flatMap(([k, v]) => ['--setenv', k, v]);
    const toolchain = (request.toolchain ?? []).flatMap((dir) => ['--ro-bind', dir, dir]);
    return [
      'bwrap',
      '--unshare-all',
      '--die-with-parent',
      '--new-session',
      '--clearenv',
      ...env,
      '--ro-bind',
      '/usr',
      '/usr',
      ...usrMergeLinks(),
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      ...toolchain,
      '--bind',
      dirs.work,
      SANDBOX_WORKDIR,
      '--chdir',
      SANDBOX_WORKDIR,
      '--',
      ...inner,
    ];
  },
};

/** `/bin`, `/lib`… as links into `/usr` (merged-/usr systems) or as read-only binds where they are real folders. */
export function usrMergeLinks(): string[] {
  return ['bin', 'sbin', 'lib', 'lib64', 'lib32'].flatMap((dir) => {
    if (!existsSync(`/${dir}`)) return [];
    return existsSync(`/usr/${dir}`) ? ['--symlink', `usr/${dir}`, `/${dir}`] : ['--ro-bind', `/${dir}`, `/${dir}`];
  });
}
