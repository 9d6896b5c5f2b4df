/**
 * A fresh database per test file on the run's server, with a DataSource for
 * direct data-layer tests and the environment that points wfctl at it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { COLLECTIONS, connect, type DataSource } from '../../src/data/core/index.js';

export interface TestDatabase {
  uri: string;
  dbName: string;
  /** environment for running wfctl against this database */
  env: Record<string, string>;
  ds: DataSource;
}

export function testDatabaseName(label: string): string {
  const clean = label.replace(/[^a-z0-9]+/gi, '_').slice(0, 30);
  return `wfctl_t_${clean}_${randomBytes(4).toString('hex')}`;
}

/**
 * Registers beforeAll/afterAll: the database exists for the file and is
 * dropped after it. It is the backend's database (its custom_workflows
 * collection exists, empty), so a test that reads nothing gets honest zeros;
 * `{ backend: false }` leaves it without any collection, as a mistyped --db.
 */
export function useTestDatabase(label: string, options: { backend?: boolean } = {}): TestDatabase {
  const handle = {} as TestDatabase;
  beforeAll(async () => {
    const uri = inject('mongoUri');
    handle.uri = uri;
    handle.dbName = testDatabaseName(label);
    handle.env = {
      WFCTL_MONGODB_URI: uri,
      WFCTL_DB: handle.dbName,
      WFCTL_USER: 'test-user',
      NO_COLOR: '1',
    };
    handle.ds = await connect({ uri, dbName: handle.dbName, timeoutMs: 10_000 });
    if (options.backend !== false) await handle.ds.db.createCollection(COLLECTIONS.workflows);
  });
  afterAll(async () => {
    if (!handle.ds) return;
    await handle.ds.db.dropDatabase().catch(() => undefined);
    await handle.ds.close();
  });
  return handle;
}

/**
 * True when the run's server is FerretDB, which stores fewer BSON values than
 * MongoDB (verified for 1.24: NaN, ±Infinity, Decimal128, MinKey and MaxKey are
 * refused, -0.0 is stored as 0); tests of those values run on MongoDB only.
 */
export async function isFerretDb(ds: DataSource): Promise<boolean> {
  const info = await ds.db.admin().command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string' || (typeof info.ferretdb === 'object' && info.ferretdb !== null);
}
