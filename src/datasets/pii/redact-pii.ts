export interface PiiCounts {
  email: number;
  phone: number;
  card: number;
}

export function emptyPiiCounts(): PiiCounts {
  return { email: 0, phone: 0, card: 0 };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const CARD = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const PHONE = /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]?\d{2,4}){1,4}(?![\w])/g;

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
 * Replaces emails with `[EMAIL]`, Luhn-valid card numbers (13–19 digits, spaces or dashes
 * allowed) with `[CARD]` and phone numbers (9–15 digits in phone-like groups) with `[PHONE]`,
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
    const digits = m.replace(/\D/g, '');
    if (!luhnValid(digits)) return m;
    counts.card++;
    return '[CARD]';
  });
  out = out.replace(PHONE, (m) => {
    const n = m.replace(/\D/g, '').length;
    if (n < 9 || n > 15) return m;
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
