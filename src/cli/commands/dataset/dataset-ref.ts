import { stat } from 'node:fs/promises';
import { AssayError } from '../../../core/errors.js';
import type { Dataset } from '../../../datasets/dataset.js';
import { loadDataset } from '../../../datasets/load-dataset.js';
import { usingStore } from '../../shared.js';

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch (_error) {
    return false;
  }
}

/** A dataset file, or a dataset version kept in the store. */
export async function loadDatasetRef(ref: string, storeFlags: { store?: string }): Promise<Dataset> {
  if (await isFile(ref)) return loadDataset(ref, { baseDir: process.cwd() });
  if (/^[0-9a-f]{12}$/.test(ref)) {
    const found = await usingStore(storeFlags, async (store) => {
      const stored = await store.datasets.get(ref);
      return stored
        ? { name: stored.name, version: stored.version, cases: await store.datasets.listCases(ref) }
        : undefined;
    });
    if (found) return found;
  }
  throw new AssayError('DATASET_NOT_FOUND', `No dataset file or stored dataset version '${ref}'.`, {
    hint: 'Pass a dataset file (JSONL, CSV, YAML, JSON) or a 12-character version from `assay runs --json`.',
  });
}
