import { describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { useAuthDatabase } from '../../support/auth-db.js';
import { useTestDatabase } from '../../support/db.js';
import {
  authenticatedName,
  authenticatedUsers,
  decideIdentity,
  differingAuthenticatedUser,
} from '../../../src/data/core/index.js';
import { UsageError } from '../../../src/errors.js';

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

describe('decideIdentity (the one decision of who acts on a write)', () => {
  const setting = (mode: 'record' | 'strict', declared: string, declaredSource = '--as') => ({
    mode,
    modeSource: mode === 'strict' ? '--identity' : 'default',
    declared,
    declaredSource,
  });
  const as = (...names: string[]) =>
    names.map((n) => (n.includes('@') ? { user: n.split('@')[0]!, db: n.split('@')[1]! } : { user: n, db: 'wf' }));

  it('record: both as they are, authenticated or not', () => {
    expect(decideIdentity(setting('record', 'ops'), as('alice'), 'wf')).toEqual({
      declared: 'ops',
      authenticated: 'alice',
    });
    expect(decideIdentity(setting('record', 'ops'), [], 'wf')).toEqual({ declared: 'ops', authenticated: null });
  });

  it('strict: the same user passes, as it is recorded (user, or user@db of another database)', () => {
    expect(decideIdentity(setting('strict', 'alice'), as('alice'), 'wf')).toEqual({
      declared: 'alice',
      authenticated: 'alice',
    });
    expect(decideIdentity(setting('strict', 'root'), [{ user: 'root', db: 'admin' }], 'wf').authenticated).toBe('root');
    expect(decideIdentity(setting('strict', 'ci@ops'), as('ci@ops'), 'wf')).toEqual({
      declared: 'ci@ops',
      authenticated: 'ci@ops',
    });
    // one of the users of a connection that authenticated twice
    expect(decideIdentity(setting('strict', 'bob'), as('alice', 'bob'), 'wf').authenticated).toBe('alice,bob');
  });

  it('strict without a declared user records the authenticated one as declared', () => {
    expect(decideIdentity(setting('strict', 'osname', 'os'), as('alice'), 'wf')).toEqual({
      declared: 'alice',
      authenticated: 'alice',
    });
  });

  it('strict refuses another declared user, a prefix of one, and a connection without one (exit 2)', () => {
    const refused = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused(() => decideIdentity(setting('strict', 'mallory', 'WFCTL_USER'), as('alice'), 'wf'))).toBe(
      'the declared user "mallory" (from WFCTL_USER) is not the authenticated database user "alice"; --identity strict (from --identity) refuses to write; nothing was written',
    );
    expect(refused(() => decideIdentity(setting('strict', 'alicex'), as('alice'), 'wf'))).toMatch(
      /not the authenticated/,
    );
    // the user "alice@example.com" of the working database is not "alice"; a user of another database is named with it
    expect(
      refused(() => decideIdentity(setting('strict', 'alice'), [{ user: 'alice@example.com', db: 'wf' }], 'wf')),
    ).toMatch(/"alice@example.com"/);
    expect(refused(() => decideIdentity(setting('strict', 'ci'), as('ci@ops'), 'wf'))).toMatch(/"ci@ops"/);
    expect(refused(() => decideIdentity(setting('strict', 'ops', 'os'), [], 'wf'))).toMatch(
      /^identity strict needs an authenticated connection: .*nothing was written$/,
    );
  });

  it('a person is shown the authenticated user only where it differs', () => {
    expect(differingAuthenticatedUser('ops', 'alice')).toBe('alice');
    expect(differingAuthenticatedUser('alice', 'alice')).toBeNull();
    expect(differingAuthenticatedUser('alice', 'alice@example.com')).toBe('alice@example.com');
    expect(differingAuthenticatedUser('bob', 'alice,bob')).toBeNull();
    expect(differingAuthenticatedUser(null, 'alice')).toBe('alice');
    expect(differingAuthenticatedUser('ops', null)).toBeNull();
  });
});
