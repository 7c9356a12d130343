import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customGrader, customModuleGrader } from './custom-grader.js';
import { gradeOutput } from './test-support.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'assay-custom-'));
  await writeFile(
    join(dir, 'graders.ts'),
    `import type { Case, TargetOutput } from '${join(process.cwd(), 'src/core/types.js')}';
export const mentionsOrder = (c: Case, out: TargetOutput): boolean => (out.text ?? '').includes(String(c.metadata.order));
export const politeness = { name: 'politeness', kind: 'custom', grade: (_c: Case, out: TargetOutput) => ({ value: /please/i.test(out.text ?? '') ? 1 : 0.25, reason: 'checked' }) };
export default (_c: Case, out: TargetOutput): number => Math.min(1, (out.text ?? '').length / 10);
export const broken = () => 'yes';
`,
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('customGrader', () => {
  it('turns booleans and numbers into results', async () => {
    expect(
      await gradeOutput(
        customGrader('yes', () => true),
        'x',
      ),
    ).toMatchObject({ grader: 'yes', value: 1, pass: true });
    expect(
      await gradeOutput(
        customGrader('half', () => 0.5, { threshold: 0.5 }),
        'x',
      ),
    ).toMatchObject({ value: 0.5, pass: true });
    expect(
      await gradeOutput(
        customGrader('full', () => ({ value: 0.2, reason: 'meh' })),
        'x',
      ),
    ).toMatchObject({ value: 0.2, pass: false, reason: 'meh' });
  });

  it('makes a bad return or a throw an error score', async () => {
    expect(
      (
        await gradeOutput(
          customGrader('odd', () => 'yes' as never),
          'x',
        )
      ).error,
    ).toMatch(/returned "yes"; return a number in \[0, 1\]/);
    expect(
      (
        await gradeOutput(
          customGrader('big', () => 3),
          'x',
        )
      ).error,
    ).toBe("Grader 'big' returned 3; scores must be numbers between 0 and 1.");
    expect(
      (
        await gradeOutput(
          customGrader('boom', () => {
            throw new Error('kaput');
          }),
          'x',
        )
      ).error,
    ).toBe("Grader 'boom' failed: kaput");
  });
});

describe('customModuleGrader', () => {
  it('loads a named function export from a TypeScript module', async () => {
    const g = await customModuleGrader({ module: './graders.ts', export: 'mentionsOrder' }, { baseDir: dir });
    expect(g.name).toBe('mentionsOrder');
    expect((await gradeOutput(g, 'Order 991 shipped', { metadata: { order: 991 } })).pass).toBe(true);
    expect((await gradeOutput(g, 'Shipped', { metadata: { order: 991 } })).pass).toBe(false);
  });

  it('loads the default export and a Grader object, renamed when asked', async () => {
    const d = await customModuleGrader({ module: join(dir, 'graders.ts'), threshold: 0.5 }, { baseDir: '/' });
    expect(await gradeOutput(d, 'hello')).toMatchObject({ grader: 'custom', value: 0.5, pass: true });
    const p = await customModuleGrader(
      { name: 'polite', module: './graders.ts', export: 'politeness' },
      { baseDir: dir },
    );
    expect(await gradeOutput(p, 'Please wait')).toMatchObject({ grader: 'polite', value: 1 });
  });

  it('names a missing module or export in a configuration error', async () => {
    const missing = await customModuleGrader({ module: './nope.ts' }, { baseDir: dir }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: 'GRADER_CONFIG_INVALID',
      issues: [{ path: 'module', message: `no module at ${join(dir, 'nope.ts')}` }],
    });
    const noExport = await customModuleGrader({ module: './graders.ts', export: 'nothing' }, { baseDir: dir }).catch(
      (e: unknown) => e,
    );
    expect(noExport).toMatchObject({
      code: 'GRADER_CONFIG_INVALID',
      issues: [
        {
          path: 'export',
          message:
            "./graders.ts has no function or grader export 'nothing'; it exports: broken, default, mentionsOrder, politeness",
        },
      ],
    });
  });
});
