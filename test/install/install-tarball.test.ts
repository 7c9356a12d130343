import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarballOffline, packProject } from '../helpers/offline-install.js';
import { projectRoot } from '../helpers/run-cli.js';

// A user's view of the package: `npm pack`, install the tarball into fresh `npm init -y`
// projects (CommonJS, as npm writes it, and ESM), then use the CLI and the library there.
const root = mkdtempSync(join(tmpdir(), 'assay-install-'));
let tarball = '';
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(join(projectRoot, 'dist/cli/commands/init.js'))) {
    throw new Error('dist/ is stale or missing: run `npm run build:lib` before this test (npm test does it).');
  }
  tarball = packProject(root);
}, 120_000);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function sh(cwd: string, file: string, args: readonly string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, NO_COLOR: '1', npm_config_offline: 'true' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const upperEval = (name: string, header: string, exportLine: string) => `${header}
${exportLine}({
  name: '${name}',
  dataset: './cases.jsonl',
  target: async (c${name === 'js' ? '' : ': { input: unknown }'}) => String(c.input).toUpperCase(),
  graders: [{ type: 'exact', name: 'upper' }],
});
`;

function writeEvals(project: string, moduleKind: 'commonjs' | 'module'): void {
  const evals = join(project, 'more');
  mkdirSync(evals);
  writeFileSync(
    join(evals, 'cases.jsonl'),
    '{"id":"a","input":"hi","expected":"HI"}\n{"id":"b","input":"ok","expected":"OK"}\n',
  );
  const importLine = "import { defineEval } from 'assay';";
  writeFileSync(join(evals, 'typed.eval.ts'), upperEval('typed', importLine, 'export default defineEval'));
  writeFileSync(join(evals, 'bare.eval.ts'), upperEval('bare', '// no imports at all', 'export default '));
  writeFileSync(join(evals, 'module.eval.mts'), upperEval('module', importLine, 'export default defineEval'));
  const js =
    moduleKind === 'commonjs'
      ? upperEval('js', "const { defineEval } = require('assay');", 'module.exports = defineEval')
      : upperEval('js', importLine, 'export default defineEval');
  writeFileSync(join(evals, 'plain.eval.js'), js);
}

describe.each(['commonjs', 'module'] as const)('the packed tarball in a fresh %s project', (moduleKind) => {
  const project = join(root, moduleKind);

  beforeAll(async () => {
    mkdirSync(project);
    const init = await sh(project, 'npm', ['init', '-y']);
    expect(init.code).toBe(0);
    if (moduleKind === 'module') {
      const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
      writeFileSync(join(project, 'package.json'), JSON.stringify({ ...pkg, type: 'module' }, null, 2));
    }
    installTarballOffline(project, tarball);
    writeEvals(project, moduleKind);
  }, 120_000);

  it('scaffolds evals/ with `npx assay init`, prints the next command, and that command passes', async () => {
    const init = await sh(project, 'npx', ['assay', 'init']);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('Next: npx assay run evals/intent.eval.ts');
    expect(readFileSync(join(project, 'evals/intent.eval.ts'), 'utf8')).toMatch(/^\/\*\n \* An Assay eval/);
    const run = await sh(project, 'npx', ['assay', 'run', 'evals/intent.eval.ts', '--json', '--no-progress']);
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      status: 'completed',
      eval: 'intent',
      counts: { cases: 5, errors: 0 },
    });
    expect(run.stderr).toContain('Gates: passed');
    const again = await sh(project, 'npx', ['assay', 'init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist');
  }, 60_000);

  it.each(['typed.eval.ts', 'bare.eval.ts', 'module.eval.mts', 'plain.eval.js'])(
    'runs more/%s',
    async (file) => {
      const run = await sh(project, 'npx', ['assay', 'run', `more/${file}`, '--json', '--no-progress']);
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary.counts).toMatchObject({ cases: 2, errors: 0 });
      expect(summary.graders[0]).toMatchObject({ name: 'upper', passRate: { value: 1 } });
    },
    60_000,
  );

  it('resolves the library by import and by require', async () => {
    const esm = await sh(project, 'node', [
      '--input-type=module',
      '-e',
      "import { defineEval } from 'assay'; console.log(typeof defineEval)",
    ]);
    expect(esm.stdout.trim()).toBe('function');
    const cjs = await sh(project, 'node', ['-e', "console.log(typeof require('assay').openStore)"]);
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe('function');
  }, 60_000);
});
