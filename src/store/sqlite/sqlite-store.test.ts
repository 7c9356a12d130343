import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeColumnsContract, describeListColumnsContract } from '../columns-contract.js';
import { describeFoldsContract } from '../folds-contract.js';
import { describeSqlViewsContract } from '../sql-views-contract.js';
import { describeStoreContract } from '../store-contract.js';
import { describeTracesContract } from '../traces-contract.js';
import { SqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'assay-sqlite-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite', async () => new SqliteStore({ path: join(dir, `store-${n++}.db`) }));

describe('SqliteStore', () => {
  it('applies migrations once and reopens an existing file', async () => {
    const path = join(dir, 'reopen.db');
    const first = new SqliteStore({ path });
    await first.baselines.list();
    await first.close();
    const second = new SqliteStore({ path });
    expect(await second.runs.list()).toEqual([]);
    await second.close();
  });

  it('names the path when the file cannot be opened', () => {
    expect(() => new SqliteStore({ path: join(dir, 'missing', 'x.db'), readonly: true })).toThrow(
      /Could not open the store at .*x\.db/,
    );
  });
});

describeSqlViewsContract('sqlite', async () => new SqliteStore({ path: join(dir, `views-${n++}.db`) }));
describeTracesContract('sqlite', async () => new SqliteStore({ path: join(dir, `traces-${n++}.db`) }));
describeColumnsContract('sqlite', async () => new SqliteStore({ path: join(dir, `columns-${n++}.db`) }));
describeListColumnsContract('sqlite', async () => new SqliteStore({ path: join(dir, `list-columns-${n++}.db`) }));
describeFoldsContract('sqlite', async () => new SqliteStore({ path: join(dir, `folds-${n++}.db`) }));
