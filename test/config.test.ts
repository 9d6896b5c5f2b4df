import { describe, expect, it } from 'vitest';
import { resolveConnectionConfig, uriDatabase } from '../src/config.js';
import { SecretKeychain, redactUriPasswords } from '../src/data/core/index.js';
import { UsageError } from '../src/errors.js';
import { decideColor } from '../src/io.js';

describe('connection settings precedence', () => {
  it('takes --uri over every variable, then WFCTL_MONGODB_URI, MONGODB_URI, MONGO_URL, then the default', () => {
    const env = { WFCTL_MONGODB_URI: 'mongodb://a', MONGODB_URI: 'mongodb://b', MONGO_URL: 'mongodb://c' };
    expect(resolveConnectionConfig({ uri: 'mongodb://flag' }, env).uri).toBe('mongodb://flag');
    expect(resolveConnectionConfig({}, env).uri).toBe('mongodb://a');
    expect(resolveConnectionConfig({}, { MONGODB_URI: 'mongodb://b', MONGO_URL: 'mongodb://c' }).uri).toBe(
      'mongodb://b',
    );
    expect(resolveConnectionConfig({}, { MONGO_URL: 'mongodb://c' }).uri).toBe('mongodb://c');
    expect(resolveConnectionConfig({}, {}).uri).toBe('mongodb://127.0.0.1:27017');
  });

  it('takes --db, then WFCTL_DB, DB_NAME, the URI path, then "workflows"', () => {
    const uri = 'mongodb://h/fromuri?x=1';
    expect(resolveConnectionConfig({ db: 'flag', uri }, { WFCTL_DB: 'w', DB_NAME: 'd' }).dbName).toBe('flag');
    expect(resolveConnectionConfig({ uri }, { WFCTL_DB: 'w', DB_NAME: 'd' }).dbName).toBe('w');
    expect(resolveConnectionConfig({ uri }, { DB_NAME: 'd' }).dbName).toBe('d');
    expect(resolveConnectionConfig({ uri }, {}).dbName).toBe('fromuri');
    expect(resolveConnectionConfig({ uri: 'mongodb://h/' }, {}).dbName).toBe('workflows');
  });

  it('takes --user, then WFCTL_USER, then the OS user', () => {
    expect(resolveConnectionConfig({ user: 'ann' }, { WFCTL_USER: 'bob' }).user).toBe('ann');
    expect(resolveConnectionConfig({}, { WFCTL_USER: 'bob' }).user).toBe('bob');
    expect(resolveConnectionConfig({}, {}).user.length).toBeGreaterThan(0);
  });

  it('takes --max-time in seconds as the per-query maxTimeMS, 60 s by default', () => {
    expect(resolveConnectionConfig({}, {}).maxTimeMs).toBe(60_000);
    expect(resolveConnectionConfig({ maxTime: 600 }, {}).maxTimeMs).toBe(600_000);
    expect(resolveConnectionConfig({ maxTime: 0.0001 }, {}).maxTimeMs).toBe(1);
  });

  it('rejects a URI that is not mongodb:// or mongodb+srv://', () => {
    expect(() => resolveConnectionConfig({ uri: 'http://x' }, {})).toThrow(UsageError);
    expect(() => resolveConnectionConfig({ uri: 'mongodb+srv://cluster.example.net/db' }, {})).not.toThrow();
  });

  it('rejects an impossible database name', () => {
    expect(() => resolveConnectionConfig({ db: 'a/b' }, {})).toThrow(/invalid database name/);
  });

  it('reads the database from the URI path, percent-decoded', () => {
    expect(uriDatabase('mongodb://u:p@h1,h2:27018/my%2Ddb?replicaSet=rs')).toBe('my-db');
    expect(uriDatabase('mongodb://h')).toBeUndefined();
  });
});

describe('secret redaction', () => {
  it('hides the password of any connection string in a text', () => {
    expect(redactUriPasswords('failed mongodb://bob:hunter2@db:27017/x')).toBe('failed mongodb://bob:****@db:27017/x');
  });

  it('hides registered secrets in raw and decoded form', () => {
    const k = new SecretKeychain();
    k.registerUri('mongodb://bob:s3cr%40t@db/x');
    expect(k.redact('auth failed for s3cr@t and s3cr%40t')).toBe('auth failed for **** and ****');
  });
});

describe('colour decision', () => {
  it('honours --no-color, NO_COLOR, FORCE_COLOR and the terminal', () => {
    expect(decideColor(true, {})).toBe(true);
    expect(decideColor(false, {})).toBe(false);
    expect(decideColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(decideColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(decideColor(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(decideColor(true, { FORCE_COLOR: '1' }, false)).toBe(false);
    expect(decideColor(true, { TERM: 'dumb' })).toBe(false);
  });
});

describe('secrets in connection strings', () => {
  it('hides secret options and passwords with unescaped characters', () => {
    const text = redactUriPasswords(
      'mongodb://bob:pa@ss/word@db:27017/x?tls=true&tlsCertificateKeyFilePassword=TLSPASS&authMechanismProperties=AWS_SESSION_TOKEN:TOK&appName=a',
    );
    expect(text).toBe(
      'mongodb://bob:****@db:27017/x?tls=true&tlsCertificateKeyFilePassword=****&authMechanismProperties=****&appName=a',
    );
  });

  it('does not scatter a very short password over a message', () => {
    const k = new SecretKeychain();
    k.registerUri('mongodb://bob:e@db/x');
    expect(k.redact('authentication failed for mongodb://bob:e@db/x')).toBe(
      'authentication failed for mongodb://bob:****@db/x',
    );
  });

  it('never echoes a database name taken from a malformed URI (it may hold part of a password)', () => {
    let message = '';
    try {
      resolveConnectionConfig({ uri: 'mongodb://bob:pa@ss/wordSECRET@db:27017/x' }, {});
    } catch (err) {
      message = (err as Error).message + String((err as UsageError).hint);
    }
    expect(message).toContain("invalid database name in the connection string's path");
    expect(message).not.toContain('SECRET');
  });
});
