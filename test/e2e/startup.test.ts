import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCommandManifest } from '../../src/cli/command-manifest.js';
import { buildCommandManifest } from '../../src/cli/command-manifest.js';
import { projectRoot } from '../helpers/run-cli.js';

// Start-up of the built CLI (`node bin/assay.js`, as installed): what each command loads, read
// from an import tracer in the child process. The CLI runs from the bundle in dist/bundle/;
// the bundle's meta.json names the compiled modules and packages each loaded file holds.
// Timing lives in bench/startup.ts; this keeps the lazy loading from silently coming back undone.
const bin = join(projectRoot, 'bin/assay.js');
const tracer = join(projectRoot, 'test/helpers/import-trace.mjs');
const manifestUrl = new URL('dist/cli/commands/command-manifest.json', `file://${projectRoot}/`);
const dir = mkdtempSync(join(tmpdir(), 'assay-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Packages no help page and no listing of runs may load. */
const HEAVY = ['better-sqlite3', 'tsx', 'pg', 'pg-boss', 'hono', '@hono', 'playwright-core', 'zod', 'ajv', 'esbuild'];

interface Traced {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Packages loaded, by name. */
  readonly packages: Set<string>;
  /** Our compiled modules loaded, relative to dist/. */
  readonly modules: Set<string>;
}

interface BundleMeta {
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>;
}

let bundleInputs: Map<string, string[]> | undefined;
/** What a loaded URL stands for: the bundle's files by their inputs, any other file as itself. */
function sources(url: string): string[] {
  bundleInputs ??= new Map(
    Object.entries(
      (JSON.parse(readFileSync(join(projectRoot, 'dist/bundle/meta.json'), 'utf8')) as BundleMeta).outputs,
    ).map(([file, output]) => [file, Object.keys(output.inputs).map((input) => `/${input}`)]),
  );
  const inBundle = /\/(dist\/bundle\/[^/]+\.js)$/.exec(url)?.[1];
  return inBundle ? (bundleInputs.get(inBundle) ?? []) : [url];
}

let n = 0;
function traced(args: readonly string[]): Promise<Traced> {
  const trace = join(dir, `trace-${n++}.txt`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tracer, bin, ...args], {
      cwd: dir,
      env: { ...process.env, ASSAY_IMPORT_TRACE: trace, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const urls = (existsSync(trace) ? readFileSync(trace, 'utf8').split('\n') : []).flatMap(sources);
      const packages = new Set(
        urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.slice(1, 2) ?? []),
      );
      const modules = new Set(urls.flatMap((u) => /\/dist\/(.+\.js)$/.exec(u)?.slice(1, 2) ?? []));
      resolve({ code, stdout, stderr, packages, modules });
    });
  });
}

function heavyIn(t: Traced): string[] {
  return HEAVY.filter((name) => t.packages.has(name));
}

describe('start-up of the built CLI', () => {
  beforeAll(() => {
    if (!existsSync(manifestUrl)) throw new Error('No command manifest in dist/: run `npm run build` first.');
  });

  it('ships a command manifest that matches the commands in the source', async () => {
    expect(readCommandManifest(manifestUrl)).toEqual(JSON.parse(JSON.stringify(await buildCommandManifest())));
  }, 120_000);

  it('prints `--help` loading no command module and none of the heavy packages', async () => {
    const t = await traced(['--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('run [options] <eval-file>');
    expect(t.stdout).toContain('compare [options] [runs...]');
    expect(t.packages.size).toBeGreaterThan(0);
    expect(heavyIn(t)).toEqual([]);
    expect([...t.modules].filter((m) => m.startsWith('cli/commands/'))).toEqual(['cli/commands/index.js']);
  });

  it("prints a command's full options with `<command> --help`, still without its module", async () => {
    const t = await traced(['run', '--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Usage: assay run [options] <eval-file>');
    for (const flag of ['--max-error-rate <share>', '--no-cache', '--queue', '--reporter <name>', '--baseline']) {
      expect(t.stdout).toContain(flag);
    }
    expect(heavyIn(t)).toEqual([]);
    expect(t.modules.has('cli/commands/run.js')).toBe(false);
    const nested = await traced(['dataset', 'promote', '--help']);
    expect(nested.code).toBe(0);
    expect(nested.stdout).toContain('Usage: assay dataset promote');
    expect(heavyIn(nested)).toEqual([]);
  });

  it('lists runs with the store and nothing else heavy, and without the summariser', async () => {
    const store = join(dir, 'runs.db');
    const evalFile = join(dir, 'tiny.eval.yaml');
    writeFileSync(
      evalFile,
      'name: tiny\ndataset: [{ id: a, input: hi }]\ntarget: { type: mock }\ngraders: [{ type: includes, value: hi }]\n',
    );
    const run = await traced(['run', evalFile, '--store', store, '--no-progress']);
    expect(run.code, run.stderr).toBe(0);
    // A YAML eval with a mock target and a rule grader: no TypeScript loader, no JSON Schema validator.
    expect(run.packages.has('tsx')).toBe(false);
    expect(run.packages.has('ajv')).toBe(false);
    expect(run.modules.has('targets/openai/openai-target.js')).toBe(false);
    // No simulated user, no gates, no --baseline: no chat model, HTTP transport, gate parser or run lookup.
    for (const module of [
      'targets/create-chat-model.js',
      'targets/transport/http-transport.js',
      'analysis/gates/parse-gates.js',
      'analysis/run-ref.js',
    ]) {
      expect(run.modules.has(module), module).toBe(false);
    }
    const t = await traced(['runs', '--store', store]);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toMatch(/tiny +completed/);
    expect(t.packages.has('better-sqlite3')).toBe(true);
    expect(heavyIn(t).filter((p) => p !== 'better-sqlite3')).toEqual([]);
    expect(t.modules.has('analysis/summarize-run.js')).toBe(false);
  });

  it('leaves usage errors to the real command and keeps its suggestions', async () => {
    const bad = await traced(['run', 'x.eval.yaml', '--repeats', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--repeats must be a positive whole number');
    const typo = await traced(['rnu']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('(Did you mean run?)');
  });
});
