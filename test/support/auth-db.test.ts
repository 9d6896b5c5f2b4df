import { describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { useAuthDatabase } from './auth-db.js';

describe('the suite’s authenticating server', () => {
  const t = useAuthDatabase('authsrv', ['alice', 'bob']);

  it('logs each user in as themselves', async () => {
    for (const name of ['alice', 'bob']) {
      const c = new MongoClient(t.users[name]!.uri);
      try {
        const status = await c.db(t.dbName).command({ connectionStatus: 1 });
        expect(status.authInfo.authenticatedUsers).toEqual([{ user: name, db: t.dbName }]);
      } finally {
        await c.close();
      }
    }
  });

  it('refuses a wrong password and an anonymous read', async () => {
    const wrong = new URL(t.users.alice!.uri);
    wrong.password = 'not-the-password';
    const c = new MongoClient(wrong.toString(), { serverSelectionTimeoutMS: 3000 });
    await expect(c.db(t.dbName).command({ ping: 1 })).rejects.toMatchObject({ code: 18 });
    await c.close();
    const anon = new MongoClient(t.uri, { serverSelectionTimeoutMS: 3000 });
    await expect(anon.db(t.dbName).collection('x').findOne()).rejects.toThrow(/requires authentication/);
    await anon.close();
  });
});
