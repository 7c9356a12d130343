import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDashboardStore, type SeededStore } from '../../test/fixtures/dashboard/seed.js';
import { startServer } from './start-server.js';

let seeded: SeededStore;

beforeAll(async () => {
  seeded = await seedDashboardStore();
});

afterAll(async () => {
  await seeded?.cleanup();
});

describe('startServer', () => {
  it('bound to every interface, gives a URL a browser can open, with the token', async () => {
    const server = await startServer({ store: seeded.store, host: '0.0.0.0', port: 0 });
    try {
      expect(server.host).toBe('0.0.0.0');
      expect(server.allInterfaces).toBe(true);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
      const res = await fetch(server.url.replace('/?', '/api/runs?'));
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('on loopback, prints the address it binds, with no token', async () => {
    const server = await startServer({ store: seeded.store, port: 0 });
    try {
      expect(server.allInterfaces).toBe(false);
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    } finally {
      await server.close();
    }
  });
});
