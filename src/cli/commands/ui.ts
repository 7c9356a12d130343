import { InvalidArgumentError, type Command } from 'commander';
import { openStore } from '../../store/open-store.js';
import { withStoreOption, type StoreOption } from '../shared.js';

interface UiOptions extends StoreOption {
  readonly host: string;
  readonly port: number;
  readonly token?: string;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError(`--port must be a whole number from 0 to 65535, got '${value}'.`);
  return n;
}

/** `assay ui`: serves the dashboard until Ctrl-C. */
export function registerUiCommand(program: Command): void {
  withStoreOption(
    program
      .command('ui')
      .description('Open the dashboard: runs, comparisons, segments, trends, cases and the review queue')
      .option('--host <address>', 'address to bind; anything but loopback requires a token', '127.0.0.1')
      .option('--port <number>', 'port to listen on (0 picks a free one)', parsePort, 4400)
      .option('--token <token>', 'access token to require (default: generated when --host is not loopback)'),
  ).action(async (options: UiOptions) => {
    const { startServer } = await import('../../server/start-server.js');
    const store = await openStore({ location: options.store });
    let server;
    try {
      server = await startServer({ store, host: options.host, port: options.port, token: options.token });
    } catch (error) {
      await store.close();
      throw error;
    }
    process.stdout.write(`Assay dashboard: ${server.url}\n`);
    if (server.allInterfaces)
      process.stdout.write(
        `Listening on all interfaces (${server.host}); from another machine, use this machine's address with the same port and token.\n`,
      );
    if (server.token) process.stdout.write(`Access token (required on every API call): ${server.token}\n`);
    if (server.ingestTokenGenerated)
      process.stdout.write(`Ingest token (POST /v1/traces, /api/traces, /api/feedback): ${server.ingestToken}\n`);
    else process.stdout.write('Ingest token: from $ASSAY_INGEST_TOKEN\n');
    process.stdout.write(`Store: ${store.location}\nPress Ctrl-C to stop.\n`);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await server.close();
    await store.close();
  });
}
