import type PgBoss from 'pg-boss';
import { AssayError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';

/** What a queue needs from the store: the same Postgres database, a schema of its own. */
export interface QueueConnection {
  readonly connectionString: string;
  /** pg-boss's tables live in `<store schema>_queue` (`assay_queue` beside `public`). */
  readonly schema: string;
}

/** One (case, repeat) of the run. */
export interface TrialRef {
  readonly caseId: string;
  readonly repeat: number;
}

/**
 * One job in the queue: a few trials of the run (the run is the queue). A job is the unit of
 * fetching, leasing and completing, so batching trials into jobs keeps the queue's own work
 * (a sort of the waiting jobs per fetch, an update per completion) small per trial.
 */
export interface TrialJob {
  readonly trials: readonly TrialRef[];
}

const QUEUE_PREFIX = 'assay_trials_';

/** Every run has its own queue, so two runs on one store never mix trials. */
export function queueName(runId: string): string {
  return `${QUEUE_PREFIX}${runId}`;
}

export function runIdOfQueue(name: string): string | undefined {
  return name.startsWith(QUEUE_PREFIX) ? name.slice(QUEUE_PREFIX.length) : undefined;
}

export const QUEUE_HINT =
  'Point --store (or $ASSAY_STORE) at a Postgres store, e.g. --store postgres://user@host:5432/db.';

/** The queue connection of a store; only a Postgres store can hold a queue that other machines share. */
export function queueConnectionOf(store: Store): QueueConnection {
  const connection = (store as Partial<{ connection: { connectionString: string; schema: string } }>).connection;
  if (store.kind !== 'postgres' || connection === undefined) {
    throw new AssayError(
      'QUEUE_NEEDS_POSTGRES',
      `Trials can only be queued in a Postgres store; ${store.location} is ${store.kind}.`,
      {
        hint: QUEUE_HINT,
      },
    );
  }
  const schema = connection.schema === 'public' ? 'assay_queue' : `${connection.schema}_queue`;
  return { connectionString: connection.connectionString, schema };
}

// A variable specifier keeps TypeScript and bundlers from loading pg-boss for SQLite users.
const PG_BOSS_MODULE = 'pg-boss';

/**
 * Starts pg-boss on the store's database (installing its schema on first use). Every process
 * supervises: pg-boss takes turns so one of them expires lost leases every few seconds.
 */
export async function startBoss(
  connection: QueueConnection,
  options: { readonly maxConnections?: number } = {},
): Promise<PgBoss> {
  let Boss: typeof PgBoss;
  try {
    const mod = (await import(PG_BOSS_MODULE)) as { default?: typeof PgBoss };
    Boss = mod.default ?? (mod as unknown as typeof PgBoss);
  } catch (error) {
    throw new AssayError('QUEUE_DRIVER_MISSING', 'Queued runs need the optional package `pg-boss`.', {
      hint: 'Install it with: npm install pg-boss@10 pg',
      cause: error,
    });
  }
  const boss = new Boss({
    connectionString: connection.connectionString,
    schema: connection.schema,
    max: options.maxConnections ?? 4,
    application_name: 'assay-queue',
    supervise: true,
    maintenanceIntervalSeconds: 5,
    schedule: false,
    // Completed jobs leave the queue soon, so that a finished run's queue can be deleted.
    archiveCompletedAfterSeconds: 60,
  });
  // Maintenance errors (a lost connection) recur at the next interval; the worker loop reports its own.
  boss.on('error', () => undefined);
  await boss.start();
  return boss;
}
