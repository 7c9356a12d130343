import { Hono } from 'hono';
import { onlineStatus } from '../../analysis/online/online-status.js';
import type { OnlineResponse } from '../api-types.js';
import { traceStoreOf } from '../../online/ingest.js';
import { onlineStoreOf } from '../../online/online-run.js';
import type { Store } from '../../store/store.js';
import { QueryParams } from '../params.js';

const WINDOWS = ['hour', 'day'] as const;

/**
 * `GET /api/online?eval=&window=hour|day&windows=25&segment=user.tier`: the same status as
 * `assay online status --json` (default alert settings: the server does not read eval files).
 */
export function onlineRoutes(store: Store): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const q = new QueryParams(c.req.url);
    const asked = q.string('eval');
    const window = q.oneOf('window', WINDOWS) ?? 'hour';
    const count = q.int('windows', 25, 1, 24 * 90);
    const segment = q.string('segment');
    q.done();
    const online = onlineStoreOf(store);
    const evals = await online.evals();
    const evalName = asked ?? evals[0];
    if (evalName === undefined) return c.json({ evals, status: null } satisfies OnlineResponse);
    const now = new Date();
    const since = new Date(now.getTime() - count * (window === 'hour' ? 3_600_000 : 86_400_000));
    const status = onlineStatus({
      evalName,
      window,
      since,
      now,
      segmentBy: segment ? segment.split(',') : [],
      scores: await online.list(evalName, since.toISOString()),
      traffic: await traceStoreOf(store).volume(since.toISOString(), window),
    });
    return c.json({ evals, status } satisfies OnlineResponse);
  });
  return app;
}
