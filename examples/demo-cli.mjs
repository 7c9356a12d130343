// Shared by the example demos (`npm run demo`, `demo:code`, `demo:redteam`): runs the built CLI
// against a fresh demo store, from the project root. Everything stays local.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/assay.js', import.meta.url));

/**
 * Checks the build, empties the demo store and returns `assay(args, { capture, withStore })`
 * (exit code and stdout) and `section(title)`.
 */
export function demoCli(store) {
  if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
    console.error('Assay is not built yet: run `npm ci` (or `npm run build`) first.');
    process.exit(2);
  }
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${root}${store}${suffix}`, { force: true });
  function assay(args, { capture = false, withStore = true } = {}) {
    const result = spawnSync(process.execPath, [bin, ...args, ...(withStore ? ['--store', store] : [])], {
      cwd: root,
      stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
      encoding: 'utf8',
    });
    return { code: result.status ?? 1, stdout: result.stdout ?? '' };
  }
  function section(title) {
    console.log(`\n${'━'.repeat(78)}\n${title}\n${'━'.repeat(78)}`);
  }
  return { assay, section };
}
