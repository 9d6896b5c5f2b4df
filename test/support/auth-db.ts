/**
 * A fresh database per test file on the suite's authenticating server (FerretDB
 * 1.24 with SCRAM), with database users made for the test: each gets a random
 * password and a URI that logs in as them. Dropped after the file.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { MongoClient } from 'mongodb';
import { COLLECTIONS } from '../../src/data/core/index.js';
import { testDatabaseName } from './db.js';

export interface AuthUser {
  user: string;
  password: string;
  /** a connection string that authenticates as this user (SCRAM-SHA-256, authSource = the test database) */
  uri: string;
}

export interface AuthTestDatabase {
  dbName: string;
  /** the server's address without credentials: connecting with it authenticates nobody */
  uri: string;
  users: Record<string, AuthUser>;
  /** environment for running wfctl as one of the users against this database */
  envAs(user: string): Record<string, string>;
  /** a client logged in as the server's first user, for setting up and reading back data */
  admin: MongoClient;
}

function withCredentials(base: string, user: string, password: string, authSource: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  url.searchParams.set('authSource', authSource);
  url.searchParams.set('authMechanism', 'SCRAM-SHA-256');
  return url.toString();
}

/** Registers beforeAll/afterAll; `users` are the database user names to create. */
export function useAuthDatabase(label: string, users: string[]): AuthTestDatabase {
  const handle = { users: {} } as AuthTestDatabase;
  beforeAll(async () => {
    const base = inject('authMongoUri');
    handle.uri = base;
    handle.dbName = testDatabaseName(label);
    handle.admin = new MongoClient(
      withCredentials(base, inject('authAdminUser'), inject('authAdminPassword'), 'admin'),
    );
    await handle.admin.connect();
    const db = handle.admin.db(handle.dbName);
    await db.createCollection(COLLECTIONS.workflows);
    for (const user of users) {
      const password = randomBytes(9).toString('hex');
      await db.command({ createUser: user, pwd: password, roles: [] });
      handle.users[user] = { user, password, uri: withCredentials(base, user, password, handle.dbName) };
    }
    handle.envAs = (user: string) => {
      const u = handle.users[user];
      if (!u) throw new Error(`no test user ${user}`);
      return { WFCTL_MONGODB_URI: u.uri, WFCTL_DB: handle.dbName, NO_COLOR: '1' };
    };
  });
  afterAll(async () => {
    if (!handle.admin) return;
    const db = handle.admin.db(handle.dbName);
    for (const user of users) await db.command({ dropUser: user }).catch(() => undefined);
    await db.dropDatabase().catch(() => undefined);
    await handle.admin.close();
  });
  return handle;
}
