import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileResponseCache } from './file-response-cache.js';
import { cacheKey } from './response-cache.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-fcache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file response cache', () => {
  it('stores one JSON file per key, sharded by prefix, and reads it back', async () => {
    const cache = createFileResponseCache({ dir });
    const key = cacheKey({
      method: 'post',
      url: 'http://127.0.0.1/v1/chat/completions',
      headers: { 'X-Org': 'a' },
      body: { b: 1, a: 2 },
    });
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, { status: 200, body: { ok: true }, storedAt: 'now' });
    expect(await cache.get(key)).toEqual({ status: 200, body: { ok: true }, storedAt: 'now' });
    expect(await readdir(join(dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
  });

  it('treats a corrupt entry as a miss', async () => {
    const cache = createFileResponseCache({ dir });
    const key = 'ab'.padEnd(64, '0');
    await cache.set(key, { status: 200, body: 1, storedAt: 'x' });
    await writeFile(join(dir, 'ab', `${key}.json`), '{"status": 2');
    expect(await cache.get(key)).toBeUndefined();
  });

  it('keys on method, url, header values and body content, not key order or header case', () => {
    const a = cacheKey({ method: 'POST', url: 'u', headers: { 'X-A': '1' }, body: { x: 1, y: 2 } });
    expect(cacheKey({ method: 'post', url: 'u', headers: { 'x-a': '1' }, body: { y: 2, x: 1 } })).toBe(a);
    expect(cacheKey({ method: 'POST', url: 'u', headers: { 'x-a': '2' }, body: { x: 1, y: 2 } })).not.toBe(a);
    expect(cacheKey({ method: 'POST', url: 'v', headers: { 'x-a': '1' }, body: { x: 1, y: 2 } })).not.toBe(a);
    expect(cacheKey({ method: 'POST', url: 'u', headers: { 'x-a': '1' }, body: { x: 1, y: 3 } })).not.toBe(a);
  });
});
