import { describe, expect, it } from 'vitest';
import {
  backendCollectionsIn,
  BACKEND_COLLECTIONS,
  connect,
  notBackendDatabaseMessage,
  otherDatabases,
  requireBackendDatabase,
} from '../../../src/data/core/index.js';
import { useTestDatabase } from '../../support/db.js';

const bare = useTestDatabase('backend_db_bare', { backend: false });
const backend = useTestDatabase('backend_db');

describe('is this the backend database?', () => {
  it('a database with none of the backend collections: NotBackendDatabaseError (exit 1) naming them and the other databases', async () => {
    expect(await backendCollectionsIn(bare.ds)).toEqual([]);
    const err = await requireBackendDatabase(bare.ds, 'the hint').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NotBackendDatabaseError', exitCode: 1, hint: 'the hint' });
    const message = (err as Error).message;
    expect(message).toContain(
      `database '${bare.dbName}' holds none of the backend's collections (custom_workflows, workflow_versions, workflow_execution_logs, workflow_action_attempts, workflow_audit_logs)`,
    );
    expect(message).toMatch(/; databases on this server: /);
    // wfctl's own collections do not make it the backend's
    await bare.ds.db.createCollection('wfctl_holds');
    expect(await backendCollectionsIn(bare.ds)).toEqual([]);
    await bare.ds.db.dropCollection('wfctl_holds');
  });

  it('one of the collections is enough, empty or not', async () => {
    expect(await backendCollectionsIn(backend.ds)).toEqual(['custom_workflows']);
    await backend.ds.audit.insertOne({
      event_type: 'workflow_created',
      workflow_id: null,
      user_id: null,
      details: {},
      metadata: {},
      timestamp: new Date(),
    });
    expect(await backendCollectionsIn(backend.ds)).toEqual(['custom_workflows', 'workflow_audit_logs']);
    await expect(requireBackendDatabase(backend.ds)).resolves.toBeUndefined();
    expect(BACKEND_COLLECTIONS).toHaveLength(5);
  });

  it('other databases: neither this one nor admin, config, local', async () => {
    const others = await otherDatabases(bare.ds);
    expect(others).not.toBeNull();
    expect(others).toContain(backend.dbName);
    expect(others).not.toContain(bare.dbName);
    for (const system of ['admin', 'config', 'local']) expect(others).not.toContain(system);
  });

  it('the message: the list when known (at most 20 named), none when not permitted', () => {
    const head =
      "database 'workflow' holds none of the backend's collections (custom_workflows, workflow_versions, workflow_execution_logs, workflow_action_attempts, workflow_audit_logs)";
    expect(notBackendDatabaseMessage('workflow', ['a', 'b'])).toBe(`${head}; databases on this server: a, b`);
    expect(notBackendDatabaseMessage('workflow', null)).toBe(head);
    expect(notBackendDatabaseMessage('workflow', [])).toBe(`${head}; the server has no other database`);
    const many = Array.from({ length: 23 }, (_, i) => `db${String(i).padStart(2, '0')}`);
    expect(notBackendDatabaseMessage('workflow', many)).toMatch(/db19 and 3 more$/);
  });

  it('a server that refuses listDatabases: the list is left out', async () => {
    // a data source whose admin command fails as an unauthorized user's would
    const ds = await connect({ uri: bare.uri, dbName: bare.dbName, timeoutMs: 5000 });
    try {
      const refusing = {
        ...ds,
        db: Object.assign(Object.create(ds.db) as typeof ds.db, {
          admin: () => ({
            listDatabases: () =>
              Promise.reject(Object.assign(new Error('not authorized on admin to execute command'), { code: 13 })),
          }),
        }),
      };
      expect(await otherDatabases(refusing as typeof ds)).toBeNull();
    } finally {
      await ds.close();
    }
  });
});
