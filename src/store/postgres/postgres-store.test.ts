import { afterAll, describe, expect, it } from 'vitest';
import { dropSchemas, postgresTestUrl, uniqueSchema, withSchema } from '../../../test/helpers/postgres.js';
import { openStore } from '../open-store.js';
import { describeColumnsContract, describeListColumnsContract } from '../columns-contract.js';
import { describeFoldsContract } from '../folds-contract.js';
import { describeSqlViewsContract } from '../sql-views-contract.js';
import { describeStoreContract } from '../store-contract.js';
import { describeTracesContract } from '../traces-contract.js';
import { redactPostgresUrl } from './postgres-config.js';
import { PostgresStore } from './postgres-store.js';

const url = await postgresTestUrl('the Postgres store contract');
const schemas: string[] = [];
afterAll(async () => {
  if (url) await dropSchemas(url, schemas);
});

function fresh(): string {
  const schema = uniqueSchema('assay_store');
  schemas.push(schema);
  return schema;
}

describe.skipIf(!url)('PostgresStore', () => {
  describeStoreContract('postgres', async () => PostgresStore.open({ url: url!, schema: fresh() }));
  describeSqlViewsContract('postgres', async () => PostgresStore.open({ url: url!, schema: fresh() }));
  describeTracesContract('postgres', async () => PostgresStore.open({ url: url!, schema: fresh() }));
  describeColumnsContract('postgres', async () => PostgresStore.open({ url: url!, schema: fresh() }));
  describeListColumnsContract('postgres', async () => PostgresStore.open({ url: url!, schema: fresh() }));
  describeFoldsContract('postgres', async () => PostgresStore.open({ url: url!, schema: fresh() }));

  it('migrates once when several processes open a new store at the same moment', async () => {
    const schema = fresh();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresStore.open({ url: url!, schema })));
    const { rows } = await stores[0].pool.query<{ id: string }>('SELECT id FROM migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual([
      '0001-initial',
      '0002-audit-samples',
      '0003-sql-views',
      '0004-review-labels',
      '0005-run-heartbeat',
      '0006-trial-cached',
      '0007-traces',
      '0008-trace-sql-views',
      '0009-run-matrix',
      '0010-run-folds',
      '0011-run-fold-parts',
    ]);
    await Promise.all(stores.map((s) => s.close()));
  });

  it('is what --store and $ASSAY_STORE open for a postgres:// URL, with the password redacted', async () => {
    const schema = fresh();
    const store = await openStore({ env: { ASSAY_STORE: withSchema(url!, schema) } });
    expect(store.kind).toBe('postgres');
    expect((store as PostgresStore).schema).toBe(schema);
    await store.close();
    expect(redactPostgresUrl('postgres://ann:s3cret@db.internal:5432/evals?schema=x')).toBe(
      'postgres://ann:***@db.internal:5432/evals?schema=x',
    );
    const withPassword = new URL(url!);
    withPassword.password = 'not-the-password';
    const refused = openStore({ location: withSchema(withPassword.toString(), schema) });
    // Trust auth accepts any password; either way the message never shows it.
    await refused.then(
      (s) => s.close(),
      (error: Error) => expect(error.message).not.toContain('not-the-password'),
    );
  });

  it('says which store it could not open, without the password', async () => {
    const bad = 'postgres://ann:hunter2@127.0.0.1:1/nowhere';
    const error = await openStore({ location: bad }).catch((e: Error & { code?: string; hint?: string }) => e);
    expect(error).toMatchObject({ code: 'STORE_OPEN_FAILED' });
    expect((error as Error).message).toContain('postgres://ann:***@127.0.0.1:1/nowhere');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
