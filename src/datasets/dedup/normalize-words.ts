const QUOTES =
  /[\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u0060\u00b4\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb]/g;
const DASHES = /[-\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d_/]/g;
const PUNCTUATION = /[\p{P}\p{S}]/gu;
/** Any code point above ASCII. */
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Normalises text for matching, extending the lm-eval `Janitor` (STATS.md §3.14) so that
 * trivial edits do not break a match: Unicode NFKC (full-width letters, ligatures), full case
 * folding (Ä and ä, ß and ss), curly and straight quotes alike (deleted, as the Janitor
 * deletes `'`), dashes, hyphens, underscores and slashes as word breaks (so "e-mail" and
 * "e mail" agree), other punctuation and symbols deleted, then split on whitespace.
 *
 * @example
 * normalizeWords("Hello, World! It’s 9:30 — STRASSE-Café"); // ['hello', 'world', 'its', '930', 'strasse', 'café']
 */
export function normalizeWords(text: string): string[] {
  // Plain ASCII needs no Unicode folding (most log text: the fast path).
  const ascii = !NON_ASCII.test(text);
  const lower = ascii
    ? text.toLowerCase()
    : text.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  const folded = lower.replace(QUOTES, '').replace(DASHES, ' ').replace(PUNCTUATION, '');
  return folded.split(/\s+/).filter((w) => w.length > 0);
}

/** The text a case or log input is compared on: chat contents joined, objects as JSON. */
export function inputText(input: unknown): string {
  if (typeof input === 'string') return input;
  if (Array.isArray(input)) {
    return input
      .map((m) =>
        m !== null && typeof m === 'object' && typeof (m as { content?: unknown }).content === 'string'
          ? (m as { content: string }).content
          : JSON.stringify(m),
      )
      .join('\n');
  }
  if (input === undefined || input === null) return '';
  return JSON.stringify(input);
}
