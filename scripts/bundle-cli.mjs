// Build step (`npm run build:lib`, after tsc and the command manifest): bundles the compiled CLI
// and the public API into dist/bundle/, which `bin/assay.js` and the package's `exports` load.
//
// Why: a run loads over 400 ES modules from dist/ and node_modules, and Node 20 resolves, reads
// and compiles each one on every start; a bundle loads a few dozen files. Code splitting keeps the
// lazy loading: each command, grader and target is still its own chunk, imported only when used.
// The CLI and the API are one build with shared chunks, so an eval file that imports `assay`
// gets the very classes the CLI checks (`instanceof AssayError`).
//
// Every output file sits directly in dist/bundle/, two folders below the package root as the
// files of src/ and dist/ are, so paths taken from `import.meta.url` (the dashboard's web/dist/,
// the command manifest beside the command modules) mean the same thing in all three.
// meta.json records which source modules each output file holds (test/e2e/startup.test.ts reads
// it to name what a command loads).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = 'dist/bundle';

/**
 * Left to Node at run time: optional and native packages (pg, pg-boss, esbuild), packages that
 * find their own files on disk (tsx's loader hooks, protobufjs, @opentelemetry's generated code,
 * ajv's schemas), and development-only tools. better-sqlite3's JavaScript is bundled; its addon
 * is loaded from the path `store/sqlite/sqlite-database.ts` hands it.
 */
const external = [
  'pg',
  'pg-boss',
  'esbuild',
  'tsx',
  'tsx/*',
  'protobufjs',
  'protobufjs/*',
  '@opentelemetry/*',
  'ajv',
  'ajv/*',
  'playwright-core',
];

/**
 * zod's `z.locales` namespace (error messages in some 40 languages, half of zod's code) is
 * left out: Assay reports in English (zod's own default, which it loads itself) and never
 * reads another locale, and parsing them cost ~8 ms of CPU on every start. `z.locales.en`
 * stays.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: args.importer, namespace: 'zod-locales' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from '../locales/en.js';",
      resolveDir: dirname(args.path),
    }));
  },
};

rmSync(`${root}${out}`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { 'assay-cli': 'dist/cli/main.js', index: 'dist/index.js' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  plugins: [zodEnglishOnly],
  metafile: true,
  legalComments: 'linked',
  // CommonJS packages in the bundle (commander, picocolors) call `require` for Node's built-ins.
  banner: {
    js: "import { createRequire as __assayCreateRequire } from 'node:module'; const require = __assayCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
writeFileSync(`${root}${out}/meta.json`, `${JSON.stringify(result.metafile)}\n`);
mkdirSync(`${root}${out}/commands`, { recursive: true });
copyFileSync(`${root}dist/cli/commands/command-manifest.json`, `${root}${out}/commands/command-manifest.json`);
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
process.stdout.write(`Bundled the CLI and the API into ${files} files in ${out}/.\n`);
