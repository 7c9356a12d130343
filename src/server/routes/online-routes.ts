import { Hono } from 'hono';
import { readOnlineReport } from '../../analysis/online/online-report.js';
import type { OnlineResponse } from '../api-types.js';
import { onlineStoreOf } from '../../online/online-run.js';
import type { Store } from '../../store/store.js';
import { QueryParams } from '../params.js';

const WINDOWS = ['hour', 'day'] as const;

/**
 * `GET /api/online?eval=&window=hour|day&windows=25&segment=user.tier&evalSet=main`: the same
 * report as `assay online status --json` (default alert settings: the server does not read eval
 * files), with the eval set's segment mix beside production's when `evalSet` names a run,
 * baseline or eval.
 */
export function onlineRoutes(store: Store): Hono {
  const app = new Hono();
  app.get('/', async (c) => {
    const q = new QueryParams(c.req.url);
    const asked = q.string('eval');
    const window = q.oneOf('window', WINDOWS) ?? 'hour';
    const count = q.int('windows', 25, 1, 24 * 90);
    const segment = q.string('segment');
    const evalSet = q.string('evalSet');
    q.done();
    const online = onlineStoreOf(store);
    const evals = await online.evals();
    const evalName = asked ?? evals[0];
    if (evalName === undefined) return c.json({ evals, status: null } satisfies OnlineResponse);
    const now = new Date();
    const since = new Date(now.getTime() - count * (window === 'hour' ? 3_600_000 : 86_400_000));
    const status = await readOnlineReport(store, {
      evalName,
      window,
      since,
      now,
      segmentBy: segment ? segment.split(',') : [],
      evalSet,
    });
    return c.json({ evals, status } satisfies OnlineResponse);
  });
  return app;
}
