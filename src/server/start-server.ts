import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { AssayError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { createApp } from './app.js';
import { generateToken, isLoopbackHost } from './security.js';

export interface StartServerOptions {
  readonly store: Store;
  /** Default 127.0.0.1. Any other address requires a token. */
  readonly host?: string;
  /** Default 4400; 0 picks a free port. */
  readonly port?: number;
  /** Default: none on loopback, a fresh random one elsewhere. */
  readonly token?: string;
  readonly webRoot?: string;
  /** The ingest token (default: $ASSAY_INGEST_TOKEN, else a fresh random one). */
  readonly ingestToken?: string;
  readonly maxIngestBytes?: number;
}

export interface RunningServer {
  /**
   * The URL to open; carries `?token=` when a token is required. A wildcard bind (`0.0.0.0`,
   * `::`) is not an address a browser can open, so the URL then names this machine's loopback.
   */
  readonly url: string;
  /** The address bound, as given (`0.0.0.0` when serving every interface). */
  readonly host: string;
  /** True when bound to every interface (`0.0.0.0` or `::`): other machines reach it by this machine's address. */
  readonly allInterfaces: boolean;
  readonly port: number;
  readonly token: string | undefined;
  readonly ingestToken: string;
  /** True when the ingest token was made here (so it should be printed). */
  readonly ingestTokenGenerated: boolean;
  close(): Promise<void>;
}

/** `0.0.0.0` and `::` mean "every interface"; no browser can open them as a destination. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '::0';
}

/** The host part of a URL a browser on this machine can open for a server bound to `host`. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (isWildcardHost(host)) return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Serves the dashboard over HTTP until `close()`.
 *
 * @example
 * const server = await startServer({ store, port: 0 });
 * console.log(`Dashboard: ${server.url}`);
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? (isLoopbackHost(host) ? undefined : generateToken());
  const given = options.ingestToken ?? (process.env.ASSAY_INGEST_TOKEN || undefined);
  const ingestToken = given ?? generateToken();
  const app = createApp({
    store: options.store,
    token,
    host,
    webRoot: options.webRoot,
    ingestToken,
    maxIngestBytes: options.maxIngestBytes,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 4400 }, () => resolve(s));
    s.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EADDRINUSE'
          ? 'Pick another port with --port, or stop the process using it.'
          : 'Check --host names an address of this machine.';
      reject(
        new AssayError(
          'SERVER_LISTEN_FAILED',
          `Could not listen on ${host}:${options.port ?? 4400}: ${error.message}`,
          { hint, cause: error },
        ),
      );
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${browsableHost(host)}:${port}/${token ? `?token=${token}` : ''}`;
  return {
    url,
    host,
    port,
    token,
    ingestToken,
    ingestTokenGenerated: given === undefined,
    allInterfaces: isWildcardHost(host),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
