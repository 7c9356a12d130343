/** The characters of Python's `string.punctuation`, which the lm-eval Janitor deletes. */
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('').map((c) => c.charCodeAt(0)));

/**
 * Normalises text as the lm-eval `Janitor` does (STATS.md §3.14): lowercase ASCII letters,
 * delete ASCII punctuation, split on whitespace. Non-ASCII letters are kept as they are.
 *
 * @example
 * normalizeWords("Hello, World! It's 9:30."); // ['hello', 'world', 'its', '930']
 */
export function normalizeWords(text: string): string[] {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 65 && code <= 90) out += String.fromCharCode(code + 32);
    else if (!PUNCTUATION.has(code)) out += text[i];
  }
  return out.split(/\s+/).filter((w) => w.length > 0);
}

/** The text a case or log input is compared on: chat contents joined, objects as JSON. */
export function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) {
    return input
      .map((m) => (m !== null && typeof m === 'object' && typeof (m as { content?: unknown }).content === 'string' ? (m as { content: string }).content : JSON.stringify(m)))
      .join('\n');
  }
  if (input === undefined || input === null) return '';
  return JSON.stringify(input);
}
