export interface PiiCounts {
  email: number;
  phone: number;
  card: number;
}

export function emptyPiiCounts(): PiiCounts {
  return { email: 0, phone: 0, card: 0 };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /(?<![\d+-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?![\w])/g;

/**
 * Whether a digit run the PHONE pattern found looks like a phone number rather than an order
 * number or an id: an international `+` prefix (8–15 digits, E.164), or phone-like grouping
 * with separators or a parenthesised area code (9–12 digits), or an unformatted national
 * number with its trunk prefix `0` (10–11 digits, e.g. 07911123456). A bare run such as a
 * 13-digit order number is not a phone number.
 */
export function phoneLike(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  const n = digits.length;
  if (match.startsWith('+')) return n >= 8 && n <= 15;
  if (/[\s.()-]/.test(match)) return n >= 9 && n <= 12;
  return /^0[1-9]/.test(digits) && n >= 10 && n <= 11;
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

/** Luhn checksum (ISO/IEC 7812): true for valid payment card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Replaces emails with `[EMAIL]`, card numbers (13–19 digits, spaces or dashes allowed, see
 * `cardLike`) with `[CARD]` and phone numbers (see `phoneLike`) with `[PHONE]`,
 * adding what it replaced to `counts`. Cards go first so a card is never counted as a phone.
 *
 * @example
 * redactPii('mail a@b.io or call +1 415 555 0100', counts); // 'mail [EMAIL] or call [PHONE]'
 */
export function redactPii(text: string, counts: PiiCounts): string {
  let out = text.replace(EMAIL, () => {
    counts.email++;
    return '[EMAIL]';
  });
  out = out.replace(CARD, (m) => {
    if (!cardLike(m.replace(/\D/g, ''))) return m;
    counts.card++;
    return '[CARD]';
  });
  out = out.replace(PHONE, (m) => {
    if (!phoneLike(m)) return m;
    counts.phone++;
    return '[PHONE]';
  });
  return out;
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
