import { AssayError, type Issue } from '../core/errors.js';

/**
 * Reads query parameters, collecting every problem as an issue so one 400 response names
 * them all (`limit: must be a whole number between 1 and 500, got "x"`).
 */
export class QueryParams {
  readonly #params: URLSearchParams;
  readonly #issues: Issue[] = [];

  constructor(url: string) {
    this.#params = new URL(url).searchParams;
  }

  string(name: string): string | undefined {
    const value = this.#params.get(name);
    return value === null || value.trim() === '' ? undefined : value.trim();
  }

  required(name: string, hint: string): string {
    const value = this.string(name);
    if (value === undefined) this.#issues.push({ code: 'missing_field', path: name, message: `is required (${hint})` });
    return value ?? '';
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.#issues.push({
        code: 'invalid_value',
        path: name,
        message: `must be a whole number between ${min} and ${max}, got "${raw}"`,
      });
      return fallback;
    }
    return n;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= min || n >= max) {
      this.#issues.push({
        code: 'invalid_value',
        path: name,
        message: `must be a number strictly between ${min} and ${max}, got "${raw}"`,
      });
      return fallback;
    }
    return n;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.#issues.push({
        code: 'invalid_value',
        path: name,
        message: `must be one of ${allowed.join(', ')}, got "${raw}"`,
      });
      return undefined;
    }
    return raw as T;
  }

  /** `field:value`, split at the first colon. */
  segment(name: string): { field: string; value: string } | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const at = raw.indexOf(':');
    if (at <= 0) {
      this.#issues.push({
        code: 'invalid_value',
        path: name,
        message: `must look like field:value (e.g. language:fr), got "${raw}"`,
      });
      return undefined;
    }
    return { field: raw.slice(0, at), value: raw.slice(at + 1) };
  }

  /** Throws one `AssayError` listing every problem found so far. */
  done(): void {
    if (this.#issues.length === 0) return;
    throw new AssayError('API_BAD_QUERY', `Bad query parameters: ${this.#issues.map((i) => i.path).join(', ')}.`, {
      issues: this.#issues,
      hint: 'See docs/api.md for the parameters each endpoint accepts.',
    });
  }
}
