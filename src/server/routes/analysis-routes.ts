import { Hono } from 'hono';
import type { Correction } from '../../analysis/compare/types.js';
import type { Store } from '../../store/store.js';
import type { TrendMetric } from '../api-types.js';
import type { ComparisonCache } from '../comparison-cache.js';
import { QueryParams } from '../params.js';
import { compareView, trendFlagsView } from '../views/compare.js';
import { matrixView } from '../views/matrix.js';
import { redteamView } from '../views/redteam.js';
import { trendsView } from '../views/trends.js';

/** The same choices as `assay compare --correction`. */
const CORRECTIONS: readonly Correction[] = ['bh', 'holm', 'by', 'none'];
const METRICS: readonly TrendMetric[] = ['passRate', 'mean'];

/** `/api/compare`, `/api/trends…` and `/api/redteam`: the views that run the analysis layer. */
export function analysisRoutes(store: Store, comparisons: ComparisonCache): Hono {
  const app = new Hono();

  app.get('/compare', async (c) => {
    const q = new QueryParams(c.req.url);
    const baseline = q.required('baseline', 'a run id, a baseline name, or latest');
    const candidate = q.required('candidate', 'a run id, a baseline name, or latest');
    const options = { alpha: q.number('alpha', 0.05, 0, 1), correction: q.oneOf('correction', CORRECTIONS) };
    q.done();
    return c.json(await compareView(store, comparisons, baseline, candidate, options));
  });

  app.get('/trends', async (c) => {
    const q = new QueryParams(c.req.url);
    const query = {
      eval: q.string('eval'),
      grader: q.string('grader'),
      metric: q.oneOf('metric', METRICS),
      limit: q.int('limit', 200, 1, 1000),
    };
    q.done();
    return c.json(await trendsView(store, query));
  });

  app.get('/trends/flags', async (c) => {
    const q = new QueryParams(c.req.url);
    const evalName = q.required('eval', 'the eval whose runs to compare');
    const grader = q.required('grader', 'the grader whose verdicts to keep');
    const pairs = q.int('pairs', 5, 1, 20);
    q.done();
    return c.json(await trendFlagsView(store, comparisons, evalName, grader, pairs));
  });

  app.get('/matrix/:id', async (c) => {
    const q = new QueryParams(c.req.url);
    const options = { alpha: q.number('alpha', 0.05, 0, 1), pairs: q.oneOf('pairs', ['baseline', 'all'] as const) };
    q.done();
    return c.json(await matrixView(store, c.req.param('id'), options));
  });

  app.get('/redteam', async (c) => {
    const q = new QueryParams(c.req.url);
    const query = { eval: q.string('eval'), grader: q.string('grader'), limit: q.int('limit', 6, 1, 20) };
    q.done();
    return c.json(await redteamView(store, query));
  });

  return app;
}
