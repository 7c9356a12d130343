import { Hono } from 'hono';
import type { RunStatus } from '../../core/types.js';
import type { Store } from '../../store/store.js';
import type { TrialOutcome } from '../../store/types.js';
import type { RunSortField } from '../api-types.js';
import { QueryParams } from '../params.js';
import { caseDetailView } from '../views/case-detail.js';
import { listRunsView } from '../views/list-runs.js';
import { runDetailView } from '../views/run-detail.js';
import { trialPageView } from '../views/trial-page.js';

const STATUSES: readonly RunStatus[] = ['running', 'completed', 'interrupted', 'failed'];
const SORTS: readonly string[] = ['startedAt', 'eval', 'status', 'passRate', 'errors', 'cost'].flatMap((f) => [
  f,
  `-${f}`,
]);
const OUTCOMES: readonly TrialOutcome[] = ['pass', 'fail', 'error', 'pending'];

/** `/api/runs…`: the run list, one run's summary, its case table, and one case. */
export function runsRoutes(store: Store): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = new QueryParams(c.req.url);
    const sort = q.oneOf('sort', SORTS);
    const query = {
      eval: q.string('eval'),
      status: q.oneOf('status', STATUSES),
      search: q.string('search'),
      sort: sort ? { field: sort.replace(/^-/, '') as RunSortField, descending: sort.startsWith('-') } : undefined,
      limit: q.int('limit', 50, 1, 500),
      offset: q.int('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    };
    q.done();
    return c.json(await listRunsView(store, query));
  });

  app.get('/:runId', async (c) => c.json(await runDetailView(store, c.req.param('runId'))));

  app.get('/:runId/trials', async (c) => {
    const q = new QueryParams(c.req.url);
    const query = {
      slice: q.string('slice'),
      segment: q.segment('segment'),
      grader: q.string('grader'),
      outcome: q.oneOf('outcome', OUTCOMES),
      search: q.string('search'),
      limit: q.int('limit', 50, 1, 500),
      offset: q.int('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    };
    q.done();
    return c.json(await trialPageView(store, c.req.param('runId'), query));
  });

  app.get('/:runId/cases/:caseId', async (c) =>
    c.json(await caseDetailView(store, c.req.param('runId'), c.req.param('caseId'))),
  );

  return app;
}
