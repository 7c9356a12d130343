/**
 * A whole number as `n.toLocaleString('en-US')` writes it (`100000` → `'100,000'`), the one
 * formatter of counts and limits in messages. Written out by hand because the first use of
 * `toLocaleString` starts ICU's number formatting, ~15 ms of CPU, which the eval keys paid at
 * import on every `assay run`. Anything but a safe integer is left to `toLocaleString`.
 *
 * @example
 * formatCount(10_000_000); // '10,000,000'
 */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}
