import { stat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import { importUserModule } from '../core/import-module.js';
import { AssayError } from '../core/errors.js';
import { CaseCollector } from './case-collector.js';
import type { Dataset, LoadDatasetOptions } from './dataset.js';
import { readJson } from './read-json.js';
import { readJsonl } from './read-jsonl.js';
import { datasetVersion } from './version.js';

type Reader = (path: string, label: string, collector: CaseCollector) => Promise<{ name?: string } | void>;

// CSV and YAML readers load their parsers (csv-parse, yaml) only for a file of their kind.
const readCsv: Reader = async (path, label, collector) =>
  (await import('./read-csv.js')).readCsv(path, label, collector);
const readYaml: Reader = async (path, label, collector) =>
  (await import('./read-yaml.js')).readYaml(path, label, collector);

const READERS: { readonly [extension: string]: Reader } = {
  '.jsonl': readJsonl,
  '.ndjson': readJsonl,
  '.csv': readCsv,
  '.json': readJson,
  '.yaml': readYaml,
  '.yml': readYaml,
  '.ts': readModule,
  '.mts': readModule,
  '.js': readModule,
  '.mjs': readModule,
};

/**
 * Loads and validates a dataset from a file (JSONL, CSV, YAML, JSON, or a TS/JS module whose
 * default export is an array of cases) or from an inline array. Every bad row is reported at
 * once in a `DATASET_INVALID` error (`file:line: field: problem`); nothing is skipped silently.
 *
 * @example
 * const ds = await loadDataset('data/qa.jsonl', { baseDir: process.cwd() });
 * ds.cases.length; ds.version; // e.g. 200, '1c9e0b7a2f4d'
 * await loadDataset([{ input: 'Hi', expected: 'Hello' }], { baseDir: '.', name: 'greetings' });
 */
export async function loadDataset(source: string | readonly unknown[], options: LoadDatasetOptions): Promise<Dataset> {
  if (typeof source !== 'string') {
    const name = options.name ?? 'inline';
    const collector = new CaseCollector(`'${name}'`, options.baseDir);
    source.forEach((raw, i) => collector.add(raw, `dataset[${i}]`));
    const cases = collector.finish();
    return { name, version: datasetVersion(cases), cases };
  }

  const path = isAbsolute(source) ? source : resolve(options.baseDir, source);
  const extension = extname(path).toLowerCase();
  const reader = READERS[extension];
  if (reader === undefined) {
    throw new AssayError(
      'DATASET_FORMAT',
      `Cannot read dataset ${source}: unknown file type '${extension || '(none)'}'.`,
      {
        hint: `Use one of: ${Object.keys(READERS).join(', ')}.`,
      },
    );
  }
  await assertFile(path, source);
  const collector = new CaseCollector(source, dirname(path));
  const found = (await reader(path, source, collector)) ?? {};
  const cases = collector.finish();
  const name = options.name ?? found.name ?? basename(path, extname(path));
  return { name, version: datasetVersion(cases), cases, path };
}

export async function assertFile(path: string, source: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw new AssayError('DATASET_UNREADABLE', `Cannot read dataset ${source} (${path}): ${error.message}`, {
      hint: 'Check the file permissions.',
    });
  });
  if (info === undefined) {
    throw new AssayError('DATASET_NOT_FOUND', `No dataset found at ${source} (looked in ${path}).`, {
      hint: "Check the `dataset` path: a relative path is resolved against the eval file's folder.",
    });
  }
  if (!info.isFile()) {
    throw new AssayError('DATASET_NOT_FOUND', `Dataset ${source} is not a file (${path}).`, {
      hint: 'Point `dataset` at a .jsonl, .csv, .yaml or .json file.',
    });
  }
}

async function readModule(path: string, label: string, collector: CaseCollector): Promise<void> {
  let mod: { default?: unknown; cases?: unknown };
  try {
    mod = await importUserModule(path);
  } catch (error) {
    throw new AssayError('DATASET_UNREADABLE', `Cannot load dataset module ${label}: ${(error as Error).message}`, {
      hint: 'Fix the error in the module; it must `export default [ …cases ]`.',
      cause: error,
    });
  }
  const exported = mod.default ?? mod.cases;
  const list = typeof exported === 'function' ? await (exported as () => unknown)() : exported;
  if (!Array.isArray(list)) {
    collector.addIssue({
      code: 'invalid_type',
      path: label,
      message: 'default export: must be an array of cases (or a function returning one)',
    });
    return;
  }
  list.forEach((raw, i) => collector.add(raw, `${label}[${i}]`));
}
