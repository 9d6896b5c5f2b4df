/**
 * Read preference for scale-out: the mode, tag sets and max staleness reach
 * the driver as it defines them (flags, a context, the connection string);
 * commands that write or judge the stored state read the primary whatever
 * they say; a read preference the server cannot honour is one line, not a
 * wait and a driver dump. Two servers of its own: a standalone FerretDB, and
 * one that calls itself a replica set (`--repl-set-name`: a one-member set
 * whose only member is its primary, without tags).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COLLECTIONS,
  connect,
  describeReadPreference,
  parseTagSet,
  readPreferenceClientOptions,
  type ConnectOptions,
} from '../../../src/data/core/index.js';
import { DatabaseError, UsageError } from '../../../src/errors.js';
import { runCli } from '../../support/cli.js';
import { startFerretDb, type FerretDbServer } from '../../support/ferretdb.js';

let standalone: FerretDbServer;
let replicaSet: FerretDbServer;
const DB = 'wfctl_t_read_preference';
let configDir: string;

beforeAll(async () => {
  standalone = await startFerretDb();
  // FerretDB reads its flags from the environment too; this test's process only
  process.env.FERRETDB_REPL_SET_NAME = 'rs0';
  try {
    replicaSet = await startFerretDb();
  } finally {
    delete process.env.FERRETDB_REPL_SET_NAME;
  }
  for (const server of [standalone, replicaSet]) {
    const ds = await connect({ uri: server.uri, dbName: DB, timeoutMs: 10_000 });
    await ds.db.createCollection(COLLECTIONS.workflows);
    await ds.close();
  }
  configDir = mkdtempSync(join(tmpdir(), 'wfctl-rp-'));
});

afterAll(async () => {
  await standalone?.stop();
  await replicaSet?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

const open = (uri: string, extra: Partial<ConnectOptions> = {}) =>
  connect({ uri, dbName: DB, timeoutMs: 2_000, ...extra });

describe('tag sets', () => {
  it('are the driver text form: name:value pairs by commas, "" for any member', () => {
    expect(parseTagSet('dc:east,use:analytics')).toEqual({ dc: 'east', use: 'analytics' });
    expect(parseTagSet('')).toEqual({});
    // a value may hold a colon, as the driver splits at the first one
    expect(parseTagSet('zone:a:1')).toEqual({ zone: 'a:1' });
    for (const bad of ['dc', ':east', 'dc:east,', 'dc:east,dc:west', ' dc:east'])
      expect(() => parseTagSet(bad), bad).toThrow(UsageError);
  });
});

describe('the options reach the driver', () => {
  it('mode, tag sets in order and max staleness, as the client holds them', async () => {
    const ds = await open(replicaSet.uri, {
      readPreference: 'nearest',
      reads: { tags: ['dc:east,use:analytics', ''], maxStalenessSeconds: 120 },
    });
    try {
      const rp = ds.client.options.readPreference;
      expect({ mode: rp.mode, tags: rp.tags, maxStalenessSeconds: rp.maxStalenessSeconds }).toEqual({
        mode: 'nearest',
        tags: [{ dc: 'east', use: 'analytics' }, {}],
        maxStalenessSeconds: 120,
      });
      expect(describeReadPreference(ds.readPreference)).toBe(
        'nearest (tags dc:east,use:analytics then any member; max staleness 120s)',
      );
      // the last, empty tag set takes the primary: reads work
      expect(await ds.workflows.countDocuments({})).toBe(0);
    } finally {
      await ds.close();
    }
  });

  it("the connection string's own apply where wfctl names none; wfctl's win over them", async () => {
    const uri = `${replicaSet.uri}?readPreference=secondaryPreferred&readPreferenceTags=dc:west&maxStalenessSeconds=150`;
    const fromUri = await open(uri);
    const overridden = await open(uri, { readPreference: 'nearest', reads: { tags: ['use:analytics', ''] } });
    try {
      expect(describeReadPreference(fromUri.readPreference)).toBe(
        'secondaryPreferred (tags dc:west; max staleness 150s)',
      );
      expect(describeReadPreference(overridden.readPreference)).toBe(
        'nearest (tags use:analytics then any member; max staleness 150s)',
      );
    } finally {
      await fromUri.close();
      await overridden.close();
    }
  });

  it('a connection that reads the primary drops the mode, tags and staleness of the string and the flags', async () => {
    const uri = `${replicaSet.uri}?readPreference=secondary&readPreferenceTags=dc:west&readPreferenceTags=&maxStalenessSeconds=150`;
    const ds = await open(uri, {
      readPreference: 'primary',
      reads: { primaryOnly: true, tags: ['dc:east'], maxStalenessSeconds: 120 },
    });
    try {
      const rp = ds.client.options.readPreference;
      expect([rp.mode, rp.tags ?? [], rp.maxStalenessSeconds]).toEqual(['primary', [], undefined]);
      expect(await ds.workflows.countDocuments({})).toBe(0);
    } finally {
      await ds.close();
    }
    expect(readPreferenceClientOptions(undefined)).toEqual({});
  });

  it('tags or max staleness with primary are refused at once, naming the read preference', async () => {
    for (const [uri, extra] of [
      [replicaSet.uri, { reads: { tags: ['dc:east'] } }],
      [replicaSet.uri, { readPreference: 'primary' as const, reads: { maxStalenessSeconds: 120 } }],
      // the driver would drop a staleness without a mode quietly
      [replicaSet.uri, { reads: { maxStalenessSeconds: 120 } }],
      [`${replicaSet.uri}?readPreferenceTags=dc:east`, {}],
    ] as const) {
      const err = await open(uri, extra).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/^read preference primary \((tags dc:east|max staleness 120s)\): /);
    }
  });
});

describe('a read preference the server cannot honour', () => {
  it('a replica set without a matching member: one line naming it and the members, after --timeout', async () => {
    for (const [extra, named] of [
      [{ readPreference: 'secondary' as const }, 'secondary'],
      [
        { readPreference: 'nearest' as const, reads: { tags: ['dc:east,use:analytics'] } },
        'nearest (tags dc:east,use:analytics)',
      ],
    ] as const) {
      const err = await open(replicaSet.uri, extra).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatabaseError);
      expect((err as Error).message).toBe(
        `connect: no member at 127.0.0.1:${replicaSet.port} matches read preference ${named} within 2s; it found 127.0.0.1:${replicaSet.port} primary without tags`,
      );
    }
  });

  it('secondaryPreferred with tags falls back to the primary, as the driver defines it', async () => {
    const ds = await open(replicaSet.uri, { readPreference: 'secondaryPreferred', reads: { tags: ['dc:east'] } });
    try {
      expect(await ds.workflows.countDocuments({})).toBe(0);
    } finally {
      await ds.close();
    }
  });

  it('a standalone server: secondary, or tags it cannot have, are refused at once (the driver would read it anyway)', async () => {
    for (const [extra, named] of [
      [{ readPreference: 'secondary' as const }, 'secondary'],
      [{ readPreference: 'nearest' as const, reads: { tags: ['dc:east'] } }, 'nearest (tags dc:east)'],
    ] as const) {
      const err = await open(standalone.uri, extra).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(
        new RegExp(
          `^the server at 127\\.0\\.0\\.1:${standalone.port} cannot serve read preference ${named.replace(/[()]/g, '\\$&')}: it is a standalone server`,
        ),
      );
    }
    // what it can serve: any member, or the primary when there is no secondary
    for (const extra of [
      { readPreference: 'secondaryPreferred' as const, reads: { tags: ['dc:east'] } },
      { readPreference: 'nearest' as const, reads: { tags: ['dc:east', ''] } },
      { readPreference: 'primaryPreferred' as const },
    ]) {
      const ds = await open(standalone.uri, extra);
      await ds.close();
    }
  });
});

describe('the command line', () => {
  const env = (uri: string, extra: Record<string, string> = {}) => ({
    WFCTL_MONGODB_URI: uri,
    WFCTL_DB: DB,
    WFCTL_USER: 'test-user',
    NO_COLOR: '1',
    WFCTL_CONFIG: join(configDir, 'none.yaml'),
    ...extra,
  });

  it('--read-preference-tags (repeated) and --max-staleness show in the --verbose connection line', async () => {
    const r = await runCli(
      [
        '--read-preference',
        'nearest',
        '--read-preference-tags',
        'dc:east,use:analytics',
        '--read-preference-tags',
        '',
        '--max-staleness',
        '120',
        '--verbose',
        'workflows',
        'list',
        '--json',
      ],
      { env: env(replicaSet.uri) },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('reads go to: nearest (tags dc:east,use:analytics then any member; max staleness 120s)');
  });

  it('bad values are exit 2 before connecting', async () => {
    for (const args of [
      ['--read-preference-tags', 'dc'],
      ['--read-preference-tags', 'dc:east,dc:west'],
      ['--max-staleness', '89'],
      ['--max-staleness', '1.5'],
    ]) {
      const r = await runCli([...args, 'workflows', 'list'], { env: env('mongodb://127.0.0.1:1/') });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('a read preference the server cannot honour is one line, exit 1, no driver dump', async () => {
    const r = await runCli(['--timeout', '1', '--read-preference', 'secondary', 'workflows', 'list'], {
      env: env(replicaSet.uri),
    });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      /^wfctl: connect: no member at \S+ matches read preference secondary within 1s; it found /,
    );
    expect(lines.slice(1).every((l) => l.startsWith('hint: '))).toBe(true);
    expect(r.stderr).not.toMatch(/TopologyDescription|at .*\.js:\d+|Server selection timed out/);
  });

  it('db doctor and writes read the primary, whatever the flags and the connection string say', async () => {
    const uri = `${replicaSet.uri}?readPreference=secondary&readPreferenceTags=dc:west`;
    const doctor = await runCli(
      ['--verbose', '--read-preference', 'nearest', '--read-preference-tags', 'dc:east', 'db', 'doctor'],
      {
        env: env(uri),
      },
    );
    expect(doctor.stderr).toContain('reads go to: primary\n');
    expect(doctor.stderr).not.toMatch(/no member/);
    const file = join(configDir, 'wf.json');
    writeFileSync(file, JSON.stringify({ name: 'rp', steps: [] }));
    const create = await runCli(['--verbose', 'versions', 'create', 'wf-rp', '--file', file, '-m', 'x'], {
      env: env(uri),
    });
    expect(create.stderr).toContain('reads go to: primary\n');
    // a read-only command keeps the string's read preference, which this server cannot honour
    const list = await runCli(['--verbose', '--timeout', '1', 'workflows', 'list'], { env: env(uri) });
    expect(list.stderr).toContain('matches read preference secondary (tags dc:west) within 1s');
    expect(list.code).toBe(1);
  });

  it('a context carries read-preference, read-preference-tags and max-staleness; flags win over it', async () => {
    const config = join(configDir, 'config.yaml');
    writeFileSync(
      config,
      [
        'current-context: analytics',
        'contexts:',
        '  analytics:',
        `    uri: ${replicaSet.uri}`,
        `    db: ${DB}`,
        '    read-preference: secondaryPreferred',
        '    read-preference-tags: ["use:analytics", ""]',
        '    max-staleness: 100',
        '',
      ].join('\n'),
    );
    chmodSync(config, 0o600);
    const base = { WFCTL_CONFIG: config, WFCTL_USER: 'test-user', NO_COLOR: '1' };
    const r = await runCli(['--verbose', 'workflows', 'list', '--json'], { env: base });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'reads go to: secondaryPreferred (tags use:analytics then any member; max staleness 100s)',
    );
    const show = await runCli(['context', 'show', 'analytics'], { env: base });
    expect(show.stdout).toMatch(
      /^reads: +secondaryPreferred \(tags use:analytics then any member; max staleness 100s\)$/m,
    );
    const shown = JSON.parse((await runCli(['context', 'show', 'analytics', '--json'], { env: base })).stdout);
    expect(shown).toMatchObject({
      readPreference: 'secondaryPreferred',
      readPreferenceTags: ['use:analytics', ''],
      maxStaleness: 100,
    });
    const flag = await runCli(
      [
        '--verbose',
        '--read-preference',
        'nearest',
        '--read-preference-tags',
        'dc:east',
        '--read-preference-tags',
        '',
        'workflows',
        'list',
        '--json',
      ],
      {
        env: base,
      },
    );
    expect(flag.stderr).toContain('reads go to: nearest (tags dc:east then any member; max staleness 100s)');
    writeFileSync(config, ['contexts:', '  x:', `    uri: ${replicaSet.uri}`, '    max-staleness: 30', ''].join('\n'));
    const bad = await runCli(['--context', 'x', 'workflows', 'list'], { env: base });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/contexts\.x\.max-staleness should be a whole number of seconds of at least 90/);
  });
});
