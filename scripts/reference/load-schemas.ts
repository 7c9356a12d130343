import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCHEMA_FOLDERS = ['../../src/graders', '../../src/targets'];

/**
 * Imports every grader and target module, so each kind registers its option schema.
 * The CLI loads a kind's module only when an eval names it (lazy factories), so without this
 * the reference would list the kinds but not their options. Walking the folders keeps the
 * reference complete without a second list of modules to keep in step.
 */
export async function loadAllSchemas(): Promise<void> {
  const files: string[] = [];
  for (const folder of SCHEMA_FOLDERS) collect(fileURLToPath(new URL(folder, import.meta.url)), files);
  for (const file of files.sort()) await import(pathToFileURL(file).href);
}

function collect(dir: string, into: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) collect(path, into);
    else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) into.push(path);
  }
}
