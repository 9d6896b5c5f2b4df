/**
 * wfctl's versions against an independent reference: the backend's version
 * logic redone in Python with its own libraries (pymongo 4.5, deepdiff 8.6.1,
 * test/reference/backend_reference.py). The stored diffs of versions wfctl
 * writes equal DeepDiff's of the data as pymongo reads it back; wfctl's
 * compare equals the backend's; a rollback made the backend's way is a
 * rollback to wfctl. And every BSON type survives show -> edit -> create.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Binary, BSON, BSONRegExp, Decimal128, Double, Int32, Long, MinKey, ObjectId, Timestamp } from 'mongodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';
import { EDGE_BSON_VALUES, storesEveryBsonValue, useTestDatabase } from '../../support/db.js';
import { runPython } from '../../support/python.js';

const { EJSON } = BSON;
const db = useTestDatabase('backend_ref');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-backend-ref-'));
const WF = '6b0e7c92ed9c955c3bbc0380';
const ALL_TYPES = '6b0e7c92ed9c955c3bbc0381';

const reference = (...args: string[]) =>
  EJSON.parse(runPython('test/reference/backend_reference.py', [args[0]!, db.uri, db.dbName, ...args.slice(1)]), {
    relaxed: false,
  }) as Record<string, unknown>;
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const cli = async (args: string[], stdin?: string) => {
  const r = await runCli(args, { env: db.env, ...(stdin !== undefined ? { stdin } : {}) });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

const base = {
  name: 'Low stock alert',
  description: 'Alerts purchasing when stock is low',
  trigger: { trigger_type: 'event', config: { event: 'stock_below_threshold', filters: { warehouse: 'north' } } },
  actions: [
    {
      action_type: 'send_notification',
      name: 'Alert Admin',
      config: { title: 'Low stock', priority: 'high', recipient_role: 'admin' },
      order: 1,
      enabled: true,
    },
    {
      action_type: 'send_email',
      name: 'Email PO',
      config: { to_email: 'purchasing@example.com', quantity: new Int32(10), ratio: new Double(2) },
      order: 2,
      enabled: true,
    },
    { action_type: 'delay', name: 'Wait', config: { seconds: new Int32(30) }, order: 3, enabled: false },
  ],
  enabled: true,
  tags: ['inventory', 'alert', 'alert'],
  created_by: '64f1a2b3c4d5e6f708192a01',
  created_at: new Date('2026-10-01T08:00:00.123Z'),
  updated_at: new Date('2026-10-01T08:00:00.123Z'),
  execution_count: new Int32(0),
  last_execution: null,
  limits: {
    max_per_day: Long.fromString('9007199254740993'),
    threshold: new Double(0.25),
    "it's": 'quoted "key"',
    ünïcode: '✓',
  },
};

beforeAll(async () => {
  await db.ds.workflows.insertOne({ _id: new ObjectId(WF), ...base } as never);
});

/** A workflow file as `workflows show --json | jq .definition` gives it, edited. */
async function editedDefinition(edit: (d: Record<string, unknown>) => void): Promise<string> {
  const shown = await cli(['workflows', 'show', WF, '--json', '--json-format', 'canonical']);
  const def = EJSON.parse(JSON.stringify(JSON.parse(shown).definition), { relaxed: false }) as Record<string, unknown>;
  edit(def);
  return EJSON.stringify(def, { relaxed: false });
}

describe("versions wfctl writes, read by the backend's logic", () => {
  it("every stored diff equals DeepDiff of the previous version's data as pymongo reads it", async () => {
    const edits: Array<[string, (d: Record<string, unknown>) => void]> = [
      ['first version', () => undefined],
      [
        'edit a config value and reorder actions',
        (d) => {
          const actions = d.actions as Array<Record<string, unknown>>;
          (actions[1]!.config as Record<string, unknown>).quantity = new Int32(25);
          d.actions = [actions[1], actions[0], actions[2]];
        },
      ],
      [
        'float to int, a tag dropped, an action added',
        (d) => {
          (d.limits as Record<string, unknown>).threshold = new Int32(1);
          d.tags = ['inventory', 'alert'];
          (d.actions as unknown[]).push({
            action_type: 'create_task',
            name: 'Open task',
            config: { title: 'Restock' },
            order: new Int32(4),
            enabled: true,
          });
        },
      ],
      [
        'nested dict mostly replaced, description removed',
        (d) => {
          d.trigger = { trigger_type: 'scheduled', config: { schedule: '0 6 * * *' } };
          delete d.description;
        },
      ],
    ];
    for (const [message, edit] of edits) {
      const text = await editedDefinition(edit);
      await cli(['versions', 'create', WF, '--file', file(`${message}.json`, text), '-m', message]);
    }
    await cli(['rollback', WF, '--to', '2', '--reason', 'v4 lost the schedule', '--yes']);
    const { versions } = reference('diffs', WF) as {
      versions: Array<{ version: number; stored: unknown; recomputed: unknown }>;
    };
    expect(versions.map((v) => Number(v.version))).toEqual([1, 2, 3, 4, 5]);
    for (const v of versions) expect(v.stored, `version ${v.version}`).toEqual(v.recomputed);
    // and the backend lists them as its own
    expect(reference('history', WF)).toEqual({ versions: [5, 4, 3, 2, 1].map((n) => new Int32(n)) });
  });

  it("versions compare gives the backend's diff and changes_summary", async () => {
    for (const [a, b] of [
      ['1', '3'],
      ['2', '4'],
      ['3', '5'],
      ['5', '1'],
    ]) {
      const ours = EJSON.parse(await cli(['versions', 'compare', WF, a!, b!, '--json', '--json-format', 'canonical']), {
        relaxed: false,
      }) as Record<string, unknown>;
      const theirs = reference('compare', WF, a!, b!);
      expect(ours.diff, `${a} -> ${b}`).toEqual(theirs.diff);
      expect(ours.summary, `${a} -> ${b}`).toEqual(theirs.changes_summary);
    }
  });

  it('a rollback the backend makes is a rollback to wfctl, and wfctl can write after it', async () => {
    reference('rollback', WF, '3', '64f1a2b3c4d5e6f708192a02', 'back to the task');
    const list = JSON.parse(await cli(['versions', 'list', WF, '--json']));
    expect(list.versions[0]).toMatchObject({ version: 6, rollbackOf: 3, reason: 'back to the task', current: true });
    const changes = JSON.parse(await cli(['versions', 'changes', WF, '--days', '1', '--json']));
    expect(changes.totals.rollbacks).toBe(2);
    const doctor = JSON.parse((await runCli(['db', 'doctor', '--json'], { env: db.env })).stdout);
    expect(
      doctor.findings.filter(
        (f: { severity: string; check: string }) => f.check === 'versions' && f.severity === 'error',
      ),
    ).toEqual([]);
    const r = JSON.parse(await cli(['rollback', WF, '--to', '1', '--reason', 'start over', '--yes', '--json']));
    expect(r).toMatchObject({ status: 'rolled_back', from: 6, version: 7 });
    const { versions } = reference('diffs', WF) as {
      versions: Array<{ version: number; stored: unknown; recomputed: unknown }>;
    };
    // version 6 is the backend's: its diff holds the microseconds of its in-memory datetimes, which the stored dates lose
    for (const v of versions.filter((x) => Number(x.version) !== 6))
      expect(v.stored, `version ${v.version}`).toEqual(v.recomputed);
  });
});

describe('exact BSON types end to end', () => {
  // values not every server can store (EDGE_BSON_VALUES); where the server keeps them they take the same path
  const edgeValues = {
    ...EDGE_BSON_VALUES,
    arrays: [[new Int32(1), new Double(1)], [{ a: [Long.fromNumber(3)] }], []],
  };
  const config: Record<string, unknown> = {
    int32: new Int32(7),
    int64: Long.fromString('9007199254740993'),
    int64small: Long.fromNumber(5),
    double2: new Double(2),
    date: new Date('2026-11-20T10:15:00.007Z'),
    oldDate: new Date('1960-01-01T00:00:00Z'),
    oid: new ObjectId('64f1a2b3c4d5e6f708192a99'),
    bin0: new Binary(Buffer.from('hello'), 0),
    uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
    bin128: new Binary(Buffer.from([1, 2, 3]), 128),
    regex: new BSONRegExp('^inv-\\d+$', 'imx'),
    ts: new Timestamp({ t: 1_700_000_000, i: 7 }),
    nested: { list: [new Int32(1), new Double(1), { a: [Long.fromNumber(3)], b: {} }, 'x'] },
  };
  const bson = (v: unknown) => Buffer.from(BSON.serialize({ v })).toString('hex');

  beforeAll(async () => {
    if (await storesEveryBsonValue(db.ds)) Object.assign(config, edgeValues);
  });

  it('show -> create keeps every type, relaxed and canonical', async () => {
    await db.ds.workflows.insertOne({
      _id: new ObjectId(ALL_TYPES),
      name: 'All types',
      trigger: { trigger_type: 'manual', config: {} },
      actions: [],
      enabled: true,
      config,
    } as never);
    // the first version holds the document as it is; the second, from the first's show output, must not change a type
    await cli(
      ['versions', 'create', ALL_TYPES, '--file', '-', '-m', 'as stored'],
      EJSON.stringify(
        { name: 'All types', trigger: { trigger_type: 'manual', config: {} }, actions: [], enabled: true, config },
        { relaxed: false },
      ),
    );
    for (const mode of ['relaxed', 'canonical']) {
      const shown = await cli(['workflows', 'show', ALL_TYPES, '--json', '--json-format', mode]);
      // edited by another implementation of Extended JSON: pymongo's json_util reads and writes it
      const text = runPython(
        'test/reference/backend_reference.py',
        ['edit-definition', mode, `through ${mode}`],
        shown,
      );
      await cli(['versions', 'create', ALL_TYPES, '--file', file(`types-${mode}.json`, text), '-m', mode]);
      const v = await db.ds.versions
        .find({ workflow_id: ALL_TYPES }, { promoteValues: false, bsonRegExp: true })
        .sort({ version_number: -1 })
        .limit(1)
        .next();
      // relaxed Extended JSON writes a small int64 as a plain number; wfctl gives it back the previous version's type
      expect(bson((v!.workflow_data as Record<string, unknown>).config), mode).toBe(bson(config));
    }
    const live = await db.ds.workflows.findOne({ _id: new ObjectId(ALL_TYPES) } as never, {
      promoteValues: false,
      bsonRegExp: true,
    });
    expect(bson((live as Record<string, unknown>).config)).toBe(bson(config));
  });

  it('versions show --json prints stored data as Extended JSON (an int64 above 2^53 exactly, 2.0 as a double)', async () => {
    const text = await cli(['versions', 'show', ALL_TYPES, 'current', '--json']);
    expect(text).toContain('"int64": 9007199254740993');
    expect(text).toContain('"double2": 2.0');
    expect(text).not.toContain('"high"');
    const canonical = await cli(['versions', 'show', ALL_TYPES, 'current', '--json', '--json-format', 'canonical']);
    const parsed = EJSON.parse(canonical, { relaxed: false }) as { version: { workflowData: { config: unknown } } };
    expect(bson(parsed.version.workflowData.config)).toBe(bson(config));
  });
});

describe('audit exports restore exactly, read by another implementation', () => {
  it('each NDJSON record, read by pymongo, is the stored document byte for byte (canonical; relaxed but for small int64)', async () => {
    const edge = await storesEveryBsonValue(db.ds);
    const doc = (i: number, small: boolean) => ({
      _id: new ObjectId(),
      event_type: 'workflow_updated',
      workflow_id: WF,
      user_id: 'u',
      details: {
        version_number: new Int32(i),
        big: Long.fromString('9007199254740993'),
        ...(small ? { small: Long.fromNumber(5) } : {}),
        two: new Double(2),
        half: new Double(0.5),
        when: new Date('2026-11-20T10:15:00.007Z'),
        uuid: new Binary(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 4),
        re: new BSONRegExp('^inv-\\d+$', 'im'),
        ts: new Timestamp({ t: 1_700_000_000, i: 3 }),
        ...(edge ? { nan: new Double(Number.NaN), dec: Decimal128.fromString('1.10'), min: new MinKey() } : {}),
      },
      metadata: { note: 'ünïcode ✓', list: [new Int32(1), 'x', { a: null }] },
      timestamp: new Date('2026-11-20T10:15:00.000Z'),
      ip_address: null,
      user_agent: null,
    });
    const bson = (d: unknown) => Buffer.from(BSON.serialize(d as Record<string, unknown>)).toString('hex');
    for (const mode of ['canonical', 'relaxed'] as const) {
      const docs = [doc(1, mode === 'canonical'), doc(2, mode === 'canonical')];
      await db.ds.audit.deleteMany({});
      await db.ds.audit.insertMany(docs as never[]);
      const out = await cli(['audit', 'export', '--until', '2026-11-21', '--json-format', mode]);
      const hex = runPython('test/reference/backend_reference.py', ['export-to-bson', mode], out).trim().split('\n');
      expect(hex, mode).toEqual(docs.map(bson));
    }
  });
});
