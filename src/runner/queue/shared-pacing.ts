import type PgBoss from 'pg-boss';
import { sleep } from '../../targets/transport/backoff.js';
import type { Pacer, PacingProvider } from '../../targets/transport/pacing.js';
import { createRateLimiter } from '../../targets/transport/rate-limiter.js';

// One row per target: the next free request slot and the end of any pause, in milliseconds of
// the database's clock (so machines with skewed clocks still agree). The slot is reserved with
// the same virtual scheduling as the in-process limiter, in one atomic upsert.
const NOW = 'extract(epoch FROM clock_timestamp()) * 1000';
const PAUSE_REFRESH_MS = 200;

/**
 * Pacing shared by every worker through Postgres: a target's `rateLimit` (requests per
 * minute) holds across all workers together, and a `Retry-After` seen by one worker pauses
 * them all. One small query per request with a rate limit; without one, pauses are read at
 * most every 200 ms.
 */
export async function createSharedPacing(db: PgBoss.Db, schema: string): Promise<PacingProvider> {
  const table = `"${schema}".assay_pacing`;
  try {
    await db.executeSql(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, next_slot DOUBLE PRECISION NOT NULL DEFAULT 0,
         paused_until DOUBLE PRECISION NOT NULL DEFAULT 0)`,
      [],
    );
  } catch (error) {
    // Two workers starting at once race on CREATE TABLE IF NOT EXISTS; the loser sees a duplicate.
    if (!['23505', '42P07'].includes((error as { code?: string }).code ?? '')) throw error;
  }
  const reserve = `INSERT INTO ${table} AS p (key, next_slot) VALUES ($1, ${NOW} + $2)
    ON CONFLICT (key) DO UPDATE SET next_slot = GREATEST(p.next_slot, ${NOW}, p.paused_until) + $2
    RETURNING p.next_slot - $2 - ${NOW} AS wait`;
  const pausedFor = `SELECT paused_until - ${NOW} AS wait FROM ${table} WHERE key = $1`;
  const pause = `INSERT INTO ${table} AS p (key, paused_until) VALUES ($1, ${NOW} + $2)
    ON CONFLICT (key) DO UPDATE SET paused_until = GREATEST(p.paused_until, excluded.paused_until)`;
  const pacers = new Map<string, Pacer>();
  return (key, requestsPerMinute) => {
    const id = `${key}\u0000${requestsPerMinute ?? ''}`;
    let pacer = pacers.get(id);
    if (pacer) return pacer;
    const interval = requestsPerMinute === undefined ? 0 : 60_000 / requestsPerMinute;
    // If the database cannot be reached for a moment, pace this process alone rather than fail the trial.
    const fallback = requestsPerMinute === undefined ? undefined : createRateLimiter({ requestsPerMinute });
    // Without a rate limit only pauses matter: read them at most every PAUSE_REFRESH_MS (a
    // Retry-After reaches every worker within that), not once per request.
    let pausedUntil = 0;
    let checked = -Infinity;
    let refreshing: Promise<void> | undefined;
    const knownPause = async (): Promise<number> => {
      if (performance.now() - checked >= PAUSE_REFRESH_MS) {
        refreshing ??= db
          .executeSql(pausedFor, [key])
          .then(({ rows }) => {
            const wait = Number((rows[0] as { wait?: number } | undefined)?.wait ?? 0);
            pausedUntil = Math.max(pausedUntil, performance.now() + wait);
            checked = performance.now();
          })
          .finally(() => (refreshing = undefined));
        await refreshing;
      }
      return pausedUntil - performance.now();
    };
    const reserved = async (): Promise<number> => {
      const { rows } = await db.executeSql(reserve, [key, interval]);
      return Number((rows[0] as { wait?: number } | undefined)?.wait ?? 0);
    };
    pacer = {
      async acquire(signal) {
        try {
          // A slot reserved before another worker's pause began is given up: wait out the pause, then reserve again.
          const next = (): Promise<number> => (interval > 0 ? reserved() : knownPause());
          for (let wait = await next(); wait > 0; wait = await next()) {
            await sleep(wait, signal);
            if (interval === 0) continue;
            checked = -Infinity;
            const paused = await knownPause();
            if (paused <= 0) return;
            await sleep(paused, signal);
          }
        } catch (error) {
          if (signal?.aborted) throw error;
          await fallback?.acquire(signal);
        }
      },
      pause(ms) {
        pausedUntil = Math.max(pausedUntil, performance.now() + ms);
        db.executeSql(pause, [key, ms]).catch(() => undefined);
      },
    };
    pacers.set(id, pacer);
    return pacer;
  };
}
