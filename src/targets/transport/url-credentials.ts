/**
 * Splits `user:key@` out of a URL. A key typed into a `baseUrl` this way must reach the server
 * (as HTTP Basic credentials, as Node sends it) but never a cache key, a cache file or a run record.
 *
 * @example
 * splitUrlCredentials('https://me:sk-1@api.example/v1')
 * // { url: 'https://api.example/v1', authorization: 'Basic bWU6c2stMQ==' }
 */
export function splitUrlCredentials(url: string): { readonly url: string; readonly authorization?: string } {
  // User info is written before an `@`: a URL without one has none (and needs no parsing).
  if (!url.includes('@')) return { url };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url };
  }
  if (parsed.username === '' && parsed.password === '') return { url };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.href, authorization: `Basic ${Buffer.from(credentials).toString('base64')}` };
}

/** Every `scheme://user:key@` in a text, with the user info removed (for values stored in run records). */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, '$1');
}
