import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { chain, expectVersionInvariants, seedWorkflow, workflowData } from '../../support/version-fixtures.js';

const db = useTestDatabase('versions');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-versions-'));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** A named pipe nobody writes to: reading it would block forever. */
function fifo(): string {
  const p = join(dir, `fifo-${Math.random().toString(36).slice(2)}`);
  execFileSync('mkfifo', [p]);
  return p;
}

beforeAll(async () => {
  await seedWorkflow(db.ds, 'wf-list', chain('wf-list', 12), { by: ['alice', 'bob'] });
  await seedWorkflow(db.ds, 'wf-create', chain('wf-create', 2));
  await seedWorkflow(db.ds, 'wf-utf8', chain('wf-utf8', 1));
  await seedWorkflow(db.ds, 'wf-cmp', [
    workflowData('wf-cmp', 'Compare'),
    // actions reordered, one edited, one added; trigger changed; description removed
    (() => {
      const d = workflowData('wf-cmp', 'Compare');
      const a = d.actions as Array<Record<string, unknown>>;
      delete d.description;
      d.trigger = { type: 'webhook', path: '/hook' };
      d.actions = [
        a[2],
        { ...a[0], config: { url: 'https://api.example.com/v2/items', timeout: 30 } },
        a[1],
        { name: 'audit', type: 'db_query', config: {} },
      ];
      return d;
    })(),
    workflowData('wf-cmp', 'Compare'),
  ]);
  // hostile id and name: plain text, never a query or a pattern
  await seedWorkflow(
    db.ds,
    '{"$gt":""}',
    chain('{"$gt":""}', 3).map((d) => ({ ...d, name: '.*(evil' })),
  );
  await db.ds.workflows.insertOne({ id: 'wf-empty', name: 'No versions', enabled: true, actions: [] } as never);
  // version 5 deleted by hand: numbers 1-4, 6
  await seedWorkflow(db.ds, 'wf-gaps', chain('wf-gaps', 6));
  await db.ds.versions.deleteOne({ workflow_id: 'wf-gaps', version_number: 5 });
  // a live document with created_by/created_at, whose versions' data lacks them
  await seedWorkflow(
    db.ds,
    'wf-keep',
    chain('wf-keep', 2).map(({ created_by, ...d }) => (void created_by, d)),
  );
  await db.ds.workflows.updateOne(
    { id: 'wf-keep' },
    { $set: { created_by: 'carol', created_at: new Date('2024-03-01T00:00:00Z') } },
  );
});

describe('versions list', () => {
  it('lists newest first with a current marker, TSV with ISO times when piped', async () => {
    const r = await runCli(['versions', 'list', 'wf-list'], { env: db.env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(12);
    const first = lines[0]!.split('\t');
    expect(first[0]).toBe('12');
    expect(first[1]).toBe('*');
    expect(first[2]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(first[3]).toBe('bob');
    expect(first[4]).toBe('change 12');
    expect(lines[11]!.split('\t').slice(0, 2)).toEqual(['1', '']);
  });

  it('relative times and headers on a terminal; --limit cuts and says so', async () => {
    const r = await runCli(['versions', 'list', 'wf-list', '--limit', '3'], { env: db.env, tty: true });
    expect(r.code).toBe(0);
    // RESTORES and REASON only when a listed version is a rollback (test/commands/tables.test.ts)
    expect(r.stdout).toMatch(
      /^VERSION\s+CURRENT\s+CHANGED AT\s+CHANGED BY\s+LIVE\s+RUNS\s+OK\s+PARTIAL\s+P95\s+DESCRIPTION\s*$/m,
    );
    expect(r.stdout).toMatch(/hours? ago/);
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).toContain('Showing 3 of 12 versions');
  });

  it('--json shape; --all; --format csv', async () => {
    const j = JSON.parse(
      (await runCli(['versions', 'list', 'wf-list', '--json', '--limit', '2'], { env: db.env })).stdout,
    );
    expect(j.workflow).toEqual({ id: 'wf-list', name: 'Workflow wf-list' });
    expect(j.total).toBe(12);
    expect(j.versions[0]).toMatchObject({
      version: 12,
      current: true,
      changedBy: 'bob',
      description: 'change 12',
      rollbackOf: null,
      reason: null,
      health: { runs: 0, successRate: null },
    });
    expect(typeof j.versions[0].changedAt).toBe('string');
    const all = JSON.parse(
      (await runCli(['versions', 'list', 'wf-list', '--json', '--all', '--limit', '2'], { env: db.env })).stdout,
    );
    expect(all.versions).toHaveLength(12);
    const csv = await runCli(['versions', 'list', 'wf-list', '--format', 'csv', '--limit', '1'], { env: db.env });
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'version,current,changed at,changed by,description,restores,live ms,runs,succeeded,succeeded with failed actions,failed,success rate,p95 ms,reason,authenticated user',
    );
    const bare = await runCli(['versions', 'list', 'wf-list', '--format', 'csv', '--limit', '1', '--no-health'], {
      env: db.env,
    });
    expect(bare.stdout.split('\r\n')[0]).toBe(
      'version,current,changed at,changed by,description,restores,reason,authenticated user',
    );
  });

  it('a workflow without versions says so; an unknown one exits 4', async () => {
    const r = await runCli(['versions', 'list', 'wf-empty', '--json'], { env: db.env });
    expect(JSON.parse(r.stdout)).toMatchObject({ total: 0, versions: [] });
    const u = await runCli(['versions', 'list', 'wf-nope'], { env: db.env });
    expect(u.code).toBe(4);
    expect(u.stderr).toContain('workflow "wf-nope" not found');
  });

  it('ids and names with query operators or regex characters are plain text', async () => {
    const r = await runCli(['versions', 'list', '{"$gt":""}', '--json'], { env: db.env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).total).toBe(3);
    const byName = await runCli(['versions', 'list', '.*(evil', '--json'], { env: db.env });
    expect(JSON.parse(byName.stdout).workflow.id).toBe('{"$gt":""}');
    const pattern = await runCli(['versions', 'list', '.*'], { env: db.env });
    expect(pattern.code).toBe(4);
    const op = await runCli(['versions', 'list', '{"$ne":null}'], { env: db.env });
    expect(op.code).toBe(4);
  });
});

describe('versions show', () => {
  it('a number, current, current~N', async () => {
    const five = JSON.parse((await runCli(['versions', 'show', 'wf-list', '5', '--json'], { env: db.env })).stdout);
    expect(five.version).toMatchObject({ version: 5, current: false, description: 'change 5' });
    expect(five.version.workflowData.revision).toBe(5);
    expect(five.version.diff).toEqual({ values_changed: { "root['revision']": { old_value: 4, new_value: 5 } } });
    const cur = JSON.parse(
      (await runCli(['versions', 'show', 'wf-list', 'current', '--json'], { env: db.env })).stdout,
    );
    expect(cur.version.version).toBe(12);
    const back = JSON.parse(
      (await runCli(['versions', 'show', 'wf-list', 'current~3', '--json'], { env: db.env })).stdout,
    );
    expect(back.version.version).toBe(9);
    const dflt = JSON.parse((await runCli(['versions', 'show', 'wf-list', '--json'], { env: db.env })).stdout);
    expect(dflt.version.version).toBe(12);
  });

  it('pretty JSON with metadata; coloured only on a terminal with colour', async () => {
    const r = await runCli(['versions', 'show', 'wf-list', '2'], { env: db.env });
    expect(r.stdout).toMatch(/version:\s+2\n/);
    expect(r.stdout).toContain('"revision": 2');
    expect(r.stdout).not.toContain('\u001b[');
    const c = await runCli(['versions', 'show', 'wf-list', '2'], {
      env: { ...db.env, NO_COLOR: undefined, FORCE_COLOR: '1' },
      tty: true,
    });
    expect(c.stdout).toContain('\u001b[');
  });

  it('current~N counts versions, not numbers, when numbers have gaps', async () => {
    const show = async (ref: string) =>
      JSON.parse((await runCli(['versions', 'show', 'wf-gaps', ref, '--json'], { env: db.env })).stdout).version
        .version;
    expect(await show('current')).toBe(6);
    expect(await show('current~1')).toBe(4);
    expect(await show('current~2')).toBe(3);
    expect(await show('current~4')).toBe(1);
    const r = await runCli(['versions', 'show', 'wf-gaps', 'current~5'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('versions 1-4, 6 exist (current: 6)');
  });

  it('a version that does not exist: exit 4 saying which exist', async () => {
    const r = await runCli(['versions', 'show', 'wf-list', '99'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('workflow "wf-list" has no version 99; versions 1 to 12 exist (current: 12)');
    const back = await runCli(['versions', 'show', 'wf-list', 'current~12'], { env: db.env });
    expect(back.code).toBe(4);
    expect(back.stderr).toContain('no version "current~12"');
    const none = await runCli(['versions', 'show', 'wf-empty', 'current'], { env: db.env });
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('it has no versions yet');
  });

  it('latest and HEAD are current, HEAD~N is current~N (documented in --help and the README)', async () => {
    const at = async (ref: string) =>
      JSON.parse((await runCli(['versions', 'show', 'wf-list', ref, '--json'], { env: db.env })).stdout).version
        .version;
    expect(await at('latest')).toBe(12);
    expect(await at('HEAD')).toBe(12);
    expect(await at('head~2')).toBe(10);
  });

  it('a ref that is not a number or a known word: exit 2 with the accepted forms', async () => {
    for (const ref of ['five', '0', '-1', 'current~x', '1.5', '{"$gt":0}']) {
      const r = await runCli(['versions', 'show', 'wf-list', ref], { env: db.env });
      expect(r.code, ref).toBe(2);
      expect(r.stderr, ref).toContain(
        'accepted: a version number (1, 2, ...; also v5), current (also latest or HEAD), or current~N',
      );
    }
  });
});

describe('versions create', () => {
  it('--as names the acting user recorded on the version and its audit record', async () => {
    const data = workflowData('wf-create-as', 'Workflow wf-create-as', { revision: 2, enabled: false });
    await seedWorkflow(db.ds, 'wf-create-as', chain('wf-create-as', 2));
    const r = await runCli(
      [
        '--as',
        'ops-oncall',
        'versions',
        'create',
        'wf-create-as',
        '--file',
        file('as.json', JSON.stringify(data)),
        '--message',
        'as ops',
      ],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    const v = await db.ds.versions.findOne({ workflow_id: 'wf-create-as' }, { sort: { version_number: -1 } });
    expect(v).toMatchObject({ changed_by: 'ops-oncall' });
    expect(
      await db.ds.audit.findOne(
        { event_type: 'version_created', workflow_id: 'wf-create-as' },
        { sort: { timestamp: -1 } },
      ),
    ).toMatchObject({ user_id: 'ops-oncall' });
  });

  it('--as after the verb, and the old global --user before or after it (with a deprecation note), name the acting user', async () => {
    const data = workflowData('wf-create-place', 'Workflow wf-create-place', { revision: 2, enabled: false });
    await seedWorkflow(db.ds, 'wf-create-place', chain('wf-create-place', 2));
    const lines: Array<[string[], string, boolean]> = [
      [['versions', 'create', 'wf-create-place', '--as', 'after-as'], 'after-as', false],
      [['--user', 'before-user', 'versions', 'create', 'wf-create-place'], 'before-user', true],
      [['versions', '--user', 'noun-user', 'create', 'wf-create-place'], 'noun-user', true],
      [['versions', 'create', 'wf-create-place', '--user', 'after-user'], 'after-user', true],
    ];
    for (const [i, [args, who, note]] of lines.entries()) {
      const r = await runCli(
        [...args, '--file', file(`place${i}.json`, JSON.stringify({ ...data, n: i })), '-m', `m${i}`],
        {
          env: db.env,
        },
      );
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      const v = await db.ds.versions.findOne({ workflow_id: 'wf-create-place' }, { sort: { version_number: -1 } });
      expect(v?.changed_by, args.join(' ')).toBe(who);
      if (note) expect(r.stderr, args.join(' ')).toContain('--user (the acting user) is now --as');
      else expect(r.stderr, args.join(' ')).not.toContain('is now --as');
    }
  });

  it('creates the next version with its diff, current, in custom_workflows, with an audit event', async () => {
    const data = workflowData('wf-create', 'Workflow wf-create', { revision: 2, enabled: false });
    const r = await runCli(
      [
        'versions',
        'create',
        'wf-create',
        '--file',
        file('c1.json', JSON.stringify(data)),
        '--message',
        'disable it',
        '--json',
      ],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    // DeepDiff's counts of the stored diff: enabled changed, updated_at (the write's time) added
    expect(j).toMatchObject({
      status: 'created',
      version: 3,
      previousVersion: 2,
      changes: { values_changed: 1, items_added: 1, items_removed: 0 },
      completed: [],
    });
    const v = await db.ds.versions.findOne({ workflow_id: 'wf-create', version_number: 3 });
    expect(v).toMatchObject({
      change_description: 'disable it',
      changed_by: 'test-user',
      is_current: true,
      user_agent: expect.stringMatching(/^wfctl\//),
    });
    expect(v!.workflow_data.updated_at).toEqual(v!.changed_at);
    expect(v!.diff).toEqual({
      dictionary_item_added: ["root['updated_at']"],
      values_changed: { "root['enabled']": { new_value: false, old_value: true } },
    });
    await expectVersionInvariants(db.ds, 'wf-create');
    const audit = await db.ds.audit.findOne({ event_type: 'version_created', workflow_id: 'wf-create' });
    expect(audit).toMatchObject({
      user_id: 'test-user',
      user_agent: expect.stringMatching(/^wfctl\/\d/),
      details: { version_number: 3, previous_version: 2, change_description: 'disable it' },
      metadata: { host: expect.any(String), user_agent: expect.stringMatching(/^wfctl\//) },
    });
  });

  it('reads stdin with --file -; ignores _id and current_version, stamps updated_at with the write time', async () => {
    const data = {
      ...workflowData('wf-create', 'Workflow wf-create', { revision: 4 }),
      _id: 'x',
      updated_at: '2020-01-01',
      current_version: 99,
    };
    const r = await runCli(['versions', 'create', 'wf-create', '--file', '-', '-m', 'from stdin'], {
      env: db.env,
      stdin: JSON.stringify(data),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Created version 4 of wf-create (Workflow wf-create), after 3: ');
    const v = await db.ds.versions.findOne({ workflow_id: 'wf-create', version_number: 4 });
    expect(v!.workflow_data).not.toHaveProperty('current_version');
    expect(v!.workflow_data).not.toHaveProperty('_id');
    expect(v!.workflow_data.updated_at).toEqual(v!.changed_at);
    await expectVersionInvariants(db.ds, 'wf-create');
  });

  it('a file identical to the current version creates nothing (exit 0) unless --allow-empty', async () => {
    const data = workflowData('wf-create', 'Workflow wf-create', { revision: 4 });
    // key order does not matter
    const shuffled = Object.fromEntries(Object.entries(data).reverse());
    const p = file('same.json', JSON.stringify(shuffled));
    const r = await runCli(['versions', 'create', 'wf-create', '--file', p, '-m', 'again'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to do: the file equals version 4');
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-create' })).toBe(4);
    const e = JSON.parse(
      (
        await runCli(['versions', 'create', 'wf-create', '--file', p, '-m', 'again', '--allow-empty', '--json'], {
          env: db.env,
        })
      ).stdout,
    );
    // only the stamp changed
    expect(e).toMatchObject({
      status: 'created',
      version: 5,
      changes: { values_changed: 1, items_added: 0, items_removed: 0 },
    });
    await expectVersionInvariants(db.ds, 'wf-create');
  });

  it('creates version 1 of a workflow that has none, its diff against {} as the backend makes it', async () => {
    const data = { name: 'No versions', enabled: true, trigger: { type: 'manual' }, actions: [] };
    const r = await runCli(
      ['versions', 'create', 'wf-empty', '--file', file('e.json', JSON.stringify(data)), '-m', 'first', '--json'],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'created',
      version: 1,
      previousVersion: null,
      changes: { values_changed: 1, items_added: 0, items_removed: 0 },
    });
    const v = await db.ds.versions.findOne({ workflow_id: 'wf-empty', version_number: 1 });
    // DeepDiff({}, data) reports the root as changed (dates inside a diff are Python's isoformat text)
    const { updated_at, ...rest } = v!.workflow_data;
    expect(v!.diff).toEqual({
      values_changed: {
        root: {
          new_value: { ...rest, updated_at: (updated_at as Date).toISOString().replace('Z', '000') },
          old_value: {},
        },
      },
    });
    await expectVersionInvariants(db.ds, 'wf-empty');
  });

  it('a file that is not a whole workflow is refused (exit 2) and the live workflow stays', async () => {
    const before = await db.ds.workflows.findOne({ id: 'wf-keep' });
    const r = await runCli(
      ['versions', 'create', 'wf-keep', '--file', file('typo.json', '{"description":"typo fix"}'), '-m', 'typo fix'],
      { env: db.env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a whole workflow: missing "name", missing "trigger", missing "actions"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const t = await runCli(
      [
        'versions',
        'create',
        'wf-keep',
        '--file',
        file('types.json', '{"name":"x","trigger":"cron","actions":{}}'),
        '-m',
        'x',
      ],
      { env: db.env },
    );
    expect(t.code).toBe(2);
    expect(t.stderr).toContain('"trigger" is a string, not an object, "actions" is an object, not an array');
    expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-keep' })).toBe(2);
    expect(await db.ds.workflows.findOne({ id: 'wf-keep' })).toEqual(before);
  });

  it('keeps created_by and created_at of the live workflow when the file lacks them', async () => {
    const { created_by, ...data } = workflowData('wf-keep', 'Workflow wf-keep', { revision: 3 });
    void created_by;
    const r = await runCli(
      ['versions', 'create', 'wf-keep', '--file', file('keep.json', JSON.stringify(data)), '-m', 'rev 3'],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    const wf = await db.ds.workflows.findOne({ id: 'wf-keep' });
    expect(wf).toMatchObject({
      revision: 3,
      current_version: 3,
      created_by: 'carol',
      created_at: new Date('2024-03-01T00:00:00Z'),
    });
    await expectVersionInvariants(db.ds, 'wf-keep');
  });

  it('reads from the primary, whatever --read-preference says (reads elsewhere keep it)', async () => {
    const data = workflowData('wf-create', 'Workflow wf-create', { revision: 'primary' });
    const r = await runCli(
      [
        '--read-preference',
        'secondaryPreferred',
        '--verbose',
        'versions',
        'create',
        'wf-create',
        '--file',
        file('rp.json', JSON.stringify(data)),
        '-m',
        'rp',
      ],
      { env: db.env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('read preference primary');
    const l = await runCli(['--read-preference', 'secondaryPreferred', '--verbose', 'versions', 'list', 'wf-create'], {
      env: db.env,
    });
    expect(l.stderr).toContain('read preference secondaryPreferred');
  });

  describe('bad input: exit 2, nothing written', () => {
    const cases: Array<[string, () => string[], RegExp, string?]> = [
      [
        'malformed JSON, with line and column',
        () => ['--file', file('bad.json', '{\n  "name": "x",\n  "actions": [1,, 2]\n}')],
        /is not valid \(Extended\) JSON: .* at line 3, column 17/,
      ],
      [
        'truncated JSON',
        () => ['--file', file('trunc.json', '{\n  "name": "x"')],
        /is not valid \(Extended\) JSON: .*at line 2, column 14/,
      ],
      [
        'malformed Extended JSON, with line and column',
        () => ['--file', file('badoid.json', '{\n  "name": "x",\n  "owner": {"$oid": "not-hex"}\n}')],
        /is not valid \(Extended\) JSON: .*at line 3, column \d+/,
      ],
      ['a key holding NUL', () => ['--file', file('nul.json', '{"name":"x","a\\u0000b":1}')], /NUL/],
      [
        'nesting 100,000 deep',
        () => ['--file', file('deep.json', `{"name":"x","trigger":${'['.repeat(100_000)}${']'.repeat(100_000)}}`)],
        /nest/i,
      ],
      [
        'a top-level field name with a dot',
        () => ['--file', file('dot.json', '{"name":"x","trigger":{},"actions":[],"a.b":1}')],
        /field name "a\.b" contains "\."/,
      ],
      [
        'a file over 16 MB',
        () => ['--file', file('big.json', `{"name":"${'x'.repeat(17 * 1024 * 1024)}"}`)],
        /is 17\.0 MB; a workflow is one MongoDB document, which may not exceed 16 MB/,
      ],
      [
        'a 3 MB file that is 19 MB as BSON (1.5 million small numbers: each element carries its index as a key)',
        () => [
          '--file',
          file(
            'bson-big.json',
            `{"name":"x","trigger":{},"actions":[],"data":[${Array(1_500_000).fill('0').join(',')}]}`,
          ),
        ],
        /the workflow is 1\d\.\d MB as a BSON document, and MongoDB stores documents up to 16 MB; nothing was written/,
      ],
      [
        'a file that is not there',
        () => ['--file', join(dir, 'nope.json')],
        /cannot read --file .*nope\.json: no such file/,
      ],
      ['a directory', () => ['--file', dir], /cannot read --file .*: it is a folder/],
      ['a FIFO without a writer (refused, not waited on)', () => ['--file', fifo()], /is not a regular file/],
      ['an empty file', () => ['--file', file('empty.json', '  \n')], /is empty/],
      [
        'workflow_data that is an array',
        () => ['--file', file('arr.json', '[{"name":"x"}]')],
        /holds an array, not a JSON object/,
      ],
      [
        'workflow_data that is a string',
        () => ['--file', file('str.json', '"workflow"')],
        /holds a string, not a JSON object/,
      ],
      ['workflow_data that is null', () => ['--file', file('null.json', 'null')], /holds null, not a JSON object/],
      [
        'a field named like an operator',
        () => ['--file', file('op.json', '{"name":"x","trigger":{"$where":"1"}}')],
        /field names may not start with '\$': "\$where" at line 1, column 24/,
      ],
      [
        'a file for another workflow',
        () => ['--file', file('other.json', '{"id":"wf-list","name":"x"}')],
        /is for workflow "wf-list", not "wf-create"/,
      ],
      [
        'an empty --message',
        () => ['--file', file('ok.json', '{"name":"x"}'), '--message', '  '],
        /--message is empty/,
        'no-m',
      ],
      [
        'no --message',
        () => ['--file', file('ok2.json', '{"name":"x"}')],
        /required option '-m, --message <text>' not specified/,
        'no-m',
      ],
      ['no --file', () => ['--message', 'x'], /required option '-f, --file <path>' not specified/, 'no-m'],
    ];
    for (const [what, args, message, flag] of cases) {
      it(what, async () => {
        const before = await db.ds.versions.countDocuments({ workflow_id: 'wf-create' });
        const argv = ['versions', 'create', 'wf-create', ...args(), ...(flag === 'no-m' ? [] : ['--message', 'bad'])];
        const r = await runCli(argv, { env: db.env });
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-create' })).toBe(before);
      });
    }
  });

  describe('a file that is not valid UTF-8 is refused (exit 2) naming the byte offset, nothing written (issue 19 item 7)', () => {
    const head = Buffer.from('{"name":"caf');
    const tail = Buffer.from('","trigger":{},"actions":[]}');
    const cases: Array<[string, Buffer, number]> = [
      ['a Latin-1 byte', Buffer.concat([head, Buffer.from([0xe9]), tail]), 12],
      ['a truncated sequence', Buffer.concat([head, Buffer.from([0xc3]), tail]), 12],
      ['an overlong encoding', Buffer.concat([head, Buffer.from([0xc0, 0xaf]), tail]), 12],
      ['a UTF-16 surrogate', Buffer.concat([head, Buffer.from('é'), Buffer.from([0xed, 0xa0, 0x80]), tail]), 14],
      ['a code point past U+10FFFF', Buffer.concat([head, Buffer.from([0xf4, 0x90, 0x80, 0x80]), tail]), 12],
      [
        'a lone continuation byte after a BOM',
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), head, Buffer.from([0x80]), tail]),
        15,
      ],
      [
        'a sequence cut at the end of the file',
        Buffer.concat([head, tail, Buffer.from([0xe2, 0x82])]),
        12 + tail.length,
      ],
    ];
    for (const [what, bytes, offset] of cases) {
      for (const via of ['file', 'stdin'] as const) {
        it(`${what} (${via})`, async () => {
          const before = await db.ds.versions.countDocuments({ workflow_id: 'wf-utf8' });
          const p = join(dir, 'latin1.json');
          writeFileSync(p, bytes);
          const r = await runCli(
            ['versions', 'create', 'wf-utf8', '--file', via === 'file' ? p : '-', '-m', 'latin-1'],
            { env: db.env, stdin: bytes },
          );
          expect(r.code, r.stderr).toBe(2);
          expect(r.stderr).toBe(
            `wfctl: --file ${via === 'file' ? p : 'stdin'} is not valid UTF-8 at byte offset ${offset}; save it as UTF-8\nhint: iconv -f latin1 -t utf-8 converts a Latin-1 file\n`,
          );
          expect(await db.ds.versions.countDocuments({ workflow_id: 'wf-utf8' })).toBe(before);
          expect(
            await db.ds.versions.countDocuments({ workflow_id: 'wf-utf8', 'workflow_data.name': { $regex: '\uFFFD' } }),
          ).toBe(0);
        });
      }
    }
    it('a UTF-8 byte order mark is skipped, as JSON tools do', async () => {
      const data = { ...workflowData('wf-utf8', 'Café ☕ 𝄞'), revision: 'bom' };
      const r = await runCli(
        [
          'versions',
          'create',
          'wf-utf8',
          '--file',
          file('bom.json', `\uFEFF${JSON.stringify(data)}`),
          '-m',
          'bom',
          '--json',
        ],
        { env: db.env },
      );
      expect(r.code, r.stderr).toBe(0);
      const v = JSON.parse(r.stdout).version as number;
      const stored = await db.ds.versions.findOne({ workflow_id: 'wf-utf8', version_number: v });
      expect(stored!.workflow_data).toMatchObject({ name: 'Café ☕ 𝄞', revision: 'bom' });
      await expectVersionInvariants(db.ds, 'wf-utf8');
    });
  });
});

describe('versions compare', () => {
  it('summary by path with arrays matched by name, then a unified diff', async () => {
    const r = await runCli(['versions', 'compare', 'wf-cmp', '1', '2'], { env: db.env });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('wf-cmp@1 -> wf-cmp@2 (Compare): 2 added, 2 removed, 2 modified, 1 moved');
    expect(out).toContain('- description: "Compare workflow"');
    expect(out).toContain('~ trigger.type: "schedule" -> "webhook"');
    expect(out).toContain('+ trigger.path: "/hook"');
    expect(out).toContain(
      '~ actions[name=fetch].config.url: "https://api.example.com/items" -> "https://api.example.com/v2/items"',
    );
    expect(out).toContain('> actions[name=notify]: moved from position 2 to 0');
    expect(out).toContain('+ actions[name=audit]:');
    expect(out).not.toMatch(/- actions\[name=(fetch|notify|transform)\]/);
    expect(out).toContain('--- wf-cmp@1');
    expect(out).toContain('+++ wf-cmp@2');
    expect(out).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@$/m);
    expect(out).toContain('-  "description": "Compare workflow",');
    expect(out).not.toContain('\u001b[');
  });

  it('--json shape: counts, backend summary, changes, DeepDiff diff', async () => {
    const j = JSON.parse((await runCli(['versions', 'compare', 'wf-cmp', '1', '2', '--json'], { env: db.env })).stdout);
    expect(j.identical).toBe(false);
    expect(j.a).toMatchObject({ version: 1 });
    expect(j.b).toMatchObject({ version: 2 });
    expect(j.counts).toEqual({ added: 2, removed: 2, modified: 2, moved: 1 });
    // the backend's changes_summary of DeepDiff(a, b, ignore_order=True) (checked against Python in test/data/versions/write.backend-reference.test.ts)
    expect(j.summary).toEqual({
      values_changed: expect.any(Number),
      items_added: expect.any(Number),
      items_removed: expect.any(Number),
    });
    expect(j.summary.items_added).toBeGreaterThan(0);
    expect(j.diff.dictionary_item_removed).toContain("root['description']");
    expect(j.changes).toContainEqual({ kind: 'modified', path: 'trigger.type', old: 'schedule', new: 'webhook' });
    expect(j.changes).toContainEqual({ kind: 'moved', path: 'actions[name=notify]', from: 2, to: 0 });
  });

  it('alias diff, refs, --format unified/summary, --stat, --context', async () => {
    const u = await runCli(
      ['versions', 'diff', 'wf-cmp', 'current~2', 'current~1', '--format', 'unified', '--context', '0'],
      { env: db.env },
    );
    expect(u.code).toBe(0);
    expect(u.stdout.startsWith('--- wf-cmp@1\tCompare\n+++ wf-cmp@2\tCompare\n')).toBe(true);
    expect(u.stdout).not.toContain('added,');
    const s = await runCli(['versions', 'compare', 'wf-cmp', '1', '2', '--format', 'summary'], { env: db.env });
    expect(s.stdout).toContain('moved');
    expect(s.stdout).not.toContain('@@');
    const st = await runCli(['versions', 'compare', 'wf-cmp', '1', '2', '--stat'], { env: db.env });
    expect(st.stdout).toMatch(/wf-cmp@1 -> wf-cmp@2 \(Compare\) \| \d+ \++-+/);
    expect(st.stdout).toMatch(/lines? added/);
  });

  it('colours on a terminal: removed red, added green', async () => {
    const r = await runCli(['versions', 'compare', 'wf-cmp', '1', '2', '--format', 'unified'], {
      env: { ...db.env, NO_COLOR: undefined, FORCE_COLOR: '1' },
      tty: true,
    });
    expect(r.stdout).toContain('\u001b[31m-');
    expect(r.stdout).toContain('\u001b[32m+');
  });

  it('identical versions say so', async () => {
    const r = await runCli(['versions', 'compare', 'wf-cmp', '1', '3'], { env: db.env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wf-cmp@1 and wf-cmp@3 (Compare) are identical.\n');
    const j = JSON.parse((await runCli(['versions', 'compare', 'wf-cmp', '1', '3', '--json'], { env: db.env })).stdout);
    expect(j).toMatchObject({ identical: true, changes: [], counts: { added: 0, removed: 0, modified: 0, moved: 0 } });
  });

  it('a missing version exits 4; a bad ref exits 2', async () => {
    const r = await runCli(['versions', 'compare', 'wf-cmp', '1', '7'], { env: db.env });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('versions 1 to 3 exist');
    expect((await runCli(['versions', 'compare', 'wf-cmp', 'first', '2'], { env: db.env })).code).toBe(2);
  });
});

describe('versions changes', () => {
  it('per day, per user, rollbacks and reasons, most changed paths', async () => {
    await seedWorkflow(db.ds, 'wf-changes', chain('wf-changes', 4), {
      start: new Date(Date.now() - 5 * 86_400_000),
      by: ['ann', 'ben'],
    });
    const rb = await runCli(['rollback', 'wf-changes', '--to', '2', '--reason', 'v4 broke it', '--yes'], {
      env: db.env,
    });
    expect(rb.code, rb.stderr).toBe(0);
    const j = JSON.parse((await runCli(['versions', 'changes', 'wf-changes', '--json'], { env: db.env })).stdout);
    expect(j.workflow.id).toBe('wf-changes');
    expect(j.days).toBe(30);
    expect(j.totals).toMatchObject({ versions: 5, rollbacks: 1, users: 3 });
    expect(j.perDay.reduce((s: number, d: { versions: number }) => s + d.versions, 0)).toBe(5);
    expect(j.perUser.find((u: { user: string }) => u.user === 'test-user')).toMatchObject({
      versions: 1,
      rollbacks: 1,
    });
    expect(j.rollbacks).toEqual([
      expect.objectContaining({ version: 5, rollbackOf: 2, reason: 'v4 broke it', changedBy: 'test-user' }),
    ]);
    expect(j.topPaths[0]).toEqual({ path: 'revision', changes: 4 });
    const recent = JSON.parse(
      (await runCli(['versions', 'changes', 'wf-changes', '--days', '1', '--json'], { env: db.env })).stdout,
    );
    expect(recent.totals.versions).toBe(1);
    const t = await runCli(['versions', 'changes', 'wf-changes'], { env: db.env, tty: true });
    expect(t.stdout).toContain('v4 broke it');
    expect(t.stdout).toMatch(/Most changed paths/);
    expect((await runCli(['versions', 'changes', 'wf-changes', '--days', '0'], { env: db.env })).code).toBe(2);
  });
});
