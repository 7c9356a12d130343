import { ibanValid, luhnValid } from './checksums.js';
import { ADDRESS_PATTERNS } from './street-address.js';

export { luhnValid } from './checksums.js';

export const PII_TYPES = ['email', 'iban', 'card', 'ip', 'phone', 'address'] as const;
export type PiiType = (typeof PII_TYPES)[number];
export type PiiCounts = Record<PiiType, number>;

export function emptyPiiCounts(): PiiCounts {
  return { email: 0, iban: 0, card: 0, ip: 0, phone: 0, address: 0 };
}

export function totalPii(counts: PiiCounts): number {
  return PII_TYPES.reduce((a, t) => a + counts[t], 0);
}

/** One piece of personal data found in a text: its type and where it is. */
export interface PiiSpan {
  readonly type: PiiType;
  readonly start: number;
  readonly end: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const CARD = /(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
// Not after a version word: `version 1.2.3.4` is not an address.
const IPV4 =
  /(?<![\w.])(?<!\b(?:[Vv]ersion|[Vv]er|v|[Bb]uild|[Rr]elease) ?)(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w]|\.\d)/g;
// Digits glued to letters, dashes, slashes, dots or colons are ids, dates and times, not phones.
const B = String.raw`(?<![\w+\-/.:])`;
const E = String.raw`(?![\w\-/:]|[.,]\d)`;
const PHONES = [
  // International: + country code, then groups of 1–4 digits (one-digit area codes: +33 1, +81 3).
  new RegExp(String.raw`(?<![\w+])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,6}${E}`, 'g'),
  // North American: (415) 555-0100, 415-555-0100, 415 555 0100, and bare 4155550100.
  new RegExp(String.raw`${B}(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}${E}`, 'g'),
  new RegExp(String.raw`${B}[2-9]\d{2}[2-9]\d{6}${E}`, 'g'),
  // National with a trunk 0: 020 7946 0958, 07911123456, 01 23 45 67 89, (030) 1234 5678.
  new RegExp(String.raw`${B}(?:\(0[1-9]\d{0,3}\) ?|0[1-9]\d{0,3}[ .-]?)\d{2,4}(?:[ .-]?\d{2,4}){0,3}${E}`, 'g'),
];

/**
 * Whether a match of a phone pattern has a phone's digit count: 8–15 with a `+` (E.164),
 * 10 for North American numbers, 9–12 for national numbers with a trunk 0.
 */
export function phoneLike(match: string): boolean {
  const n = match.replace(/\D/g, '').length;
  if (match.startsWith('+')) return n >= 8 && n <= 15;
  if (/^\(?0/.test(match)) return n >= 9 && n <= 12;
  return n === 10;
}

/**
 * Whether a digit string is plausibly a payment card: 13–19 digits, a major-network leading
 * digit (2–6; 13 digits only for Visa's 4) and a valid Luhn checksum.
 */
export function cardLike(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || !/^[2-6]/.test(digits)) return false;
  if (digits.length === 13 && digits[0] !== '4') return false;
  return luhnValid(digits);
}

/**
 * The personal data in a text, without overlaps: emails, IBANs (mod-97 checked), payment
 * cards (Luhn and network checked), IPv4 addresses, phone numbers and street addresses.
 * Earlier types win an overlap, so an IBAN's digits are never a card or a phone.
 * Order ids (`ORD-2024-000123`), ZIP+4 codes, dates, times and lists of numbers are not phones.
 */
export function findPii(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const free = (start: number, end: number) => spans.every((s) => end <= s.start || start >= s.end);
  const scan = (type: PiiType, re: RegExp, accept: (m: string) => boolean = () => true) => {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (accept(m[0]) && free(start, end)) spans.push({ type, start, end });
    }
  };
  scan('email', EMAIL);
  scan('iban', IBAN, (m) => ibanValid(m.replace(/ /g, '')));
  scan('card', CARD, (m) => cardLike(m.replace(/\D/g, '')));
  scan('ip', IPV4);
  for (const re of PHONES) scan('phone', re, phoneLike);
  for (const re of ADDRESS_PATTERNS) scan('address', re);
  return spans.sort((a, b) => a.start - b.start);
}

const PLACEHOLDER: Record<PiiType, string> = {
  email: '[EMAIL]',
  iban: '[IBAN]',
  card: '[CARD]',
  ip: '[IP]',
  phone: '[PHONE]',
  address: '[ADDRESS]',
};

/**
 * Replaces the personal data `findPii` finds with `[EMAIL]`, `[IBAN]`, `[CARD]`, `[IP]`,
 * `[PHONE]` or `[ADDRESS]`, adding what it replaced to `counts`.
 *
 * @example
 * redactPii('mail a@b.io or call +33 1 23 45 67 89', counts); // 'mail [EMAIL] or call [PHONE]'
 */
export function redactPii(text: string, counts: PiiCounts): string {
  const spans = findPii(text);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + PLACEHOLDER[s.type];
    counts[s.type]++;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Redacts every string inside a JSON-like value (strings, arrays, objects). */
export function redactValue<T>(value: T, counts: PiiCounts): T {
  if (typeof value === 'string') return redactPii(value, counts) as T;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, counts)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, counts);
    return out as T;
  }
  return value;
}
