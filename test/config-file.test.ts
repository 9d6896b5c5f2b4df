/** The configuration file (contexts) and the precedence of the target: unit level, no server. */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFilePath, readConfigFile, type ConfigFile } from '../src/config-file.js';
import { resolveConnectionConfig, type GlobalOptions } from '../src/config.js';
import { UsageError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'wfctl-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** A configuration file with this text and mode; its path as WFCTL_CONFIG. */
function configWith(text: string, mode = 0o600): Record<string, string> {
  const path = join(dir, `config-${++n}.yaml`);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return { WFCTL_CONFIG: path };
}

function refusal(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return err as UsageError;
  }
  throw new Error('not refused');
}

describe('where the configuration file is', () => {
  it('$WFCTL_CONFIG, else $XDG_CONFIG_HOME/wfctl/config.yaml, else ~/.config (a relative XDG_CONFIG_HOME is ignored)', () => {
    expect(configFilePath({ WFCTL_CONFIG: '/x/c.yaml', XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/x/c.yaml');
    expect(configFilePath({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' })).toBe('/xdg/wfctl/config.yaml');
    expect(configFilePath({ HOME: '/h' })).toBe('/h/.config/wfctl/config.yaml');
    expect(configFilePath({ XDG_CONFIG_HOME: 'rel', HOME: '/h' })).toBe('/h/.config/wfctl/config.yaml');
    expect(configFilePath({ WFCTL_CONFIG: '', HOME: '/h' })).toBe('/h/.config/wfctl/config.yaml');
  });

  it('no file is an empty configuration', () => {
    expect(readConfigFile({ WFCTL_CONFIG: join(dir, 'none.yaml') })).toEqual({
      path: join(dir, 'none.yaml'),
      exists: false,
      contexts: [],
    });
  });
});

describe('reading it', () => {
  it('gives the contexts, current-context and identity; a relative uri-file is the folder’s', () => {
    const env = configWith(
      [
        '# my targets',
        'current-context: dev',
        'identity: strict',
        'contexts:',
        '  dev: { uri: "mongodb://127.0.0.1:27017", db: wf }',
        '  prod:',
        '    uri-file: prod.uri',
        '    protected: true',
        '    approvals: 2',
      ].join('\n'),
    );
    const file = readConfigFile(env);
    expect(file).toEqual({
      path: env.WFCTL_CONFIG,
      exists: true,
      currentContext: 'dev',
      identity: 'strict',
      contexts: [
        { name: 'dev', uri: 'mongodb://127.0.0.1:27017', db: 'wf', protected: false, approvals: 0 },
        { name: 'prod', uriFile: join(dir, 'prod.uri'), protected: true, approvals: 2 },
      ],
    });
  });

  it.each([
    ['contexts: [a, b]', 'contexts should be a map'],
    ['contexts:\n  "bad name": { uri: "mongodb://h" }', 'a context name is 1 to 63'],
    ['contexts:\n  a: { db: x }', 'needs one of uri: and uri-file:'],
    ['contexts:\n  a: { uri: "mongodb://h", uri-file: /f }', 'needs one of uri: and uri-file:'],
    ['contexts:\n  a: { uri: "mongodb://h", approvals: -1 }', 'approvals should be a whole number'],
    ['contexts:\n  a: { uri: "mongodb://h", approvals: 1.5 }', 'approvals should be a whole number'],
    ['contexts:\n  a: { uri: "mongodb://h", protected: "yes" }', 'protected should be true or false'],
    ['current-context: 5', 'current-context should be a non-empty string'],
    ['- a list', 'should hold a map'],
    ['contexts:\n  a: { uri: "mongodb://h" }\n  a: { uri: "mongodb://i" }', 'is not valid YAML at line 3'],
  ])('refuses %j (exit 2)', (text, words) => {
    const err = refusal(() => readConfigFile(configWith(text)));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(words);
  });

  it('a syntax error names the line, never the text (it may hold a password)', () => {
    const err = refusal(() => readConfigFile(configWith('contexts:\n  a: { uri: "mongodb://u:Hunter22@h" \n  b: [')));
    expect(err.message).toMatch(/not valid YAML at line \d/);
    expect(`${err.message} ${err.hint}`).not.toContain('Hunter22');
  });

  it('a file with a password that group or others can read is refused with the chmod that fixes it', () => {
    const text = 'contexts:\n  prod: { uri: "mongodb://admin:Hunter22@db:27017/x" }\n';
    for (const mode of [0o644, 0o640, 0o604]) {
      const env = configWith(text, mode);
      const err = refusal(() => readConfigFile(env));
      expect(err.exitCode).toBe(2);
      expect(err.message).toBe(
        `the configuration file "${env.WFCTL_CONFIG}" holds a password and other users can read it (mode 0${mode.toString(8)})`,
      );
      expect(err.hint).toBe(`chmod 600 "${env.WFCTL_CONFIG}"`);
      expect(`${err.message} ${err.hint}`).not.toContain('Hunter22');
    }
    expect(readConfigFile(configWith(text, 0o600)).contexts).toHaveLength(1);
    expect(readConfigFile(configWith(text, 0o400)).contexts).toHaveLength(1);
    // a secret URI option is a password too; a file without one may be readable
    refusal(() =>
      readConfigFile(configWith('contexts:\n  a: { uri: "mongodb://db/?tlsCertificateKeyFilePassword=K3y" }\n', 0o644)),
    );
    expect(readConfigFile(configWith('contexts:\n  a: { uri: "mongodb://db/x" }\n', 0o644)).contexts).toHaveLength(1);
  });
});

describe('the target: which context, which connection string, which database', () => {
  const file: ConfigFile = {
    path: '/c.yaml',
    exists: true,
    currentContext: 'cur',
    contexts: [
      { name: 'cur', uri: 'mongodb://cur/curpath', protected: false, approvals: 0 },
      { name: 'flagged', uri: 'mongodb://flagged', db: 'flagdb', protected: true, approvals: 2 },
      { name: 'envd', uri: 'mongodb://envd/envpath', protected: false, approvals: 1 },
    ],
  };
  const resolve = (opts: GlobalOptions, env: Record<string, string>) => {
    const c = resolveConnectionConfig(opts, env, file);
    return { uri: c.uri, db: c.dbName, context: c.context?.name ?? null, source: c.context?.source ?? null };
  };
  const ENV_URI = { WFCTL_MONGODB_URI: 'mongodb://envuri/envuripath' };

  it('--context, then WFCTL_CONTEXT, then the connection variables, then the current-context, then the default', () => {
    const all = { ...ENV_URI, WFCTL_CONTEXT: 'envd' };
    expect(resolve({ context: 'flagged' }, all)).toEqual({
      uri: 'mongodb://flagged',
      db: 'flagdb',
      context: 'flagged',
      source: 'flag',
    });
    expect(resolve({}, all)).toEqual({ uri: 'mongodb://envd/envpath', db: 'envpath', context: 'envd', source: 'env' });
    expect(resolve({}, ENV_URI)).toEqual({
      uri: 'mongodb://envuri/envuripath',
      db: 'envuripath',
      context: null,
      source: null,
    });
    for (const v of ['MONGODB_URI', 'MONGO_URL']) expect(resolve({}, { [v]: 'mongodb://other' }).context).toBeNull();
    expect(resolve({}, {})).toEqual({ uri: 'mongodb://cur/curpath', db: 'curpath', context: 'cur', source: 'file' });
    const none = resolveConnectionConfig({}, {}, { path: '/c.yaml', exists: false, contexts: [] });
    expect([none.uri, none.context]).toEqual(['mongodb://127.0.0.1:27017', undefined]);
  });

  it('--uri and --db on the line override their part; a context named for the call stays the target’s context', () => {
    expect(resolve({ uri: 'mongodb://flaguri/p', context: 'flagged' }, {})).toEqual({
      uri: 'mongodb://flaguri/p',
      db: 'p',
      context: 'flagged',
      source: 'flag',
    });
    expect(resolve({ db: 'x', context: 'flagged' }, {})).toMatchObject({ uri: 'mongodb://flagged', db: 'x' });
    expect(resolve({ db: 'x' }, {})).toMatchObject({ uri: 'mongodb://cur/curpath', db: 'x', context: 'cur' });
    // --uri leaves the file's current-context out
    expect(resolve({ uri: 'mongodb://flaguri' }, {})).toMatchObject({ context: null, db: 'workflows' });
  });

  it('a context’s database goes with its connection string: WFCTL_DB and DB_NAME never apply to it', () => {
    const dbs = { WFCTL_DB: 'envdb', DB_NAME: 'backenddb' };
    expect(resolve({ context: 'flagged' }, dbs).db).toBe('flagdb');
    expect(resolve({}, { ...dbs, WFCTL_CONTEXT: 'envd' }).db).toBe('envpath');
    expect(resolve({}, dbs).db).toBe('curpath');
    expect(resolve({}, { ...dbs, ...ENV_URI }).db).toBe('envdb');
  });

  it('an unknown context is exit 2 naming where the name came from and the ones there are', () => {
    const err = refusal(() => resolveConnectionConfig({ context: 'nope' }, {}, file));
    expect(err.message).toBe('no context "nope" (from --context) in "/c.yaml"; there are: cur, flagged, envd');
    expect(refusal(() => resolveConnectionConfig({}, { WFCTL_CONTEXT: 'gone' }, file)).message).toContain(
      '(from WFCTL_CONTEXT)',
    );
    const dangling = { ...file, currentContext: 'gone' };
    expect(refusal(() => resolveConnectionConfig({}, {}, dangling)).message).toContain('(from current-context)');
    // the environment's target does not need the current-context
    expect(resolveConnectionConfig({}, ENV_URI, dangling).uri).toBe('mongodb://envuri/envuripath');
  });

  it('exposes the context’s policies and the file’s identity setting', () => {
    const c = resolveConnectionConfig({ context: 'flagged' }, {}, { ...file, identity: 'strict' });
    expect(c.context).toEqual({ name: 'flagged', protected: true, approvals: 2, source: 'flag' });
    expect(c.identity).toBe('strict');
    expect(c.configPath).toBe('/c.yaml');
  });
});
