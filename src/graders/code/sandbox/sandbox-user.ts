/**
 * First uid (and gid) that sandboxed code runs as when Assay runs as root. Each execution in
 * flight gets its own uid from this range, far above login and subordinate uids, so the
 * process limit (counted per uid) of one sandbox is never used up by a fork bomb in another.
 */
export const SANDBOX_UID_BASE = 2_000_000_000;

const inUse = new Set<number>();

/** A free sandbox uid, held until `release`. */
export function acquireSandboxUid(): { readonly uid: number; release(): void } {
  let uid = SANDBOX_UID_BASE;
  while (inUse.has(uid)) uid++;
  inUse.add(uid);
  return { uid, release: () => inUse.delete(uid) };
}

/** The only variables a sandboxed program sees: no API keys, no HOME, nothing of the host's. */
export const SANDBOX_ENV: Readonly<Record<string, string>> = Object.freeze({
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'C.UTF-8',
});

/** True when this process is root, so the sandbox must drop to a sandbox uid itself. */
export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
