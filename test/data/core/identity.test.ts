import { describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { useAuthDatabase } from '../../support/auth-db.js';
import { useTestDatabase } from '../../support/db.js';
import { authenticatedName, authenticatedUsers } from '../../../src/data/core/index.js';

describe('authenticatedUsers (connectionStatus)', () => {
  const auth = useAuthDatabase('identity', ['alice', 'bob']);
  const plain = useTestDatabase('identity_plain');

  it('names the SCRAM user each connection logged in as', async () => {
    for (const name of ['alice', 'bob']) {
      const c = new MongoClient(auth.users[name]!.uri);
      try {
        const users = await authenticatedUsers(c.db(auth.dbName));
        expect(users).toEqual([{ user: name, db: auth.dbName }]);
        expect(authenticatedName(users, auth.dbName)).toBe(name);
      } finally {
        await c.close();
      }
    }
  });

  it('is empty on a connection that did not authenticate', async () => {
    expect(await authenticatedUsers(plain.ds.db)).toEqual([]);
  });

  it('names a user of another database with its database', () => {
    expect(authenticatedName([{ user: 'ci', db: 'ops' }], 'workflows')).toBe('ci@ops');
    expect(authenticatedName([{ user: 'root', db: 'admin' }], 'workflows')).toBe('root');
    expect(authenticatedName([], 'workflows')).toBeNull();
  });
});
