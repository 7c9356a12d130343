import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path of an executable on PATH (or in the sbin folders, where util-linux keeps some tools), or null. */
export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '/usr/bin:/bin').split(delimiter), '/usr/sbin', '/sbin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // Not in this folder: keep looking.
    }
  }
  return null;
}
