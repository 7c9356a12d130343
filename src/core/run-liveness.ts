import { hostname } from 'node:os';

/** How often a running process writes its heartbeat. */
export const HEARTBEAT_MS = 2_000;
/** A run whose heartbeat is older than this is presumed dead when its process cannot be checked. */
export const STALE_AFTER_MS = 30_000;

/** What liveness needs to know of a stored run. */
export interface RunLivenessFields {
  readonly status: string;
  readonly heartbeatAt: string | null;
  readonly owner: string | null;
}

/** `pid@host` of this process: what a run records as its owner. */
export function currentOwner(): string {
  return `${process.pid}@${hostname()}`;
}

/**
 * Whether the process named by `owner` is alive: true or false when it ran on this machine
 * (a signal-0 probe), undefined when it ran elsewhere and only its heartbeat can tell.
 */
export function isOwnerAlive(owner: string | null): boolean | undefined {
  const at = owner?.lastIndexOf('@') ?? -1;
  if (owner === null || at <= 0 || owner.slice(at + 1) !== hostname()) return undefined;
  const pid = Number(owner.slice(0, at));
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user; ESRCH: it is gone.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True while a `running` run is held by a live process: its heartbeat is fresh and, when its
 * owner ran on this machine, that process still exists. A run stored before heartbeats
 * (no heartbeat) is never held.
 */
export function isRunHeld(run: RunLivenessFields, now = Date.now()): boolean {
  if (run.status !== 'running' || run.heartbeatAt === null) return false;
  if (isOwnerAlive(run.owner) === false) return false;
  return now - Date.parse(run.heartbeatAt) < STALE_AFTER_MS;
}

/** `stale` for a run stored as `running` whose process is gone; otherwise its stored status. */
export function displayStatus(run: RunLivenessFields, now = Date.now()): string {
  return run.status === 'running' && !isRunHeld(run, now) ? 'stale' : run.status;
}
