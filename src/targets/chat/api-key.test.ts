import { describe, expect, it } from 'vitest';
import { isLocalUrl, resolveApiKey } from './api-key.js';

const base = { provider: 'openai', apiKeyEnv: 'MY_KEY' };

describe('resolveApiKey', () => {
  it('reads the key from the named variable', () => {
    expect(resolveApiKey({ ...base, baseUrl: 'https://api.example.com/v1', env: { MY_KEY: ' sk-1 ' } })).toBe('sk-1');
  });

  it('names the variable when a remote provider has no key', () => {
    expect(() => resolveApiKey({ ...base, baseUrl: 'https://api.example.com/v1', env: {} })).toThrow(
      'The openai target needs an API key in the environment variable MY_KEY, which is not set.',
    );
  });

  it('lets a local server run without a key, unless the config named the variable', () => {
    expect(resolveApiKey({ ...base, baseUrl: 'http://127.0.0.1:8000/v1', env: {} })).toBeUndefined();
    expect(() => resolveApiKey({ ...base, baseUrl: 'http://127.0.0.1:8000/v1', env: {}, explicit: true })).toThrow(
      /MY_KEY/,
    );
  });

  it('recognises this machine', () => {
    expect(
      ['http://localhost:1', 'http://127.0.0.1', 'http://[::1]:8080', 'http://api.localhost'].map(isLocalUrl),
    ).toEqual([true, true, true, true]);
    expect(['https://example.com', 'not a url'].map(isLocalUrl)).toEqual([false, false]);
  });
});
