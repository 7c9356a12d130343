const NUMBER = /[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?|[-+−]?\.\d+(?:[eE][-+]?\d+)?/;

/**
 * The number a text states: the whole text when it is a number, else the first number in it.
 * Thousands separators (`1,234.5`) and a Unicode minus are understood; `undefined` when none.
 *
 * @example
 * extractNumber('The total is $1,234.50.'); // 1234.5
 */
export function extractNumber(text: string): number | undefined {
  const whole = text.trim();
  if (whole !== '' && Number.isFinite(Number(whole))) return Number(whole);
  const m = NUMBER.exec(text);
  if (!m) return undefined;
  const n = Number(m[0].replace(/,/g, '').replace('−', '-'));
  return Number.isFinite(n) ? n : undefined;
}
