/**
 * Reversible text obfuscations used by the `encoding` attack family. Each has its inverse
 * (or a normaliser) so tests can show the attack survives the transformation.
 */

export function toBase64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function fromBase64(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf8');
}

/** ROT13 on ASCII letters; applying it twice gives the text back. */
export function rot13(text: string): string {
  return text.replace(/[A-Za-z]/g, (ch) => {
    const base = ch <= 'Z' ? 65 : 97;
    return String.fromCharCode(((ch.charCodeAt(0) - base + 13) % 26) + base);
  });
}

const LEET: { readonly [ch: string]: string } = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
const UNLEET: { readonly [ch: string]: string } = Object.fromEntries(Object.entries(LEET).map(([k, v]) => [v, k]));

/** Leetspeak on the six common letters (a e i o s t), case-insensitively. */
export function leetspeak(text: string): string {
  return text.replace(/[aeiost]/gi, (ch) => LEET[ch.toLowerCase()] ?? ch);
}

/** Reads leetspeak back (lower case; digits that stood for letters become letters). */
export function unleet(text: string): string {
  return text.toLowerCase().replace(/[431057]/g, (d) => UNLEET[d] ?? d);
}

/** Latin letters and the Cyrillic or Greek letters that look the same. */
const HOMOGLYPHS: { readonly [ch: string]: string } = {
  a: '\u0430',
  c: '\u0441',
  e: '\u0435',
  i: '\u0456',
  o: '\u043e',
  p: '\u0440',
  x: '\u0445',
  y: '\u0443',
  A: '\u0391',
  B: '\u0392',
  E: '\u0395',
  H: '\u0397',
  K: '\u039a',
  M: '\u039c',
  O: '\u039f',
  T: '\u03a4',
};
const FROM_HOMOGLYPH: { readonly [ch: string]: string } = Object.fromEntries(
  Object.entries(HOMOGLYPHS).map(([latin, look]) => [look, latin]),
);

/** Replaces every letter that has a look-alike in another script. */
export function homoglyphs(text: string): string {
  return text.replace(/[a-zA-Z]/g, (ch) => HOMOGLYPHS[ch] ?? ch);
}

/** Maps look-alike letters back to Latin. */
export function fromHomoglyphs(text: string): string {
  let out = '';
  for (const ch of text) out += FROM_HOMOGLYPH[ch] ?? ch;
  return out;
}

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060'];

/** Inserts a zero-width character between letters; `pick` chooses which (deterministic for a seed). */
export function zeroWidth(text: string, pick: (n: number) => number): string {
  let out = '';
  for (const ch of text) out += /\p{L}/u.test(ch) ? ch + ZERO_WIDTH[pick(ZERO_WIDTH.length)] : ch;
  return out;
}

/** Removes zero-width characters (and the BOM) from text. */
export function stripZeroWidth(text: string): string {
  return text.replace(/[\u200b-\u200d\u2060\ufeff]/g, '');
}

/**
 * Mixed scripts: look-alikes in roughly every other word, so each word reads normally but
 * keyword filters that expect one script miss it.
 */
export function mixedScripts(text: string, pick: (n: number) => number): string {
  return text
    .split(/(\s+)/)
    .map((word) => (/\S/.test(word) && pick(2) === 0 ? homoglyphs(word) : word))
    .join('');
}
