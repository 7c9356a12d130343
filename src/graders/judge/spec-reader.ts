import type { z } from 'zod';
import { AssayError } from '../../core/errors.js';
import type { Issue, IssueCode } from '../../core/errors.js';
import { optionIssues } from '../rules/grader-config.js';

/**
 * Reads a grader spec's fields and collects every problem as an issue, so one error lists them
 * all. The grader type's option schema (the one `docs/reference.md` is generated from) checks
 * every key, type and range first, unknown keys with a did-you-mean; the accessors then read the
 * values and add the checks that relate fields (a `passLevel` within the `scale`). A field the
 * schema already reported is not reported twice. `done()` throws `GRADER_CONFIG_INVALID` when
 * any field was wrong.
 *
 * @example
 * const r = new SpecReader(spec, 'judge.classify', classifyJudgeSchema);
 * const prompt = r.string('prompt', { required: true });
 * r.done('Write prompt: "Is the answer polite?"');
 */
export class SpecReader {
  readonly #spec: { readonly [key: string]: unknown };
  readonly #issues: Issue[] = [];
  readonly name: string;

  constructor(spec: unknown, type: string, schema: z.ZodType) {
    this.#spec =
      spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as { [key: string]: unknown }) : {};
    const name = this.#spec.name;
    this.name = typeof name === 'string' && name.trim() !== '' ? name : type;
    const checked = schema.safeParse(this.#spec);
    if (!checked.success) this.#issues.push(...optionIssues(schema, checked.error));
  }

  raw(key: string): unknown {
    return this.#spec[key];
  }

  issue(field: string, message: string, code: IssueCode = 'invalid_value'): void {
    if (this.#issues.some((i) => i.path === field)) return;
    this.#issues.push({ code, path: field, message });
  }

  string(key: string, options: { required: true }): string;
  string(key: string, options?: { required?: false }): string | undefined;
  string(key: string, options: { required?: boolean } = {}): string | undefined {
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
    if (this.#issues.length === 0) return;
    // A schema's generic "Invalid input" on a field (a union none of whose forms fit) says less
    // than the accessors' findings inside that field: keep only the specific ones.
    const issues = this.#issues.filter(
      (issue) =>
        issue.message !== 'Invalid input' || !this.#issues.some((other) => other.path.startsWith(`${issue.path}.`)),
    );
    throw new AssayError('GRADER_CONFIG_INVALID', `Grader '${this.name}' is not configured correctly.`, {
      issues,
      hint,
    });
  }
}
