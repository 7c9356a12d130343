/**
 * Splits a field path into keys: dot/bracket notation (`answer.items[0].sku`, an optional
 * leading `$.`) or a JSON Pointer (`/answer/items/0/sku`).
 */
export function parseJsonPath(path: string): string[] {
  if (path.startsWith('/'))
    return path
      .slice(1)
      .split('/')
      .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  const body = path.replace(/^\$\.?/, '');
  const keys: string[] = [];
  for (const m of body.matchAll(/\[(\d+)\]|\["([^"]*)"\]|([^.[\]]+)/g)) keys.push(m[1] ?? m[2] ?? m[3]);
  return keys;
}

/** Follows the keys into a value; `found: false` names the first key that is missing. */
export function getJsonPath(
  value: unknown,
  keys: readonly string[],
): { found: true; value: unknown } | { found: false; missing: string } {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) {
      return { found: false, missing: key };
    }
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}
