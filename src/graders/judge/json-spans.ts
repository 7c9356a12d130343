/** A balanced top-level `{…}` span of a text, with where it starts and ends. */
export interface JsonSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/**
 * The balanced top-level `{…}` spans of a text, in order. Braces inside JSON strings are
 * skipped, so a reasoning string that quotes `{"choice": "pass"}` stays inside its object.
 */
export function jsonSpans(text: string): JsonSpan[] {
  const spans: JsonSpan[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push({ text: text.slice(start, i + 1), start, end: i + 1 });
    }
  }
  return spans;
}

export function asObject(value: unknown): { readonly [key: string]: unknown } | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as { [key: string]: unknown })
    : undefined;
}

export function tryParseObject(text: string): { readonly [key: string]: unknown } | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch (_error) {
    // Not JSON: the caller tries the next candidate or falls back to text parsing.
    return undefined;
  }
}

/** The reply text when it is one JSON object and nothing else (bare, or as the only fenced block). */
export function wholeJsonObject(text: string): { readonly [key: string]: unknown } | undefined {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)```$/i.exec(trimmed);
  const body = fenced ? fenced[1].trim() : trimmed;
  return body.startsWith('{') ? tryParseObject(body) : undefined;
}
