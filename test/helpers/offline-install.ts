import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './run-cli.js';

interface LockEntry {
  readonly dev?: boolean;
  readonly devOptional?: boolean;
  readonly [key: string]: unknown;
}

/** Packs this project with `npm pack` (dist/ must be built) and returns the tarball's path. */
export function packProject(destination: string): string {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd: projectRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(destination, info.filename);
}

/**
 * Installs the tarball into `dir` (a project made by `npm init -y`) the way a user's
 * `npm install ./assay-x.tgz` would, but with no network: the lockfile written here pins the
 * tarball's dependencies to the versions of this project's own lockfile, so `npm ci --offline`
 * takes every package from the local npm cache. Install scripts are skipped and the native
 * SQLite binding already compiled for this project is copied in, instead of compiling SQLite again.
 */
export function installTarballOffline(dir: string, tarball: string): void {
  const pkgPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
  const ours = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const spec = `file:${tarball}`;
  pkg.dependencies = { assay: spec };
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const packages: Record<string, unknown> = {
    '': { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies },
    'node_modules/assay': {
      version: ours.version,
      resolved: spec,
      dependencies: ours.dependencies,
      bin: ours.bin,
      engines: ours.engines,
    },
  };
  // Our lockfile leaves out `resolved` (npm's omit-lockfile-registry-resolved); without it npm
  // would look each package up in the registry's metadata, which the cache may hold in another
  // form. With the tarball's address, npm takes the tarball from the cache by its integrity.
  const registry = execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim().replace(/\/$/, '');
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional) continue;
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const file = `${name.split('/').pop()}-${String(entry.version)}.tgz`;
    packages[path] = entry.resolved || entry.link ? entry : { ...entry, resolved: `${registry}/${name}/-/${file}` };
  }
  const lockfile = { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lockfile, null, 2)}\n`);
  execFileSync('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'pipe' });
  const binding = 'node_modules/better-sqlite3/build/Release';
  mkdirSync(join(dir, binding), { recursive: true });
  copyFileSync(join(projectRoot, binding, 'better_sqlite3.node'), join(dir, binding, 'better_sqlite3.node'));
}
