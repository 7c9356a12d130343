import { describe, expect, it } from 'vitest';
import { cardLike, emptyPiiCounts, luhnValid, phoneLike, redactPii, redactValue, totalPii } from './redact-pii.js';

describe('redactPii', () => {
  it('replaces emails, phone numbers and Luhn-valid card numbers, and counts them', () => {
    const counts = emptyPiiCounts();
    const out = redactPii('Mail jane.doe@example.co.uk, call +1 (415) 555-0100, card 4111 1111 1111 1111.', counts);
    expect(out).toBe('Mail [EMAIL], call [PHONE], card [CARD].');
    expect(counts).toMatchObject({ email: 1, phone: 1, card: 1 });
  });

  it('leaves card-like numbers that fail the Luhn check as cards, and short numbers alone', () => {
    const counts = emptyPiiCounts();
    const out = redactPii('order 4111 1111 1111 1112 in 2024, 3 items, code 12345', counts);
    expect(out).toBe('order 4111 1111 1111 1112 in 2024, 3 items, code 12345');
    expect(totalPii(counts)).toBe(0);
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

  it('keeps long order numbers and ids, and still finds formatted or prefixed phone numbers', () => {
    const counts = emptyPiiCounts();
    const text =
      'order 1234567890123 (ref 0001234567890123), user 98765432101234, invoice 2024-01-15, tracking 9400111899223817';
    expect(redactPii(text, counts)).toBe(text);
    expect(totalPii(counts)).toBe(0);
    const phones = redactPii('call 07911123456, +4915112345678, 415-555-0100 or (030) 1234 5678', counts);
    expect(phones).toBe('call [PHONE], [PHONE], [PHONE] or [PHONE]');
    expect(counts.phone).toBe(4);
    expect(phoneLike('1234567890123')).toBe(false);
    expect(phoneLike('4155550100')).toBe(true);
    expect(phoneLike('+1 415 555 0100')).toBe(true);
  });

  it('treats only network-prefixed Luhn-valid numbers as cards', () => {
    expect(cardLike('4111111111111111')).toBe(true);
    expect(cardLike('4222222222222')).toBe(true);
    // Luhn-valid, but no card network starts with 1 or 9: order numbers, not cards.
    expect(cardLike('1234567890128')).toBe(false);
    expect(luhnValid('1234567890128')).toBe(true);
    const counts = emptyPiiCounts();
    expect(redactPii('order 1234567890128 and card 5500-0055-5555-5559', counts)).toBe(
      'order 1234567890128 and card [CARD]',
    );
    expect(counts).toMatchObject({ email: 0, phone: 0, card: 1 });
  });
});
