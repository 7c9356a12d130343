import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { graderTypes } from '../src/graders/registry.js';
import { ruleSchema } from '../src/graders/rules/rule-options.js';
import { targetKinds } from '../src/targets/registry.js';
import { REFERENCE_PATH } from './gen-reference.js';
import { loadAllSchemas } from './reference/load-schemas.js';
import { graderRows, optionRows, renderReference, undescribed } from './reference/render-reference.js';

// The CLI imports a grader's module only when an eval names it; the reference needs them all.
beforeAll(loadAllSchemas, 120_000);

describe('docs/reference.md', () => {
  it('is what `npm run docs:reference` writes from the option schemas', () => {
    const committed = readFileSync(REFERENCE_PATH, 'utf8');
    const fresh = renderReference();
    if (committed !== fresh) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const line = b.findIndex((l, i) => l !== a[i]);
      expect.fail(
        `docs/reference.md is out of date (first difference at line ${line + 1}:\n  committed: ${a[line]}\n  generated: ${b[line]}).\nRun: npm run docs:reference`,
      );
    }
  });

  it('documents every grader and target type, each option with a description', () => {
    expect(undescribed()).toEqual([]);
    const doc = renderReference();
    for (const type of graderTypes()) expect(doc).toContain(`### \`${type}\``);
    for (const type of Object.keys(targetKinds)) expect(doc).toContain(`### \`${type}\``);
    for (const key of ['minPassRateLower', 'nonInferiority', 'segment', 'metric', 'pass@k', 'asr', 'graderTimeoutMs'])
      expect(doc).toContain(key);
  });

  it('takes types, ranges, defaults and required-ness from the schema', () => {
    const rows = optionRows(
      z.strictObject({
        a: z.string().min(1).describe('A'),
        b: z.number().int().min(2).max(10).optional().meta({ description: 'B', default: 5 }),
        c: z.enum(['x', 'y']).optional().describe('C'),
        d: z
          .union([z.string(), z.array(z.string())])
          .optional()
          .describe('D'),
      }),
    );
    expect(rows).toEqual([
      { key: 'a', type: 'string', required: true, default: '—', description: 'A' },
      { key: 'b', type: 'integer 2–10', required: false, default: '5', description: 'B' },
      { key: 'c', type: '"x" \\| "y"', required: false, default: '—', description: 'C' },
      { key: 'd', type: 'string \\| string[]', required: false, default: '—', description: 'D' },
    ]);
  });

  it('picks up a grader type declared with ruleSchema, with the common timeoutMs', () => {
    ruleSchema('test-only-grader', { word: z.string().min(1).describe('The word to look for') });
    const rows = graderRows('test-only-grader')!;
    expect(rows.map((r) => r.key)).toEqual(['name', 'word', 'timeoutMs']);
  });
});
