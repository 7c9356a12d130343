import { describe, expect, it } from 'vitest';
import { emptyPiiCounts, luhnValid, redactPii, redactValue } from './redact-pii.js';

describe('redactPii', () => {
  it('replaces emails, phone numbers and Luhn-valid card numbers, and counts them', () => {
    const counts = emptyPiiCounts();
    const out = redactPii('Mail jane.doe@example.co.uk, call +1 (415) 555-0100, card 4111 1111 1111 1111.', counts);
    expect(out).toBe('Mail [EMAIL], call [PHONE], card [CARD].');
    expect(counts).toEqual({ email: 1, phone: 1, card: 1 });
  });

  it('leaves card-like numbers that fail the Luhn check as cards, and short numbers alone', () => {
    const counts = emptyPiiCounts();
    const out = redactPii('order 4111 1111 1111 1112 in 2024, 3 items, code 12345', counts);
    expect(out).toBe('order 4111 1111 1111 1112 in 2024, 3 items, code 12345');
    expect(counts).toEqual({ email: 0, phone: 0, card: 0 });
  });

  it('checks Luhn digits', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('5500005555555559')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it('redacts strings nested in chat messages', () => {
    const counts = emptyPiiCounts();
    const out = redactValue([{ role: 'user', content: 'I am bob@corp.com, 020 7946 0958' }], counts);
    expect(out).toEqual([{ role: 'user', content: 'I am [EMAIL], [PHONE]' }]);
    expect(counts.email + counts.phone).toBe(2);
  });
});
