import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface StaticAsset {
  readonly body: Uint8Array;
  readonly type: string;
  /** Vite names built files by content hash, so they can be cached for good. */
  readonly immutable: boolean;
}

/** `web/dist/` beside this file's package root: the same relative path from `src/` and `dist/`. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../web/dist/', import.meta.url));
}

/**
 * Loads the built dashboard into memory once. Only these files are ever served: a request
 * path is a key lookup, never a file-system path, so no request can read another file.
 */
export function loadStaticAssets(root: string): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  if (!existsSync(root)) return assets;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const key = `/${relative(root, path).split(sep).join('/')}`;
        assets.set(key, {
          body: readFileSync(path),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          immutable: key.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  return assets;
}

/** The dashboard's icon as a data URI, so no page asks the server for `/favicon.ico` (and logs a 404). */
export const FAVICON_LINK = `<link rel="icon" type="image/svg+xml" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%23151a26'/%3E%3C/svg%3E">`;

/** Shown when the web assets were never built, so the API still works and the fix is named. */
export const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Assay</title>${FAVICON_LINK}
<body><h1>The dashboard is not built</h1>
<p>The API under <code>/api/</code> works, but the web assets are missing.</p>
<p>Build them with <code>npm run build:web</code> and restart <code>assay ui</code>.</p></body>`;
