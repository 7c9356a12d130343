import { AssayError } from '../../core/errors.js';
import type { Issue, IssueCode } from '../../core/errors.js';
import { didYouMean } from '../../core/did-you-mean.js';

/**
 * Reads a grader spec's fields and collects every problem as an issue, so one error lists them
 * all. `done()` throws `GRADER_CONFIG_INVALID` when any field was wrong.
 *
 * @example
 * const r = new SpecReader(spec, 'judge.classify');
 * const prompt = r.string('prompt', { required: true });
 * r.done('Write prompt: "Is the answer polite?"');
 */
export class SpecReader {
  readonly #spec: { readonly [key: string]: unknown };
  readonly #issues: Issue[] = [];
  /** Keys some accessor asked for: anything else in the spec is a typo or a misplaced option. */
  readonly #known = new Set<string>(['type', 'name', 'judge']);
  readonly name: string;

  constructor(spec: unknown, type: string) {
    this.#spec =
      spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as { [key: string]: unknown }) : {};
    const name = this.#spec.name;
    this.name = typeof name === 'string' && name.trim() !== '' ? name : type;
  }

  raw(key: string): unknown {
    this.#known.add(key);
    return this.#spec[key];
  }

  issue(field: string, message: string, code: IssueCode = 'invalid_value'): void {
    this.#issues.push({ code, path: field, message });
  }

  string(key: string, options: { required: true }): string;
  string(key: string, options?: { required?: false }): string | undefined;
  string(key: string, options: { required?: boolean } = {}): string | undefined {
    this.#known.add(key);
    const v = this.#spec[key];
    if (v === undefined || v === null) {
      if (options.required) this.issue(key, 'is required', 'missing_field');
      return options.required ? '' : undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.issue(key, `must be a non-empty string, got ${JSON.stringify(v)}`);
      return options.required ? '' : undefined;
    }
    return v;
  }

  number(key: string, options: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
    this.#known.add(key);
    const v = this.#spec[key];
    if (v === undefined || v === null) return undefined;
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!options.integer || Number.isInteger(v)) &&
      (options.min === undefined || v >= options.min) &&
      (options.max === undefined || v <= options.max);
    if (!ok) {
      const range = [
        options.min !== undefined ? `≥ ${options.min}` : '',
        options.max !== undefined ? `≤ ${options.max}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      this.issue(
        key,
        `must be ${options.integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}, got ${JSON.stringify(v)}`,
      );
      return undefined;
    }
    return v as number;
  }

  /** Throws when any field was wrong or unknown; call it after reading every option. */
  done(hint: string): void {
    const known = [...this.#known];
    for (const key of Object.keys(this.#spec)) {
      if (this.#known.has(key)) continue;
      this.issue(
        key,
        `unknown option${didYouMean(key, known)} (this grader takes ${known.filter((k) => k !== 'type').join(', ')})`,
        'unknown_field',
      );
    }
    if (this.#issues.length === 0) return;
    throw new AssayError('GRADER_CONFIG_INVALID', `Grader '${this.name}' is not configured correctly.`, {
      issues: this.#issues,
      hint,
    });
  }
}
