import { Hono } from 'hono';
import { z } from 'zod';
import { AssayError, issueCodeOf } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import type { StoredReview } from '../../store/types.js';
import type { ComparisonCache } from '../comparison-cache.js';
import { QueryParams } from '../params.js';
import { reviewQueueView, saveReview } from '../views/review-queue.js';

const STATUSES: readonly StoredReview['status'][] = ['pending', 'done', 'skipped'];

const ReviewBody = z
  .object({
    runId: z.string().min(1),
    caseId: z.string().min(1),
    repeat: z.number().int().min(0),
    grader: z.string().min(1),
    status: z.enum(['pending', 'done', 'skipped']),
    reviewer: z.string().max(200).nullish(),
    label: z.string().max(200).nullish(),
    score: z.number().min(0).max(1).nullish(),
    comment: z.string().max(10_000).nullish(),
  })
  .strict();

/** `/api/reviews`: the human review queue and saving a review. */
export function reviewsRoutes(store: Store, comparisons: ComparisonCache): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const q = new QueryParams(c.req.url);
    const query = {
      runId: q.string('run'),
      grader: q.string('grader'),
      status: q.oneOf('status', STATUSES),
      caseId: q.string('case'),
      limit: q.int('limit', 20, 1, 200),
      offset: q.int('offset', 0, 0, Number.MAX_SAFE_INTEGER),
    };
    q.done();
    return c.json(await reviewQueueView(store, query));
  });

  app.post('/', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch (error) {
      throw new AssayError('API_BAD_BODY', 'The request body is not valid JSON.', {
        hint: 'Send a JSON object; see docs/api.md (POST /api/reviews).',
        cause: error,
      });
    }
    const parsed = ReviewBody.safeParse(body);
    if (!parsed.success) {
      throw new AssayError('API_BAD_BODY', 'The review is not valid.', {
        issues: parsed.error.issues.map((i) => ({
          code: issueCodeOf(i.code),
          path: i.path.join('.') || '(body)',
          message: i.message,
        })),
        hint: 'Send { runId, caseId, repeat, grader, status: "pending"|"done"|"skipped", label?, score? (0–1), comment?, reviewer? }.',
      });
    }
    const saved = await saveReview(store, parsed.data);
    comparisons.invalidate(parsed.data.runId);
    return c.json(saved);
  });

  return app;
}
