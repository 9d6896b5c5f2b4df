/**
 * `wfctl context` end to end: the configuration file it writes (YAML, 0600,
 * comments kept), the verbs' output, the precedence of the target proved on a
 * real server (a command reaches the test database or an address where
 * nothing listens), and a password in a context appearing nowhere.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runBin, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, seedWorkflow } from '../../support/version-fixtures.js';

const db = useTestDatabase('contexts');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-contexts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'Hunter22Secret';
const NOWHERE = 'mongodb://127.0.0.1:1';

let n = 0;
/** A fresh configuration file path (not created) and the environment naming it, without the test database's URI. */
function fresh(extra: Record<string, string> = {}) {
  const path = join(dir, `c${++n}`, 'config.yaml');
  return { path, env: { WFCTL_CONFIG: path, WFCTL_USER: 'test-user', NO_COLOR: '1', ...extra } };
}

beforeAll(async () => {
  await seedWorkflow(db.ds, 'wf-ctx', chain('wf-ctx', 3));
});

describe('context add, list, show, use, remove', () => {
  it('writes a YAML file with mode 0600 in a folder it creates, and lists, shows, switches and removes', async () => {
    const { path, env } = fresh();
    const add = await runCli(['context', 'add', 'dev', '--uri', db.uri, '--db', db.dbName], { env });
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/^✓ Added context dev: host 127\.0\.0\.1:\d+, database wfctl_t_contexts_\w+\n$/);
    expect(add.stderr).toBe('Use it: wfctl context use dev; for one call: wfctl --context dev ...\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, `c${n}`)).mode & 0o777).toBe(0o700);
    await runCli(['context', 'add', 'prod', '--uri', NOWHERE, '--protected', '--approvals', '2'], { env });
    expect(parse(readFileSync(path, 'utf8'))).toEqual({
      contexts: {
        dev: { uri: db.uri, db: db.dbName },
        prod: { uri: NOWHERE, protected: true, approvals: 2 },
      },
    });

    const list = await runCli(['context', 'list'], { env });
    expect(list.stdout).toBe(
      `\tdev\t${db.uri.replace('mongodb://', '').replace(/\/.*$/, '')}\t${db.dbName}\tno\t0\n\tprod\t127.0.0.1:1\tworkflows\tyes\t2\n`,
    );
    const use = await runCli(['context', 'use', 'prod'], { env });
    expect(use).toMatchObject({ code: 0, stdout: 'Switched to context prod.\n' });
    expect(parse(readFileSync(path, 'utf8'))['current-context']).toBe('prod');
    const json = JSON.parse((await runCli(['context', 'list', '--json'], { env })).stdout);
    expect(json).toMatchObject({ configFile: path, current: 'prod', currentFrom: 'current-context' });
    expect(json.contexts.map((c: { name: string; current: boolean }) => [c.name, c.current])).toEqual([
      ['dev', false],
      ['prod', true],
    ]);
    const tty = await runCli(['context', 'list'], { env, tty: true });
    expect(tty.stdout).toMatch(/CURRENT\s+NAME\s+HOST\s+DATABASE\s+PROTECTED\s+APPROVALS\n-\s+dev .*\n\*\s+prod /);

    const show = await runCli(['context', 'show'], { env });
    expect(show.stdout).toContain('name:      prod\ncurrent:   yes\n');
    expect(show.stdout).toContain('protected: yes\napprovals: 2\n');
    const dev = JSON.parse((await runCli(['context', 'show', 'dev', '--json'], { env })).stdout);
    expect(dev).toMatchObject({ name: 'dev', current: false, database: db.dbName, protected: false, approvals: 0 });

    const remove = await runCli(['context', 'remove', 'prod'], { env });
    expect(remove.stdout).toBe('Removed context prod. It was the current context; none is current now.\n');
    expect(parse(readFileSync(path, 'utf8'))).toEqual({ contexts: { dev: { uri: db.uri, db: db.dbName } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps the read preference flags given to add, and its commands read that way', async () => {
    const { path, env } = fresh();
    const add = await runCli(
      [
        'context',
        'add',
        'analytics',
        '--uri',
        db.uri,
        '--db',
        db.dbName,
        '--read-preference',
        'secondaryPreferred',
        '--read-preference-tags',
        'dc:east,use:analytics',
        '--read-preference-tags',
        '',
        '--max-staleness',
        '120',
      ],
      { env },
    );
    expect(add.code).toBe(0);
    expect(parse(readFileSync(path, 'utf8')).contexts.analytics).toEqual({
      uri: db.uri,
      db: db.dbName,
      'read-preference': 'secondaryPreferred',
      'read-preference-tags': ['dc:east,use:analytics', ''],
      'max-staleness': 120,
    });
    // a lone server is every member: secondaryPreferred reads it; --verbose names the preference
    const list = await runCli(['--context', 'analytics', '--verbose', 'versions', 'list', 'wf-ctx'], { env });
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/reads go to: secondaryPreferred/);
    expect(list.stderr).toContain('dc:east,use:analytics');
    // bad values are refused before anything is written
    const bad = await runCli(
      ['context', 'add', 'stale', '--uri', db.uri, '--read-preference', 'secondary', '--max-staleness', '10'],
      { env },
    );
    expect(bad.code).toBe(2);
    expect(parse(readFileSync(path, 'utf8')).contexts.stale).toBeUndefined();
  });

  it('keeps the comments and order of a file written by hand', async () => {
    const { path, env } = fresh();
    await runCli(['context', 'add', 'a', '--uri', NOWHERE], { env });
    const text = `# targets of the ops team\ncontexts:\n  # the laptop\n  a:\n    uri: ${NOWHERE} # nothing there\n`;
    writeFileSync(path, text, { mode: 0o600 });
    await runCli(['context', 'add', 'b', '--uri', NOWHERE], { env });
    await runCli(['context', 'use', 'b'], { env });
    const after = readFileSync(path, 'utf8');
    expect(after).toContain('# targets of the ops team');
    expect(after).toContain('# the laptop');
    expect(after).toContain('# nothing there');
    expect(after.indexOf('  a:')).toBeLessThan(after.indexOf('  b:'));
  });

  it('use --shell prints the export line for eval and writes nothing', async () => {
    const { path, env } = fresh();
    await runCli(['context', 'add', 'stage', '--uri', NOWHERE], { env });
    const before = readFileSync(path, 'utf8');
    const r = await runCli(['context', 'use', 'stage', '--shell'], { env });
    expect(r).toEqual({ code: 0, stdout: 'export WFCTL_CONTEXT=stage\n', stderr: '' });
    expect(readFileSync(path, 'utf8')).toBe(before);
    expect((await runCli(['context', 'use', 'nope', '--shell'], { env })).code).toBe(2);
  });

  it('refuses bad input with exit 2, writing nothing', async () => {
    const { path, env } = fresh();
    const cases: Array<[string[], string]> = [
      [['context', 'add', 'x'], 'context add needs the connection string: --uri URI or --uri-file PATH'],
      [['context', 'add', 'x', '--uri', NOWHERE, '--uri-file', '/etc/hostname'], '--uri and --uri-file both give'],
      [['context', 'add', 'bad name', '--uri', NOWHERE], 'is not a context name'],
      [['context', 'add', '-x', '--uri', NOWHERE], "unknown option '-x'"],
      [['context', 'add', 'x', '--uri', 'http://h'], 'it must start with mongodb:// or mongodb+srv://'],
      [['context', 'add', 'x', '--uri', NOWHERE, '--approvals', '-1'], "'-1' is invalid"],
      [['context', 'add', 'x', '--uri-file', join(dir, 'missing.uri')], 'does not exist'],
      [['context', 'use', 'nope'], `no context "nope" (from the command line) in "${path}": it has no contexts`],
      [['context', 'remove', 'nope'], 'no context "nope"'],
      [['context', 'show'], 'no context is in use here'],
      [['--context', 'nope', 'workflows', 'list'], 'no context "nope" (from --context)'],
    ];
    for (const [args, words] of cases) {
      const r = await runCli(args, { env });
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toContain(words);
    }
    expect(() => statSync(path)).toThrow(/ENOENT/);
    await runCli(['context', 'add', 'x', '--uri', NOWHERE], { env });
    const again = await runCli(['context', 'add', 'x', '--uri', 'mongodb://other'], { env });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('context x exists; nothing was changed');
    const over = await runCli(['context', 'add', 'x', '--uri', 'mongodb://other', '--overwrite'], { env });
    expect(over.stdout).toContain('Replaced context x');
    expect(parse(readFileSync(path, 'utf8')).contexts.x.uri).toBe('mongodb://other');
  });
});

describe('which target a command reaches (on the server)', () => {
  const listed = (r: { code: number; stdout: string }) => r.code === 0 && r.stdout.includes('wf-ctx');

  it('--context over WFCTL_CONTEXT over the connection variables over the current-context', async () => {
    const { env } = fresh();
    await runCli(['context', 'add', 'good', '--uri', db.uri, '--db', db.dbName], { env });
    await runCli(['context', 'add', 'bad', '--uri', NOWHERE], { env });
    const run = (args: string[], extra: Record<string, string>) =>
      runCli(['--timeout', '1', ...args, 'workflows', 'list'], { env: { ...env, ...extra } });
    // the current-context, when nothing else names the target
    await runCli(['context', 'use', 'good'], { env });
    expect(listed(await run([], {}))).toBe(true);
    // a connection variable of the environment wins over the file
    expect((await run([], { MONGO_URL: NOWHERE })).code).toBe(1);
    // WFCTL_CONTEXT over the connection variables
    expect(listed(await run([], { WFCTL_MONGODB_URI: NOWHERE, WFCTL_CONTEXT: 'good' }))).toBe(true);
    await runCli(['context', 'use', 'bad'], { env });
    // --context over WFCTL_CONTEXT
    expect(listed(await run(['--context', 'good'], { WFCTL_CONTEXT: 'bad' }))).toBe(true);
    expect((await run(['--context', 'bad'], { WFCTL_CONTEXT: 'good' })).code).toBe(1);
    // after the command too, as every global flag
    const after = await runCli(['workflows', 'list', '--context', 'good'], { env });
    expect(listed(after)).toBe(true);
    // --uri and --db on the line override the context's parts
    expect(listed(await run(['--context', 'bad', '--uri', db.uri, '--db', db.dbName], {}))).toBe(true);
    // a context's database is its own: WFCTL_DB and DB_NAME of the shell do not redirect it
    expect(listed(await run(['--context', 'good'], { WFCTL_DB: 'elsewhere', DB_NAME: 'elsewhere' }))).toBe(true);
  });

  it('--verbose says which context and file the connection string came from', async () => {
    const { env } = fresh();
    await runCli(['context', 'add', 'good', '--uri', db.uri, '--db', db.dbName], { env });
    const r = await runCli(['--verbose', '--context', 'good', 'workflows', 'list'], { env });
    expect(r.stderr).toContain(`(from context good (--context)), database ${db.dbName}`);
  });

  it('--expect-context: exit 2, nothing done, unless the target is that context', async () => {
    const { env } = fresh();
    await runCli(['context', 'add', 'good', '--uri', db.uri, '--db', db.dbName], { env });
    await runCli(['context', 'add', 'other', '--uri', NOWHERE], { env });
    expect(listed(await runCli(['--context', 'good', '--expect-context', 'good', 'workflows', 'list'], { env }))).toBe(
      true,
    );
    const wrong = await runCli(['--context', 'other', 'workflows', 'list', '--expect-context', 'good'], { env });
    expect(wrong).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'wfctl: --expect-context "good": the target is context "other"; nothing was done\nhint: name it: wfctl --context good ... (or WFCTL_CONTEXT=good)\n',
    });
    const none = await runCli(['--expect-context', 'good', 'workflows', 'list'], { env: { ...env, ...db.env } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('the target is no context (the connection string comes from WFCTL_MONGODB_URI)');
    // before anything else, writes included
    const write = await runCli(
      ['--context', 'other', '--expect-context', 'good', 'rollback', 'wf-ctx', '--to', '1', '--reason', 'r', '--yes'],
      { env },
    );
    expect(write.code).toBe(2);
  });

  it('versions compare keeps its own --context (lines of context) after the verb; the global one goes before it', async () => {
    const { env } = fresh();
    await runCli(['context', 'add', 'good', '--uri', db.uri, '--db', db.dbName], { env });
    const r = await runCli(['--context', 'good', 'versions', 'compare', 'wf-ctx', '1', '3', '--context', '0'], {
      env,
    });
    expect(r.code).toBe(0);
    // no line of context around the change: only the lines that changed follow the hunk header
    expect(r.stdout).toMatch(/\n@@ -(\d+),1 \+\1,1 @@\n- {2}"revision": 1,\n\+ {2}"revision": 3,\n$/);
  });

  it('the completion helper reaches the target of --context', async () => {
    const { env } = fresh();
    await runCli(['context', 'add', 'good', '--uri', db.uri, '--db', db.dbName], { env });
    const r = await runCli(['--context', 'good', '__complete', 'workflows'], {
      env: { ...env, WFCTL_MONGODB_URI: NOWHERE, WFCTL_COMPLETION_TIMEOUT: '10' },
    });
    expect(r.stdout).toContain('wf-ctx');
  });
});

describe('a password in a context', () => {
  const withPassword = (port: string) => `mongodb://admin:${SECRET}@127.0.0.1:${port}/prod`;

  it('appears in no output of any verb, with --verbose, in errors and in JSON', async () => {
    const { path, env } = fresh();
    const outputs: string[] = [];
    const keep = (r: { stdout: string; stderr: string }) => outputs.push(r.stdout, r.stderr);
    keep(await runCli(['context', 'add', 'prod', '--uri', withPassword('1'), '--protected'], { env }));
    expect(readFileSync(path, 'utf8')).toContain(SECRET); // the file holds it, mode 0600
    keep(await runCli(['context', 'list'], { env }));
    keep(await runCli(['context', 'list', '--json'], { env }));
    keep(await runCli(['context', 'show', 'prod'], { env }));
    keep(await runCli(['context', 'show', 'prod', '--json'], { env, tty: true }));
    keep(await runCli(['context', 'use', 'prod'], { env }));
    keep(await runCli(['-v', '--timeout', '0.5', 'workflows', 'list'], { env }));
    keep(await runCli(['-v', '--timeout', '0.5', '--context', 'prod', 'db', 'doctor'], { env }));
    keep(await runCli(['--context', 'prod', 'rollback', 'wf', '--to', '1', '--reason', 'r', '--dry-run'], { env }));
    keep(await runCli(['--context', 'prod', '--expect-context', 'dev', 'workflows', 'list'], { env }));
    keep(await runCli(['context', 'add', 'prod', '--uri', withPassword('2')], { env }));
    keep(await runBin(['--timeout', '0.5', 'workflows', 'list'], { env }));
    const all = outputs.join('\n');
    expect(all).toContain('admin:****@');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(encodeURIComponent(SECRET));
  });

  it('a configuration file with a password that others can read is refused by every command, with the chmod', async () => {
    const { path, env } = fresh();
    await runCli(['context', 'add', 'prod', '--uri', withPassword('1')], { env });
    chmodSync(path, 0o644);
    const want = `wfctl: the configuration file "${path}" holds a password and other users can read it (mode 0644)\nhint: chmod 600 "${path}"\n`;
    for (const args of [
      ['context', 'list'],
      ['context', 'add', 'dev', '--uri', NOWHERE],
      ['--context', 'prod', 'workflows', 'list'],
      ['workflows', 'list'],
    ]) {
      const r = await runCli(args, { env });
      expect([args, r.code, r.stderr]).toEqual([args, 2, want]);
    }
    chmodSync(path, 0o600);
    expect((await runCli(['context', 'list'], { env })).code).toBe(0);
  });

  it('may stay out of the file: a uri-file only its owner reads, checked when added and when used', async () => {
    const { path, env } = fresh();
    const uriFile = join(dir, 'prod.uri');
    writeFileSync(uriFile, `${db.uri.replace('mongodb://', `mongodb://u:${SECRET}@`)}\n`, { mode: 0o644 });
    const open = await runCli(['context', 'add', 'prod', '--uri-file', uriFile, '--db', db.dbName], { env });
    expect(open.code).toBe(2);
    expect(open.stderr).toContain(`hint: chmod 600 "${uriFile}"`);
    chmodSync(uriFile, 0o600);
    const add = await runCli(['context', 'add', 'prod', '--uri-file', uriFile, '--db', db.dbName], { env });
    expect(add.code).toBe(0);
    expect(readFileSync(path, 'utf8')).not.toContain(SECRET);
    expect(parse(readFileSync(path, 'utf8')).contexts.prod['uri-file']).toBe(uriFile);
    const show = await runCli(['context', 'show', 'prod'], { env });
    expect(show.stdout).toContain(`uri-file:  ${uriFile}`);
    chmodSync(uriFile, 0o640);
    const used = await runCli(['--context', 'prod', 'workflows', 'list'], { env });
    expect(used.code).toBe(2);
    expect(used.stderr).toContain(`the uri-file of context prod "${uriFile}" holds a password`);
    expect(add.stdout + add.stderr + show.stdout + used.stderr).not.toContain(SECRET);
  });
});
