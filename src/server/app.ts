import { Hono } from 'hono';
import { AssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import type { ApiErrorBody } from './api-types.js';
import { ComparisonCache } from './comparison-cache.js';
import { errorResponse } from './http-errors.js';
import { analysisRoutes } from './routes/analysis-routes.js';
import { reviewsRoutes } from './routes/reviews-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { onlineRoutes } from './routes/online-routes.js';
import { runsRoutes } from './routes/runs-routes.js';
import { apiGuard, checkToken, isLoopbackHost, securityHeaders, setTokenCookie } from './security.js';
import { defaultWebRoot, loadStaticAssets, NOT_BUILT_PAGE } from './static-assets.js';

export interface AppOptions {
  readonly store: Store;
  /** When set, every `/api/` call must carry it. Required when `host` is not a loopback address. */
  readonly token?: string;
  /** The address the server binds to; only used to insist on a token off loopback. */
  readonly host?: string;
  /** The built dashboard (default: the package's `web/dist/`). */
  readonly webRoot?: string;
  /** The token every ingest call (`/v1/traces`, `/api/traces`, `/api/feedback`) must carry; none disables ingest. */
  readonly ingestToken?: string;
  /** Largest ingest body in bytes (default 16 MiB). */
  readonly maxIngestBytes?: number;
}

/**
 * The dashboard as a fetch-style app: the JSON API under `/api/` and the built web app.
 * It needs no port, so tests call `app.request(path)` directly.
 *
 * @example
 * const app = createApp({ store: await openStore() });
 * const res = await app.request('/api/runs?eval=support-bot&limit=10');
 * const { runs } = await res.json();
 */
export function createApp(options: AppOptions): Hono {
  const { store, token } = options;
  if (options.host !== undefined && !isLoopbackHost(options.host) && token === undefined) {
    throw new AssayError(
      'SERVER_TOKEN_REQUIRED',
      `Serving on ${options.host} without a token would expose every run to the network.`,
      {
        hint: 'Pass a token (startServer generates one), or bind to 127.0.0.1.',
      },
    );
  }
  if (token !== undefined) checkToken(token);
  if (options.ingestToken !== undefined) checkToken(options.ingestToken);
  const assets = loadStaticAssets(options.webRoot ?? defaultWebRoot());
  const app = new Hono();
  app.onError((error, c) => errorResponse(error, c));
  app.use('*', securityHeaders);

  // Ingest first: it has its own token, so the dashboard's guard does not apply to it.
  app.route('/', ingestRoutes(store, options.ingestToken, options.maxIngestBytes));
  const comparisons = new ComparisonCache(store);
  const api = new Hono();
  api.use('*', apiGuard(token));
  api.route('/runs', runsRoutes(store));
  api.route('/reviews', reviewsRoutes(store, comparisons));
  api.route('/online', onlineRoutes(store));
  api.route('/', analysisRoutes(store, comparisons));
  api.all('*', (c) =>
    c.json(
      {
        error: {
          code: 'API_NOT_FOUND',
          message: `No API endpoint ${c.req.method} ${c.req.path}.`,
          hint: 'See docs/api.md for the endpoints.',
        },
      } satisfies ApiErrorBody,
      404,
    ),
  );
  app.route('/api', api);

  app.get('*', (c) => {
    const url = new URL(c.req.url);
    const given = url.searchParams.get('token');
    if (token !== undefined && given === token) {
      // First page load with the printed URL: keep the token in a cookie and drop it from the address bar.
      setTokenCookie(c, token);
      url.searchParams.delete('token');
      // Same origin only: `//evil.example/` as a path would be a protocol-relative redirect off-site.
      return c.redirect(`/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`, 302);
    }
    const asset = assets.get(url.pathname);
    if (asset) {
      c.header('Cache-Control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      return c.body(asset.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': asset.type });
    }
    if (/\.[a-z0-9]+$/i.test(url.pathname)) return c.text('Not found', 404);
    const index = assets.get('/index.html');
    c.header('Cache-Control', 'no-cache');
    return c.html(index ? new TextDecoder().decode(index.body) : NOT_BUILT_PAGE, index ? 200 : 503);
  });
  return app;
}
