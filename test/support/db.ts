/**
 * A fresh database per test file on the run's server, with a DataSource for
 * direct data-layer tests and the environment that points wfctl at it.
 */
import { randomBytes } from 'node:crypto';
import { BSON, Decimal128, Double, MaxKey, MinKey } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { COLLECTIONS, connect, type DataSource, type PipelineMode } from '../../src/data/core/index.js';

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
 * Values some servers cannot store, or store as something else (FerretDB 1.24
 * refuses NaN, ±Infinity, Decimal128, MinKey and MaxKey and stores -0.0 as 0);
 * MongoDB and FerretDB 2 keep them. Tests of such values ask
 * `storesEveryBsonValue` first.
 */
export const EDGE_BSON_VALUES: Record<string, unknown> = {
  negZero: new Double(-0),
  nan: new Double(Number.NaN),
  inf: new Double(Number.POSITIVE_INFINITY),
  ninf: new Double(Number.NEGATIVE_INFINITY),
  decimal: Decimal128.fromString('1234.5600'),
  min: new MinKey(),
  max: new MaxKey(),
};

/**
 * A capability probe, not a server name: true when the server stores each of
 * EDGE_BSON_VALUES and gives it back byte for byte (a scratch collection of
 * the test database, dropped after).
 */
export async function storesEveryBsonValue(ds: DataSource): Promise<boolean> {
  const probe = ds.db.collection('wfctl_probe_bson_values');
  const bytes = (v: unknown) => Buffer.from(BSON.serialize({ v })).toString('hex');
  try {
    for (const [key, v] of Object.entries(EDGE_BSON_VALUES)) {
      await probe.insertOne({ _id: key, v } as never);
      const back = await probe.findOne({ _id: key } as never, { promoteValues: false });
      if (!back || bytes(back.v) !== bytes(v)) return false;
    }
    return true;
  } catch {
    return false; // refused
  } finally {
    await probe.drop().catch(() => undefined);
  }
}

/**
 * More DataSources on a test database, each in its own pipeline mode (the
 * server plan, the streaming one, or the probe's choice), closed after the
 * file. With `asked`, each source records the names of the requests it runs.
 */
export function pipelineSources(t: TestDatabase): (pipelines: PipelineMode, asked?: string[]) => Promise<DataSource> {
  const sources: DataSource[] = [];
  afterAll(async () => {
    for (const ds of sources) await ds.close();
  });
  return async (pipelines, asked) => {
    const ds = await connect({ uri: t.uri, dbName: t.dbName, timeoutMs: 10_000, pipelines });
    sources.push(ds);
    return asked ? { ...ds, run: (what, op, o) => (asked.push(what), ds.run(what, op, o)) } : ds;
  };
}
