/** The uid and gid that sandboxed code runs as when Assay runs as root (`nobody` on Debian and Fedora). */
export const SANDBOX_UID = 65534;
export const SANDBOX_GID = 65534;

/** The only variables a sandboxed program sees: no API keys, no HOME, nothing of the host's. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
});

/** True when this process is root, so the sandbox must drop to `SANDBOX_UID` itself. */
export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * `setpriv` arguments that drop to the sandbox user with no capabilities and no way to gain
 * any (no_new_privs), for use when Assay runs as root.
 */
export function dropPrivileges(): string[] {
  return [
    'setpriv', `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_GID}`, '--clear-groups',
    '--inh-caps=-all', '--bounding-set=-all', '--no-new-privs', '--',
  ];
}
