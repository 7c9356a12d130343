import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { checkVectors } from '../src/stats/vectors/check-vectors.js';

const publicVectors = fileURLToPath(new URL('../src/stats/__vectors__/public.json', import.meta.url));
const nWayVectors = fileURLToPath(new URL('../src/stats/__vectors__/n-way.json', import.meta.url));
const pairedVectors = fileURLToPath(new URL('../src/stats/__vectors__/paired-decisions.json', import.meta.url));

describe('stats vector checker', () => {
  it('passes every public reference vector', () => {
    const report = checkVectors(readFileSync(publicVectors, 'utf8'));
    expect(report.failures).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.passed).toBeGreaterThan(100);
    expect(report.lines.at(-1)).toBe(`${report.passed} passed, 0 failed`);
  });

  it('passes the paired-decision vectors (Tango score test and interval, mid-p McNemar and its power, the exact one-sided bound)', () => {
    const report = checkVectors(readFileSync(pairedVectors, 'utf8'));
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(43);
  });

  it("passes the N-way vectors (Cochran's Q, Friedman with ties)", () => {
    const report = checkVectors(readFileSync(nWayVectors, 'utf8'));
    expect(report.failures).toEqual([]);
    expect(report.passed).toBe(18);
  });

  it('counts an unknown function as failed', () => {
    const text = JSON.stringify({
      _meta: { note: 'ignored' },
      no_such_function: [{ input: { x: 1 }, expected: { y: 2 }, tolerance: { abs: 0, rel: 0 } }],
      pass_at_k: [{ input: { n: 10, c: 3, k: 1 }, expected: { pass_at_k: 0.3 }, tolerance: { abs: 1e-12, rel: 0 } }],
    });
    const report = checkVectors(text);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(1);
    expect(report.lines[0]).toMatch(/^FAIL no_such_function\[0\] \*: .*unknown function 'no_such_function'/);
    expect(report.lines.at(-1)).toBe('1 passed, 1 failed');
  });

  it('reports wrong values, thrown errors, exact integers and non-finite strings', () => {
    const text = `{
      "pass_at_k": [
        {"input": {"n": 10, "c": 3, "k": 1}, "expected": {"pass_at_k": 0.5}, "tolerance": {"abs": 1e-12, "rel": 0}},
        {"input": {"n": 10, "c": 11, "k": 1}, "expected": {"pass_at_k": 1.0}, "tolerance": {"abs": 1e-12, "rel": 0}},
        {"input": {"n": 3, "c": 1, "k": 5}, "expected": {"pass_at_k": "NaN"}, "tolerance": {"abs": 0, "rel": 0}}
      ],
      "t_interval_mean": [
        {"input": {"values": [1, 2, 3]}, "expected": {"df": 2}, "tolerance": {"abs": 0.5, "rel": 0}},
        {"input": {"values": [1, 2, 3]}, "expected": {"df": 3}, "tolerance": {"abs": 5, "rel": 0}}
      ]
    }`;
    const report = checkVectors(text);
    expect(report.passed).toBe(2);
    expect(report.failed).toBe(3);
    expect(report.lines[0]).toBe('FAIL pass_at_k[0] pass_at_k: expected 0.5, got 0.30000000000000004');
    expect(report.lines[1]).toMatch(/^FAIL pass_at_k\[1\] \*: .*threw RangeError: passAtK: c must be an integer/);
    // The integer literal 3 compares exactly even though the tolerance would allow 2.
    expect(report.lines[2]).toBe('FAIL t_interval_mean[1] df: expected 3, got 2');
  });

  it('passes the public vectors re-written by a writer that drops ".0" from whole numbers', () => {
    const rewritten = JSON.stringify(JSON.parse(readFileSync(publicVectors, 'utf8')));
    expect(checkVectors(rewritten).failures).toEqual([]);
  });

  it('takes the statistic a BCa vector names, and fails one it does not know', () => {
    const data = [3.1, 4.7, 2.2, 5.9, 4.4, 3.8, 6.1, 2.9, 4.0, 5.2];
    const replicates = Array.from({ length: 200 }, (_, i) => 3.5 + (i % 37) / 25);
    const input = (statistic: string) => ({ data, statistic, replicates, confidence_level: 0.95 });
    const report = checkVectors(
      JSON.stringify({
        bca_interval_from_replicates: [
          { input: input('median'), expected: { theta_hat: 4.2 }, tolerance: { abs: 1e-12, rel: 0 } },
          { input: input('trimmed'), expected: { theta_hat: 4.2 }, tolerance: { abs: 1e-12, rel: 0 } },
        ],
      }),
    );
    expect(report.passed).toBe(1);
    expect(report.lines[0]).toContain("statistic 'trimmed' is not supported");
  });

  it('runs as a command: exit 0 when every case passes, exit 1 on any failure', () => {
    const script = fileURLToPath(new URL('./stats-vectors.ts', import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, publicVectors], { encoding: 'utf8' });
    expect(out.trim().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/);
    const dir = mkdtempSync(join(tmpdir(), 'assay-vectors-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        wilson_interval: [
          { input: { successes: 3, n: 10 }, expected: { lower: 0.5 }, tolerance: { abs: 1e-9, rel: 0 } },
        ],
      }),
    );
    const failed = spawnSync(process.execPath, ['--import', 'tsx', script, bad], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/^FAIL wilson_interval\[0\] lower: expected 0\.5, got 0\.10\d+/m);
    expect(failed.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
});
