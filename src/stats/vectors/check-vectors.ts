/**
 * Runs reference vectors through the stats engine and reports every mismatch.
 *
 * A value passes when |got − expected| ≤ max(abs, rel·|expected|); non-finite values are
 * the strings "NaN", "Infinity", "-Infinity"; booleans and integer literals compare exactly.
 * An unknown function, a missing output field or a thrown error fails the case.
 */
import { ADAPTERS } from './adapters.js';
import { parseTaggedJson, type TaggedJson } from './tagged-json.js';

/** Tolerance of one case. */
interface Tolerance {
  abs: number;
  rel: number;
}

/** One failing field (or whole case, when `field` is '*'). */
export interface VectorFailure {
  fn: string;
  index: number;
  field: string;
  expected: string;
  got: string;
}

/** Outcome of a vector file. */
export interface VectorReport {
  passed: number;
  failed: number;
  failures: VectorFailure[];
  /** One line per failure, then "N passed, M failed". */
  lines: string[];
}

function show(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : String(v);
  if (v === undefined) return 'undefined';
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
}

function decodeExpected(e: unknown): unknown {
  if (e === 'NaN') return NaN;
  if (e === 'Infinity') return Infinity;
  if (e === '-Infinity') return -Infinity;
  return e;
}

/** Compare one expected value (possibly nested) with the output; push failures. */
function compare(
  expectedRaw: unknown,
  got: unknown,
  tol: Tolerance,
  exactInt: boolean,
  path: string,
  tagged: TaggedJson,
  out: Array<[string, unknown, unknown]>,
): void {
  const expected = decodeExpected(expectedRaw);
  if (Array.isArray(expected)) {
    const g = got as ArrayLike<unknown> | undefined;
    if (!g || typeof g !== 'object' || typeof g.length !== 'number' || g.length !== expected.length) {
      out.push([path, expected, got]);
      return;
    }
    expected.forEach((e, k) =>
      compare(e, g[k], tol, tagged.isIntegerLiteral(expected, k), `${path}[${k}]`, tagged, out),
    );
    return;
  }
  if (typeof expected === 'boolean' || expected === null || typeof expected === 'string') {
    if (got !== expected) out.push([path, expected, got]);
    return;
  }
  if (typeof expected === 'number') {
    if (typeof got !== 'number') {
      out.push([path, expected, got]);
      return;
    }
    if (Number.isNaN(expected)) {
      if (!Number.isNaN(got)) out.push([path, expected, got]);
      return;
    }
    if (!Number.isFinite(expected)) {
      if (got !== expected) out.push([path, expected, got]);
      return;
    }
    // An integer literal is compared exactly against an integer result (counts, df, sample
    // sizes). A non-integer result means the field is a real number that its writer printed
    // without ".0" (JSON.stringify does): then the tolerance applies.
    if (exactInt && Number.isInteger(got)) {
      if (got !== expected) out.push([path, expected, got]);
      return;
    }
    const limit = Math.max(tol.abs, tol.rel * Math.abs(expected));
    if (!(Math.abs(got - expected) <= limit)) out.push([path, expected, got]);
    return;
  }
  if (typeof expected === 'object') {
    const e = expected as Record<string, unknown>;
    const g = (got ?? {}) as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      compare(e[key], g[key], tol, tagged.isIntegerLiteral(e, key), path ? `${path}.${key}` : key, tagged, out);
    }
  }
}

/** Run every case of a vector file given as JSON text. */
export function checkVectors(text: string): VectorReport {
  const tagged = parseTaggedJson(text);
  const root = tagged.value as Record<string, unknown>;
  if (!root || typeof root !== 'object' || Array.isArray(root))
    throw new Error('vector file must be a JSON object: function name → list of cases');
  const failures: VectorFailure[] = [];
  let passed = 0;
  let failed = 0;
  for (const [fn, cases] of Object.entries(root)) {
    if (fn.startsWith('_')) continue;
    if (!Array.isArray(cases)) {
      failed++;
      failures.push({ fn, index: -1, field: '*', expected: 'a list of cases', got: show(cases) });
      continue;
    }
    cases.forEach((c: any, index: number) => {
      const adapter = ADAPTERS[fn];
      const caseFailures: Array<[string, unknown, unknown]> = [];
      if (!adapter) {
        caseFailures.push(['*', 'a known function', `unknown function '${fn}'`]);
      } else {
        try {
          const output = adapter(c.input ?? {});
          const tol: Tolerance = { abs: c.tolerance?.abs ?? 0, rel: c.tolerance?.rel ?? 0 };
          const expected = c.expected;
          if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
            compare(expected, output, tol, false, '', tagged, caseFailures);
          } else {
            // A scalar expected value compares against the adapter's only output field.
            const values = Object.values(output);
            compare(expected, values[0], tol, tagged.isIntegerLiteral(c, 'expected'), 'value', tagged, caseFailures);
          }
        } catch (error) {
          caseFailures.push([
            '*',
            'no error',
            `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
          ]);
        }
      }
      if (caseFailures.length === 0) passed++;
      else {
        failed++;
        for (const [field, e, g] of caseFailures) {
          failures.push({
            fn,
            index,
            field,
            expected: typeof e === 'string' && field === '*' ? e : show(e),
            got: typeof g === 'string' && field === '*' ? g : show(g),
          });
        }
      }
    });
  }
  const lines = failures.map((f) => `FAIL ${f.fn}[${f.index}] ${f.field}: expected ${f.expected}, got ${f.got}`);
  lines.push(`${passed} passed, ${failed} failed`);
  return { passed, failed, failures, lines };
}
