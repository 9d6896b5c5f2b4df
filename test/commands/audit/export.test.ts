import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Binary, BSON, BSONRegExp, Double, Long, ObjectId, Timestamp } from 'mongodb';
import { connect, isTimeLimitError } from '../../../src/data/core/index.js';
import { exportAuditTrail, reconcileWithDatabase } from '../../../src/data/audit/index.js';
import { CsvRecordReader, GENESIS, serializeCsvRecord, serializeJsonRecord } from '../../../src/data/audit/index.js';
import { exportedDocuments, makeAuditDocs, insertAudit, ndjsonRecords } from '../../support/audit-fixtures.js';
import { BIN, runCli } from '../../support/cli.js';
import { useTestDatabase } from '../../support/db.js';
import { startSilentProxy, testProxyTarget, throughProxy } from '../../support/wire.js';

const db = useTestDatabase('audit_export');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-export-'));
const base = new Date('2025-03-01T00:00:00Z');
let seeded: ObjectId[] = [];
const legacyId = new ObjectId();
const hostileId = new ObjectId();
const LONG = 'x'.repeat(200_000);

beforeAll(async () => {
  const docs = makeAuditDocs(500, base, 1000);
  // same timestamp for several records: (timestamp, _id) must still order them
  for (let i = 10; i < 20; i++) docs[i]!.timestamp = new Date(base.getTime() + 10_000);
  await insertAudit(db.ds, docs);
  await db.ds.audit.insertMany([
    // an older tool: a string timestamp, and details that are a plain string
    {
      _id: legacyId,
      event_type: 'workflow_created',
      workflow_id: 'wf-legacy',
      user_id: 'old',
      details: 'migrated from v1' as never,
      metadata: {},
      timestamp: '2024-12-01T08:00:00',
    },
    {
      _id: hostileId,
      event_type: '=cmd|" /C calc"!A0',
      workflow_id: 'wf-1',
      user_id: '+danger',
      details: { ctl: 'a\u0000b\u0007c\r\nd\te', lone: 'bad \ud800 surrogate', long: LONG, formula: '@SUM(A1)' },
      metadata: {
        nested: { date: new Date('2025-01-01T00:00:00Z') },
        // types that plain JSON loses (the values every test server can store; see EDGE_BSON_VALUES)
        types: {
          big: Long.fromString('9007199254740993'),
          two: new Double(2),
          uuid: new Binary(Buffer.alloc(16, 7), 4),
          re: new BSONRegExp('^inv', 'i'),
          ts: new Timestamp({ t: 1, i: 2 }),
        },
      },
      timestamp: new Date('2025-03-01T00:00:00.5Z'),
      ip_address: '-1+1',
      user_agent: '\tTab',
      extra_field: 'kept',
    },
  ]);
  seeded = [...docs.map((d) => d._id as ObjectId), legacyId, hostileId];
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const out = (name: string) => join(dir, name);
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });
const filesIn = (d: string) => readdirSync(d);

function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  const r = new CsvRecordReader((c) => rows.push(c));
  r.push(text);
  r.end();
  return rows;
}

const { EJSON } = BSON;

describe('audit export: formats', () => {
  it('ndjson: every record once, with its _id, ordered by (timestamp, _id), legacy strings first', async () => {
    const file = out('all.ndjson');
    const r = await runCli(['audit', 'export', '--until', '2025-06-01', '--output', file], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const recs = ndjsonRecords(readFileSync(file, 'utf8'));
    expect(recs).toHaveLength(502);
    expect(new Set(recs.map((x) => x._id))).toEqual(new Set(seeded.map((i) => i.toHexString())));
    expect(recs[0]!._id).toBe(legacyId.toHexString());
    // the stored document as it is: its legacy string timestamp too
    expect(recs[0]!.timestamp).toBe('2024-12-01T08:00:00');
    const keys = recs.slice(1).map((x) => `${x.timestamp as string}|${x._id as string}`);
    expect([...keys].sort()).toEqual(keys);
    expect(recs.map((x) => x._seq)).toEqual(recs.map((_, i) => i + 1));
    // each record is the stored document, its fields in their order and with their BSON types, then _seq and
    // _chain: canonical Extended JSON, read by the driver's EJSON (which cannot read relaxed 2.0 as a double:
    // it parses the text with JSON.parse; test/data/versions/write.backend-reference.test.ts reads relaxed output with pymongo)
    const canonical = out('all-canonical.ndjson');
    const c = await runCli(
      ['audit', 'export', '--until', '2025-06-01', '--json-format', 'canonical', '--output', canonical],
      { env: env() },
    );
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(readFileSync(`${canonical}.manifest.json`, 'utf8')).jsonFormat).toBe('canonical');
    expect((await runCli(['audit', 'verify', canonical], { env: env() })).code).toBe(0);
    const stored = await db.ds.audit
      .find({ _id: { $in: seeded } }, { promoteValues: false, bsonRegExp: true })
      .toArray();
    const byId = new Map(stored.map((d) => [String(d._id), d]));
    for (const doc of exportedDocuments(readFileSync(canonical, 'utf8'))) {
      const { _seq, _chain, ...record } = doc;
      expect(Object.keys(doc).slice(-2)).toEqual(['_seq', '_chain']);
      void _seq;
      void _chain;
      const original = byId.get(String(record._id))!;
      expect(
        Buffer.from(BSON.serialize(record)).equals(Buffer.from(BSON.serialize(original))),
        String(record._id),
      ).toBe(true);
    }
    expect(r.stderr).toContain('Exported 502 records');
    const m = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
    expect(m).toMatchObject({
      format: 'wfctl-audit-export-manifest',
      records: 502,
      exportFormat: 'ndjson',
      filter: { until: '2025-06-01T00:00:00.000Z' },
    });
    expect(m.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.firstRecord._id).toBe(legacyId.toHexString());
    expect(JSON.stringify(m)).not.toContain('mongodb://');
    expect(filesIn(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const v = await runCli(['audit', 'verify', file], { env: env() });
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toContain('502 records');
  });

  it('json: one valid array, written as a stream', async () => {
    const file = out('all.json');
    const r = await runCli(['audit', 'export', '--until', '2025-06-01', '--format', 'json', '-o', file], {
      env: env(),
    });
    expect(r.code, r.stderr).toBe(0);
    // Extended JSON, read by the driver's EJSON: the records as stored
    const arr = EJSON.parse(readFileSync(file, 'utf8'), { relaxed: true }) as Array<Record<string, unknown>>;
    expect(arr).toHaveLength(502);
    const hostile = arr.find((x) => String(x._id) === hostileId.toHexString())!;
    expect((hostile.details as Record<string, string>).long).toHaveLength(200_000);
    expect((hostile.details as Record<string, string>).ctl).toBe('a\u0000b\u0007c\r\nd\te');
    // the driver stores strings as UTF-8, so a lone surrogate arrives as U+FFFD; the file is valid UTF-8
    expect((hostile.details as Record<string, string>).lone).toBe('bad \ufffd surrogate');
    const bytes = readFileSync(file);
    expect(Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes)).toBe(true);
    // every field of the stored document, in its place
    expect(hostile.extra_field).toBe('kept');
    expect(hostile.timestamp).toEqual(new Date('2025-03-01T00:00:00.500Z'));
    expect((await runCli(['audit', 'verify', file], { env: env() })).code).toBe(0);
  });

  it('csv: fixed columns, RFC 4180, formulas neutralized, valid UTF-8 from hostile strings', async () => {
    const file = out('all.csv');
    const r = await runCli(['audit', 'export', '--until', '2025-06-01', '--format', 'csv', '-o', file], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const bytes = readFileSync(file);
    const text = bytes.toString('utf8');
    expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true); // valid UTF-8
    expect(
      text.startsWith(
        '_id,timestamp,event_type,workflow_id,user_id,ip_address,user_agent,details,metadata,extra,_seq,_chain\r\n',
      ),
    ).toBe(true);
    const rows = csvRows(text);
    expect(rows).toHaveLength(503);
    expect(rows.every((row) => row.length === 12)).toBe(true);
    const h = rows.find((row) => row[0] === hostileId.toHexString())!;
    expect(h[2]).toBe('\'=cmd|" /C calc"!A0');
    expect(h[4]).toBe("'+danger");
    expect(h[5]).toBe("'-1+1");
    expect(h[6]).toBe("'\tTab");
    expect(h[1]).toBe('2025-03-01T00:00:00.500Z');
    const details = JSON.parse(h[7]!);
    expect(details.ctl).toBe('a\u0000b\u0007c\r\nd\te');
    expect(details.long).toHaveLength(200_000);
    // details and metadata are Extended JSON text: a date keeps its type
    expect(JSON.parse(h[8]!).nested.date).toEqual({ $date: '2025-01-01T00:00:00Z' });
    expect(h[8]).toContain('"big":9007199254740993');
    expect(h[8]).toContain('"two":2.0');
    // a string details is JSON text too: quoted
    const legacy = rows.find((row) => row[0] === legacyId.toHexString())!;
    expect(legacy[7]).toBe('"migrated from v1"');
    // control characters are inside quoted fields
    expect(text).toMatch(/"\{""ctl"":""a\\u0000b\\u0007c\\r\\nd\\te""/);
    expect((await runCli(['audit', 'verify', file], { env: env() })).code).toBe(0);
  });

  it('to stdout without --output, with filters', async () => {
    const r = await runCli(
      ['audit', 'export', '--workflow', 'wf-1', '--event-type', 'workflow_updated', '--until', '2025-06-01'],
      { env: env() },
    );
    expect(r.code, r.stderr).toBe(0);
    const recs = ndjsonRecords(r.stdout);
    expect(recs.length).toBe(33); // k % 3 == 1 and k % 5 == 0 for k < 500: k = 10, 25, ..., 490
    expect(recs.every((x) => x.workflow_id === 'wf-1' && x.event_type === 'workflow_updated')).toBe(true);
  });

  it('a --user that looks like a query operator is plain text', async () => {
    await db.ds.audit.insertOne({
      event_type: 'x',
      user_id: '{"$ne":null}',
      details: {},
      metadata: {},
      timestamp: new Date('2025-04-01T00:00:00Z'),
    });
    const r = await runCli(['audit', 'export', '--user', '{"$ne":null}', '--until', '2025-06-01'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(ndjsonRecords(r.stdout).map((x) => x.user_id)).toEqual(['{"$ne":null}']);
  });

  it('zero records: says so on stderr and writes a valid empty file in each format', async () => {
    for (const format of ['ndjson', 'json', 'csv']) {
      const file = out(`empty.${format}`);
      const r = await runCli(
        ['audit', 'export', '--since', '2020-01-01', '--until', '2020-01-02', '--format', format, '-o', file],
        { env: env() },
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('No records matched');
      const text = readFileSync(file, 'utf8');
      if (format === 'json') expect(JSON.parse(text)).toEqual([]);
      if (format === 'ndjson') expect(text).toBe('');
      if (format === 'csv') expect(csvRows(text)).toHaveLength(1);
      expect((await runCli(['audit', 'verify', file], { env: env() })).code).toBe(0);
    }
  });

  it('records itself as an audit_exported event, not included in its own output', async () => {
    const file = out('self.ndjson');
    const r = await runCli(['audit', 'export', '--settle', '0', '-o', file, '--json'], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    const events = await db.ds.audit.find({ event_type: 'audit_exported', 'details.sha256': result.sha256 }).toArray();
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.user_id).toBe('test-user');
    expect(e.user_agent).toMatch(/^wfctl\//);
    expect(e.metadata).toMatchObject({ host: expect.any(String) });
    expect(e.details).toMatchObject({ count: result.records, format: 'ndjson', file: 'self.ndjson' });
    expect(JSON.stringify(e)).not.toContain('mongodb://');
    const ids = ndjsonRecords(readFileSync(file, 'utf8')).map((x) => x._id);
    expect(ids).not.toContain(e._id.toHexString());
  });
});

describe('audit export: record serialization of invalid UTF-16', () => {
  it('a lone surrogate in a record (as another driver could hand it over) still gives valid JSON, CSV and UTF-8', () => {
    const doc = { _id: new ObjectId(), event_type: 'x\ud800', details: { s: '\udc00y' }, timestamp: new Date(0) };
    const j = serializeJsonRecord(doc, 1, GENESIS);
    expect(Buffer.from(j.text!, 'utf8').toString('utf8')).toBe(j.text);
    // what BSON would store for it: U+FFFD
    expect(JSON.parse(j.text!).event_type).toBe('x\ufffd');
    const c = serializeCsvRecord(doc, 1, GENESIS);
    expect(c.cells![2]).toBe('x\ufffd');
    expect(c.cells!.join('')).not.toMatch(/[\ud800-\udfff]/);
  });
});

describe('audit export: bad input', () => {
  it('unknown format: exit 2 naming the accepted ones', async () => {
    const r = await runCli(['audit', 'export', '--format', 'xml'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown format "xml"; accepted: ndjson, json, csv');
  });

  it('--since after --until: exit 2', async () => {
    const r = await runCli(
      ['audit', 'export', '--since', '2025-02-01', '--until', '2025-01-01', '-o', out('x.ndjson')],
      { env: env() },
    );
    expect(r.code).toBe(2);
    expect(existsSync(out('x.ndjson'))).toBe(false);
  });

  it('a date that does not parse: exit 2, saying which forms are accepted', async () => {
    const r = await runCli(['audit', 'export', '--until', '2025-13-01'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('accepted: an ISO-8601 date or time');
  });

  it('output folder missing: exit 2, nothing written', async () => {
    const r = await runCli(['audit', 'export', '-o', join(dir, 'no-such-dir', 'x.ndjson')], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not exist');
  });

  it('output folder not writable: exit 2', async () => {
    let target: string;
    if (process.getuid?.() === 0)
      target = '/sys/wfctl-audit.ndjson'; // root writes anywhere but sysfs
    else {
      const ro = join(dir, 'ro');
      mkdirSync(ro);
      chmodSync(ro, 0o500);
      target = join(ro, 'x.ndjson');
    }
    const r = await runCli(['audit', 'export', '-o', target], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not writable');
  });

  it('--checkpoint needs --output; --json needs --output', async () => {
    const a = await runCli(['audit', 'export', '--checkpoint', out('c.ckpt')], { env: env() });
    expect(a.code).toBe(2);
    expect(a.stderr).toContain('--checkpoint needs --output');
    const b = await runCli(['audit', 'export', '--json'], { env: env() });
    expect(b.code).toBe(2);
  });

  it('a corrupt, foreign or edited checkpoint: exit 2, never a silent restart; nothing written', async () => {
    const cases: Record<string, string> = {
      'corrupt.ckpt': '{"format":"wfctl-audit-checkpoint","vers',
      'foreign.ckpt': JSON.stringify({ lastId: 42 }),
      'empty.ckpt': '',
    };
    for (const [name, text] of Object.entries(cases)) {
      const ckpt = out(name);
      writeFileSync(ckpt, text);
      const file = out(`from-${name}.ndjson`);
      const r = await runCli(['audit', 'export', '--checkpoint', ckpt, '-o', file], { env: env() });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain('refusing to start the series over');
      expect(existsSync(file)).toBe(false);
      expect(readFileSync(ckpt, 'utf8')).toBe(text);
    }
    // a real checkpoint edited by hand
    const ckpt = out('edited.ckpt');
    expect(
      (
        await runCli(
          ['audit', 'export', '--until', '2025-03-01T00:01:00Z', '--checkpoint', ckpt, '-o', out('e1.ndjson')],
          { env: env() },
        )
      ).code,
    ).toBe(0);
    const c = JSON.parse(readFileSync(ckpt, 'utf8'));
    c.last.id.oid = '000000000000000000000000';
    writeFileSync(ckpt, JSON.stringify(c));
    const r = await runCli(['audit', 'export', '--checkpoint', ckpt, '-o', out('e2.ndjson')], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('does not match its checksum');
  });

  it('a checkpoint of another filter: exit 2', async () => {
    const ckpt = out('wf.ckpt');
    expect(
      (
        await runCli(
          [
            'audit',
            'export',
            '--workflow',
            'wf-1',
            '--until',
            '2025-06-01',
            '--checkpoint',
            ckpt,
            '-o',
            out('wf1.ndjson'),
          ],
          { env: env() },
        )
      ).code,
    ).toBe(0);
    const r = await runCli(['audit', 'export', '--workflow', 'wf-2', '--checkpoint', ckpt, '-o', out('wf2.ndjson')], {
      env: env(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('another filter');
  });
});

describe('audit export: a series through legacy string timestamps', () => {
  it('a run that ends on a string-dated record is followed by every dated record, once', async () => {
    const ckpt = out('legacy.ckpt');
    const a = await runCli(
      ['audit', 'export', '--until', '2025-01-01', '--checkpoint', ckpt, '-o', out('legacy-1.ndjson')],
      { env: env() },
    );
    expect(a.code, a.stderr).toBe(0);
    const first = ndjsonRecords(readFileSync(out('legacy-1.ndjson'), 'utf8')).map((x) => x._id);
    expect(first).toEqual([legacyId.toHexString()]);
    expect(JSON.parse(readFileSync(ckpt, 'utf8')).last.timestamp).toEqual({ string: '2024-12-01T08:00:00' });
    const b = await runCli(
      ['audit', 'export', '--until', '2025-06-01', '--checkpoint', ckpt, '-o', out('legacy-2.ndjson')],
      { env: env() },
    );
    expect(b.code, b.stderr).toBe(0);
    const second = ndjsonRecords(readFileSync(out('legacy-2.ndjson'), 'utf8')).map((x) => x._id as string);
    const expected = (
      await db.ds.audit
        .find({ timestamp: { $lt: new Date('2025-06-01') } })
        .project({ _id: 1 })
        .toArray()
    ).map((d) => d._id.toHexString());
    expect(second.sort()).toEqual(expected.sort());
    // a third run finds nothing new below the bound, and starts no legacy phase again
    const c = await runCli(
      ['audit', 'export', '--until', '2025-06-01', '--checkpoint', ckpt, '-o', out('legacy-3.ndjson')],
      { env: env() },
    );
    expect(c.code, c.stderr).toBe(0);
    expect(readFileSync(out('legacy-3.ndjson'), 'utf8')).toBe('');
    expect(
      (
        await runCli(['audit', 'verify', out('legacy-1.ndjson'), out('legacy-2.ndjson'), out('legacy-3.ndjson')], {
          env: env(),
        })
      ).code,
    ).toBe(0);
  });
});

describe('audit export: a series that starts empty', () => {
  it('keeps the --since of its first run until a first record is exported', async () => {
    const ckpt = out('empty-start.ckpt');
    const first = await runCli(
      ['audit', 'export', '--since', '2030-01-01', '--checkpoint', ckpt, '-o', out('es1.ndjson')],
      { env: env() },
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('No records matched');
    const second = await runCli(['audit', 'export', '--checkpoint', ckpt, '-o', out('es2.ndjson')], { env: env() });
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(out('es2.ndjson'), 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(`${out('es2.ndjson')}.manifest.json`, 'utf8')).range.since).toBe(
      '2030-01-01T00:00:00.000Z',
    );
  });
});

describe('audit export: one run at a time per checkpoint', () => {
  it('a checkpoint locked by a running export: exit 1; a stale lock is taken over', async () => {
    const ckpt = out('locked.ckpt');
    writeFileSync(
      `${ckpt}.lock`,
      JSON.stringify({ pid: process.pid, host: hostname(), since: '2025-01-01T00:00:00Z' }),
    );
    const r = await runCli(
      ['audit', 'export', '--until', '2025-06-01', '--checkpoint', ckpt, '-o', out('locked.ndjson')],
      { env: env() },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`another export holds checkpoint ${ckpt} (pid ${process.pid}`);
    expect(existsSync(out('locked.ndjson'))).toBe(false);
    expect(existsSync(ckpt)).toBe(false);
    // a lock whose process is gone: the claim of this wfctl is removed, the single file of an earlier one ignored
    writeFileSync(
      `${ckpt}.lock`,
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2025-01-01T00:00:00Z' }),
    );
    writeFileSync(
      `${ckpt}.lock.gone`,
      JSON.stringify({ pid: 2 ** 22 + 12346, host: hostname(), since: '2025-01-01T00:00:00Z', token: 'gone' }),
    );
    const ok = await runCli(
      ['audit', 'export', '--until', '2025-06-01', '--checkpoint', ckpt, '-o', out('locked.ndjson')],
      { env: env() },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(`${ckpt}.lock.gone`)).toBe(false);
    expect(readdirSync(dirname(ckpt)).filter((f) => f.startsWith('locked.ckpt.lock.'))).toEqual([]);
    expect(existsSync(ckpt)).toBe(true);
  });
});

describe('audit export: progress', () => {
  it('shows records, rate and the total on a terminal; nothing of it when stderr is not one', async () => {
    const tty = await runCli(['audit', 'export', '--until', '2025-06-01', '-o', out('progress.ndjson')], {
      env: { ...env(), CI: '' },
      tty: true,
    });
    expect(tty.code, tty.stderr).toBe(0);
    expect(tty.stderr).toMatch(/\r\x1b\[K[\d,]+ of [\d,]+ records, \d+(k)?\/s/);
    const piped = await runCli(['audit', 'export', '--until', '2025-06-01', '-o', out('progress2.ndjson')], {
      env: env(),
    });
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stderr).not.toMatch(/records, \d+\/s/);
  });
});

describe('audit verify', () => {
  async function exportTo(name: string, format = 'ndjson', extraEnv: Record<string, string> = {}) {
    const file = out(name);
    const r = await runCli(
      ['audit', 'export', '--since', '2025-03-01', '--until', '2025-03-01T00:01:00Z', '--format', format, '-o', file],
      { env: { ...env(), ...extraEnv } },
    );
    expect(r.code, r.stderr).toBe(0);
    return file;
  }
  const lines = (f: string) => readFileSync(f, 'utf8').split('\n');
  const writeLines = (f: string, l: string[]) => writeFileSync(f, l.join('\n'));

  it('names an altered record', async () => {
    const f = await exportTo('alter.ndjson');
    const l = lines(f);
    l[4] = l[4]!.replace('"user_id":"user-', '"user_id":"userX-');
    writeLines(f, l);
    const r = await runCli(['audit', 'verify', f], { env: env() });
    expect(r.code).toBe(1);
    const id = JSON.parse(l[4]!)._id.$oid;
    expect(r.stdout).toContain(`record 5 (_id ${id}) was altered`);
  });

  it('names a removed, an inserted and a reordered record, and a cut-short file', async () => {
    const f1 = await exportTo('removed.ndjson');
    let l = lines(f1);
    const removedNext = JSON.parse(l[3]!)._id.$oid;
    l.splice(2, 1);
    writeLines(f1, l);
    let r = await runCli(['audit', 'verify', f1], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`expected record 3, found record 4 (_id ${removedNext}): record 3 removed or reordered`);

    const f2 = await exportTo('inserted.ndjson');
    l = lines(f2);
    l.splice(5, 0, l[1]!);
    writeLines(f2, l);
    r = await runCli(['audit', 'verify', f2], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('appears again at position 6: inserted or reordered');

    const f3 = await exportTo('reordered.ndjson');
    l = lines(f3);
    [l[6], l[7]] = [l[7]!, l[6]!];
    writeLines(f3, l);
    r = await runCli(['audit', 'verify', f3], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('expected record 7, found record 8');

    const f4 = await exportTo('cut.ndjson');
    l = lines(f4);
    writeLines(f4, l.slice(0, 10).concat(['']));
    r = await runCli(['audit', 'verify', f4], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/records 11-\d+ were removed from the end/);
  });

  it('csv and json files: an altered cell or element is named', async () => {
    const c = await exportTo('alter.csv', 'csv');
    writeFileSync(c, readFileSync(c, 'utf8').replace('user-1', 'user-7'));
    const rc = await runCli(['audit', 'verify', c], { env: env() });
    expect(rc.code).toBe(1);
    expect(rc.stdout).toMatch(/record \d+ \(_id [0-9a-f]{24}\) was altered/);
    const j = await exportTo('alter.json', 'json');
    writeFileSync(j, readFileSync(j, 'utf8').replace('"n":3,', '"n":33,'));
    const rj = await runCli(['audit', 'verify', j], { env: env() });
    expect(rj.code).toBe(1);
    expect(rj.stdout).toMatch(/record \d+ \(_id [0-9a-f]{24}\) was altered/);
  });

  it('HMAC: a signed manifest verifies with the key; an edited manifest does not', async () => {
    const key = { WFCTL_EXPORT_HMAC_KEY: 'k3y-for-tests' };
    const f = await exportTo('signed.ndjson', 'ndjson', key);
    const m = JSON.parse(readFileSync(`${f}.manifest.json`, 'utf8'));
    expect(m.signature.algorithm).toBe('hmac-sha256');
    expect(JSON.stringify(m)).not.toContain('k3y-for-tests');
    expect((await runCli(['audit', 'verify', f], { env: { ...env(), ...key } })).code).toBe(0);
    const wrong = await runCli(['audit', 'verify', f], { env: { ...env(), WFCTL_EXPORT_HMAC_KEY: 'other' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('signature does not match');
    // an attacker rewrites a record, and the file hash, count and chain head in the manifest
    m.records = 1;
    writeFileSync(`${f}.manifest.json`, JSON.stringify(m));
    const edited = await runCli(['audit', 'verify', f, '--json'], { env: { ...env(), ...key } });
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.stdout).files[0].signature).toBe('invalid');
  });

  describe('a deleted manifest is named as missing (exit 1), not "not an export" (issue 19 item 7)', () => {
    const cases: Array<[string, string, string[]]> = [
      ['ndjson', 'gone.ndjson', []],
      ['csv', 'gone.csv', []],
      ['csv with a BOM', 'gone-bom.csv', ['--bom']],
      ['json', 'gone.json', []],
      ['ndjson of no records (an empty file)', 'gone-empty.ndjson', ['--since', '2020-01-01', '--until', '2020-01-02']],
      ['json of no records', 'gone-empty.json', ['--since', '2020-01-01', '--until', '2020-01-02']],
    ];
    for (const [what, name, extra] of cases) {
      it(what, async () => {
        const f = out(name);
        const format = name.endsWith('.csv') ? 'csv' : name.endsWith('.json') ? 'json' : 'ndjson';
        const range = extra.includes('--since') ? [] : ['--since', '2025-03-01', '--until', '2025-03-01T00:01:00Z'];
        const e = await runCli(['audit', 'export', ...range, ...extra, '--format', format, '-o', f], { env: env() });
        expect(e.code, e.stderr).toBe(0);
        rmSync(`${f}.manifest.json`);
        // named by the export file or by its manifest's path, as a user may give either
        for (const given of [f, `${f}.manifest.json`]) {
          const r = await runCli(['audit', 'verify', given], { env: env() });
          expect(r.code, r.stderr).toBe(1);
          expect(r.stderr).toBe(
            `wfctl: the manifest ${f}.manifest.json of ${f} is missing: the export cannot be verified without it\nhint: audit export writes FILE.manifest.json beside FILE; restore it from where the export was kept\n`,
          );
          expect(r.stdout).toBe('');
        }
      });
    }
  });

  describe('a malformed manifest: exit 1 "manifest malformed", before any connection (issue 19 item 7)', () => {
    type Edit = (m: Record<string, any>) => void;
    const cases: Array<[Edit, string]> = [
      [(m) => delete m.filter, 'filter is missing'],
      [(m) => delete m.filter.workflowId, 'filter.workflowId is missing'],
      [(m) => (m.filter.workflowId = 5), 'filter.workflowId is 5 (a number), not a string or null'],
      [
        (m) => (m.filter.eventTypes = 'workflow_created'),
        'filter.eventTypes is "workflow_created" (a string), not an array of event types or null',
      ],
      [
        (m) => (m.filter.eventTypes = ['workflow_created', 7]),
        'filter.eventTypes[1] is 7 (a number), not a non-empty string',
      ],
      [(m) => (m.filter.since = 'last week'), 'filter.since is "last week" (a string), not an ISO-8601 time or null'],
      [(m) => (m.filter = null), 'filter is null, not an object'],
      [(m) => (m.exportFormat = 'tsv'), 'exportFormat is "tsv" (a string), not one of "ndjson", "json", "csv"'],
      [(m) => (m.records = -1), 'records is -1 (a number), not a whole number (0 or more)'],
      [(m) => (m.bytes = '1024'), 'bytes is "1024" (a string), not a whole number (0 or more)'],
      [(m) => (m.sha256 = 'not-hex'), 'sha256 is "not-hex" (a string), not a SHA-256 (64 lowercase hex digits)'],
      [
        (m) => (m.chain.head = 'AB'.repeat(32)),
        `chain.head is "${'AB'.repeat(32)}" (a string), not a SHA-256 (64 lowercase hex digits)`,
      ],
      [(m) => delete m.chain, 'chain is missing'],
      [(m) => delete m.range.upperBound, 'range.upperBound is missing'],
      [(m) => (m.range.after = { _id: 42, timestamp: null }), 'range.after._id is 42 (a number), not a string'],
      [
        (m) => (m.series = { id: 's1', index: 0, previous: null }),
        'series.index is 0 (a number), not a whole number (1 or more)',
      ],
      [(m) => (m.series = 'one'), 'series is "one" (a string), not an object or null'],
      [
        (m) => (m.signature = { algorithm: 'md5', value: '0'.repeat(64) }),
        'signature.algorithm is "md5" (a string), not "hmac-sha256"',
      ],
      [(m) => delete m.createdAt, 'createdAt is missing'],
    ];
    let source: string;
    let manifest: string;
    beforeAll(async () => {
      source = out('malformed-source.ndjson');
      const r = await runCli(
        [
          'audit',
          'export',
          '--since',
          '2025-03-01',
          '--until',
          '2025-03-01T00:01:00Z',
          '--workflow',
          'wf-1',
          '-o',
          source,
        ],
        { env: env() },
      );
      expect(r.code, r.stderr).toBe(0);
      manifest = readFileSync(`${source}.manifest.json`, 'utf8');
    });
    cases.forEach(([edit, problem], i) => {
      it(problem, async () => {
        const f = out(`malformed-${i}.ndjson`);
        writeFileSync(f, readFileSync(source));
        const m = JSON.parse(manifest);
        edit(m);
        writeFileSync(`${f}.manifest.json`, JSON.stringify(m, null, 2));
        const expected = `wfctl: manifest malformed: ${f}.manifest.json: ${problem}\nhint: the manifest was edited or damaged; restore it from where the export was kept\n`;
        const r = await runCli(['audit', 'verify', f], { env: env() });
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toBe(expected);
        // --reconcile: the same line, with no server there to reach: the manifest is refused before
        // connecting, so no query (one for {workflow_id: {$eq: undefined}} least of all) is ever sent
        const dead = { ...env(), WFCTL_MONGODB_URI: 'mongodb://127.0.0.1:1' };
        const rr = await runCli(['--timeout', '1', 'audit', 'verify', '--reconcile', source, f], { env: dead });
        expect(rr.code, rr.stderr).toBe(1);
        expect(rr.stderr).toBe(expected);
        expect(rr.stdout).toBe('');
      });
    });

    it("the data layer's reconcile refuses it too, before it touches the database", async () => {
      const f = out('malformed-lib.ndjson');
      writeFileSync(f, readFileSync(source));
      const m = JSON.parse(manifest);
      delete m.filter.workflowId;
      writeFileSync(`${f}.manifest.json`, JSON.stringify(m));
      // any use of the DataSource (a collection, a query, the name) trips this
      const tripwire = new Proxy(
        {},
        {
          get: (_t, key) => {
            throw new Error(`the database was touched: ${String(key)}`);
          },
        },
      ) as never;
      await expect(reconcileWithDatabase(tripwire, [f], new Set(), 60_000)).rejects.toThrow(
        `manifest malformed: ${f}.manifest.json: filter.workflowId is missing`,
      );
    });

    it('fields it does not know are accepted (a manifest of a newer wfctl), and the export still verifies and reconciles', async () => {
      const f = out('malformed-extra.ndjson');
      writeFileSync(f, readFileSync(source));
      const m = JSON.parse(manifest);
      m.identity = { ledger: 'x', sequence: 3 };
      m.filter.tenant = 'acme';
      writeFileSync(`${f}.manifest.json`, JSON.stringify(m, null, 2));
      const r = await runCli(['audit', 'verify', '--reconcile', f], { env: env() });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    });
  });

  it('a file that is not an export: exit 2', async () => {
    const f = out('random.txt');
    writeFileSync(f, 'hello\n');
    const r = await runCli(['audit', 'verify', f], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a wfctl audit export');
    writeFileSync(`${f}.manifest.json`, '{"some":"json"}');
    const r2 = await runCli(['audit', 'verify', f], { env: env() });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('is not a wfctl audit export manifest');
  });
});

describe('audit export: late records behind a series (never silent)', () => {
  it('a record stamped older than the settle window after the run that passed its time: the next run exports it first, the manifest names it', async () => {
    const coll = db.ds.collection('workflow_audit_logs');
    const seriesDir = join(dir, 'late');
    mkdirSync(seriesDir);
    const ckpt = join(seriesDir, 'audit.ckpt');
    const filter = ['--workflow', 'wf-late'];
    const base = Date.now() - 3_600_000;
    await coll.insertMany(
      Array.from({ length: 20 }, (_, i) => ({
        _id: new ObjectId(),
        event_type: 'workflow_updated',
        workflow_id: 'wf-late',
        user_id: 'u',
        details: { i },
        metadata: {},
        timestamp: new Date(base + i * 60_000),
      })),
    );
    const run = (name: string, extra: string[] = []) =>
      runCli(
        ['audit', 'export', ...filter, '--checkpoint', ckpt, '--settle', '1', '-o', join(seriesDir, name), ...extra],
        { env: env() },
      );
    const first = await run('1.ndjson');
    expect(first.code, first.stderr).toBe(0);
    // the backend stamps two records with times long past (behind the checkpoint), a second after the run ended
    await new Promise((r) => setTimeout(r, 1100));
    const lateIds = [new ObjectId(), new ObjectId()];
    await coll.insertMany(
      lateIds.map((_id, i) => ({
        _id,
        event_type: 'workflow_updated',
        workflow_id: 'wf-late',
        user_id: 'late',
        details: { late: i },
        metadata: {},
        timestamp: new Date(base + 90_000 + i),
      })),
    );
    // an auditor comparing the files with the database sees them at once
    const audit1 = await runCli(['audit', 'verify', '--reconcile', join(seriesDir, '1.ndjson')], { env: env() });
    expect(audit1.code).toBe(1);
    expect(audit1.stdout).toContain(
      `2 records of the database are in the range of these files but in none of them: ${lateIds.map((i) => i.toHexString()).join(', ')}`,
    );
    const second = await run('2.ndjson');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain("2 of them had appeared behind the series' position");
    const recs = ndjsonRecords(readFileSync(join(seriesDir, '2.ndjson'), 'utf8'));
    expect(recs.slice(0, 2).map((r) => r._id)).toEqual(lateIds.map((i) => i.toHexString()));
    const m = JSON.parse(readFileSync(join(seriesDir, '2.ndjson.manifest.json'), 'utf8'));
    expect(m.late).toEqual({ exported: 2, ids: lateIds.map((i) => i.toHexString()), accepted: 0, deleted: 0 });
    // the series stays verifiable, and the union holds every record once
    const v = await runCli(
      ['audit', 'verify', '--reconcile', join(seriesDir, '1.ndjson'), join(seriesDir, '2.ndjson')],
      { env: env() },
    );
    expect(v.code, v.stdout).toBe(0);
    expect(v.stdout).toMatch(/database \S+: the 23 records of the files' range are in the files, each once/);
    const union = [...ndjsonRecords(readFileSync(join(seriesDir, '1.ndjson'), 'utf8')), ...recs].map((r) => r._id);
    // the 20 records, the 2 late ones and the first run's own audit_exported event (it names wf-late), each once
    expect(union).toHaveLength(23);
    expect(new Set(union).size).toBe(23);
    const inDb = (
      await coll.find({ workflow_id: 'wf-late', event_type: 'workflow_updated' }).project({ _id: 1 }).toArray()
    ).map((d) => String(d._id));
    for (const id of inDb) expect(union).toContain(id);
    // and the next run finds nothing more to say
    const third = await run('3.ndjson');
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(seriesDir, '3.ndjson.manifest.json'), 'utf8')).late.exported).toBe(0);
  });

  it('a late record whose ObjectId was made an hour before its insert: found by identity, exported once by the next run', async () => {
    const coll = db.ds.collection('workflow_audit_logs');
    const seriesDir = join(dir, 'late2');
    mkdirSync(seriesDir);
    const ckpt = join(seriesDir, 'audit.ckpt');
    const filter = ['--workflow', 'wf-late2'];
    const base = Date.now() - 3_600_000;
    await coll.insertMany(
      Array.from({ length: 5 }, (_, i) => ({
        _id: new ObjectId(),
        event_type: 'workflow_updated',
        workflow_id: 'wf-late2',
        user_id: 'u',
        details: {},
        metadata: {},
        timestamp: new Date(base + i * 60_000),
      })),
    );
    const run = (name: string, extra: string[] = []) =>
      runCli(
        ['audit', 'export', ...filter, '--checkpoint', ckpt, '--settle', '1', '-o', join(seriesDir, name), ...extra],
        { env: env() },
      );
    expect((await run('1.ndjson')).code).toBe(0);
    // a writer that made its _id an hour ago and inserted it only now: its time says it was there all along
    const early = ObjectId.createFromTime(Math.floor(base / 1000));
    await coll.insertOne({
      _id: early,
      event_type: 'workflow_updated',
      workflow_id: 'wf-late2',
      user_id: 'late',
      details: {},
      metadata: {},
      timestamp: new Date(base + 30_000),
    });
    const second = await run('2.ndjson');
    expect(second.code, second.stderr).toBe(0);
    expect(ndjsonRecords(readFileSync(join(seriesDir, '2.ndjson'), 'utf8'))[0]!._id).toBe(early.toHexString());
    expect(JSON.parse(readFileSync(join(seriesDir, '2.ndjson.manifest.json'), 'utf8')).late).toMatchObject({
      exported: 1,
      ids: [early.toHexString()],
      accepted: 0,
    });
    const third = await run('3.ndjson');
    expect(third.code, third.stderr).toBe(0);
    expect(ndjsonRecords(readFileSync(join(seriesDir, '3.ndjson'), 'utf8')).map((r) => r._id)).not.toContain(
      early.toHexString(),
    );
  });
});

describe('audit export: incremental series (invariant 5)', () => {
  it('a writer inserting during a series of checkpointed exports: union = every record, once; verify finds the series whole', async () => {
    const coll = db.ds.collection('workflow_audit_logs');
    await coll.deleteMany({});
    await insertAudit(db.ds, makeAuditDocs(300, new Date(Date.now() - 3_600_000), 1000));
    const seriesDir = join(dir, 'series');
    mkdirSync(seriesDir);
    const ckpt = join(seriesDir, 'audit.ckpt');
    let writing = true;
    let inserted = 0;
    const writer = (async () => {
      while (writing) {
        // the backend stamps a record with its clock, then inserts it
        const batch = Array.from({ length: 5 }, () => ({
          _id: new ObjectId(),
          event_type: 'trigger_fired',
          workflow_id: 'wf-live',
          user_id: 'svc',
          details: {},
          metadata: {},
          timestamp: new Date(),
        }));
        await coll.insertMany(batch);
        inserted += batch.length;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const files: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const file = join(seriesDir, `part-${i}.ndjson`);
      const r = await runCli(['audit', 'export', '--checkpoint', ckpt, '--settle', '1', '-o', file], { env: env() });
      expect(r.code, r.stderr).toBe(0);
      files.push(file);
      await new Promise((res) => setTimeout(res, 150));
    }
    writing = false;
    await writer;
    await new Promise((res) => setTimeout(res, 1200));
    const last = join(seriesDir, 'part-final.ndjson');
    expect(
      (await runCli(['audit', 'export', '--checkpoint', ckpt, '--settle', '1', '-o', last], { env: env() })).code,
    ).toBe(0);
    files.push(last);

    const perFile = files.map((f) => ndjsonRecords(readFileSync(f, 'utf8')).map((x) => x._id as string));
    const exported = perFile.flat();
    const own = await coll.find({ event_type: 'audit_exported' }).sort({ timestamp: 1 }).toArray();
    expect(own).toHaveLength(7);
    // each export's own event is newer than its bound: never in its own file; the next runs export it like any record
    own.forEach((e, i) => expect(perFile[i]).not.toContain(e._id.toHexString()));
    const all = (await coll.find({}).project({ _id: 1 }).toArray()).map((d) => d._id.toHexString());
    const expected = all.filter((id) => id !== own[6]!._id.toHexString());
    expect(inserted).toBeGreaterThan(50);
    expect(new Set(exported).size).toBe(exported.length); // no duplicate
    expect(new Set(exported)).toEqual(new Set(expected)); // nothing missed

    const v = await runCli(['audit', 'verify', ...files], { env: env() });
    expect(v.code, v.stdout).toBe(0);
    const manifests = files.map((f) => JSON.parse(readFileSync(`${f}.manifest.json`, 'utf8')));
    expect(manifests.map((m) => m.series.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(manifests[1].series.previous.chainHead).toBe(manifests[0].chain.head);

    // a missing file in the middle is a gap
    const gap = await runCli(['audit', 'verify', files[0]!, files[2]!, files[3]!], { env: env() });
    expect(gap.code).toBe(1);
    expect(gap.stdout).toMatch(/export 2 of series [0-9a-f]{8} missing: gap between part-1.ndjson and part-3.ndjson/);
  });
});

/** Runs the real executable; `ready` says when to press Ctrl-C (SIGINT). Resolves with the exit and how long it took after the signal. */
async function interruptAt(
  args: string[],
  ready: (stdoutBytes: number) => boolean,
  childEnv: Record<string, string | undefined> = env(),
  readyErr: (stderr: string) => boolean = () => false,
): Promise<{ code: number | null; signal: string | null; stderr: string; afterSignalMs: number }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdoutBytes = 0;
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => (stdoutBytes += d.length));
  const exited = new Promise<[number | null, string | null]>((res) =>
    child.on('close', (code, signal) => res([code, signal])),
  );
  // a loaded machine (the whole suite, other work) may take long to reach the point
  const deadline = Date.now() + 90_000;
  let sentAt = 0;
  while (Date.now() < deadline && child.exitCode === null) {
    if (ready(stdoutBytes) || readyErr(stderr)) {
      child.kill('SIGINT');
      sentAt = Date.now();
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(sentAt, `never ready to interrupt; stderr: ${stderr}`).toBeGreaterThan(0);
  const [code, signal] = await exited;
  return { code, signal, stderr, afterSignalMs: Date.now() - sentAt };
}

/** The export's own temporary file (not the lock claim's), once it holds data. */
function tempFileHasData(folder: string, target: string): boolean {
  const tmp = readdirSync(folder).find((f) => f.startsWith(`.${basename(target)}.`) && f.endsWith('.tmp'));
  return tmp !== undefined && readFileSync(join(folder, tmp)).length > 0;
}

describe('audit export: interruption', () => {
  beforeAll(async () => {
    await insertAudit(db.ds, makeAuditDocs(20_000, new Date('2024-01-01T00:00:00Z'), 100));
  });

  it('Ctrl-C (SIGINT) mid-export: "stopping...", exit 130 within a second, no output or temp file, lock released, checkpoint unchanged', async () => {
    const idir = join(dir, 'interrupt');
    mkdirSync(idir);
    const ckpt = join(idir, 'a.ckpt');
    // a first run gives the checkpoint a position
    expect(
      (
        await runCli(
          [
            'audit',
            'export',
            '--until',
            '2024-01-01T00:00:10Z',
            '--checkpoint',
            ckpt,
            '-o',
            join(idir, 'first.ndjson'),
          ],
          { env: env() },
        )
      ).code,
    ).toBe(0);
    const before = readFileSync(ckpt, 'utf8');
    const target = join(idir, 'big.csv');
    const r = await interruptAt(['audit', 'export', '--format', 'csv', '--checkpoint', ckpt, '-o', target], () =>
      tempFileHasData(idir, target),
    );
    expect([r.code, r.signal], r.stderr).toEqual([130, null]);
    // well before the export would end on its own; a loaded machine may be slow to act on the signal
    expect(r.afterSignalMs).toBeLessThan(3000);
    expect(r.stderr).toContain('stopping...\n');
    expect(r.stderr).toContain(
      'wfctl: export interrupted: no output file was written and the checkpoint was not moved\n',
    );
    // the lock (a file beside the checkpoint) went with it
    expect(readdirSync(idir).sort()).toEqual(['a.ckpt', 'first.ndjson', 'first.ndjson.manifest.json']);
    expect(readFileSync(ckpt, 'utf8')).toBe(before);
    // and the next run of the series takes the lock at once
    expect(
      (
        await runCli(
          ['audit', 'export', '--until', '2024-01-01T00:00:20Z', '--checkpoint', ckpt, '-o', join(idir, 'next.ndjson')],
          { env: env() },
        )
      ).code,
    ).toBe(0);
  }, 240_000);

  it('without --checkpoint: says nothing of a checkpoint; to a file, no partial file; to stdout, that stdout is incomplete', async () => {
    const idir = join(dir, 'interrupt-plain');
    mkdirSync(idir);
    const target = join(idir, 'big.ndjson');
    const r = await interruptAt(['audit', 'export', '-o', target], () => tempFileHasData(idir, target));
    expect([r.code, r.signal], r.stderr).toEqual([130, null]);
    expect(r.stderr).toContain('stopping...\n');
    expect(r.stderr).toContain('wfctl: export interrupted: no output file was written\n');
    expect(r.stderr).not.toContain('checkpoint');
    expect(readdirSync(idir)).toEqual([]);
    // to stdout: once the first records are out
    const piped = await interruptAt(['audit', 'export', '--format', 'json'], (bytes) => bytes > 0);
    expect([piped.code, piped.signal], piped.stderr).toEqual([130, null]);
    expect(piped.stderr).toContain('wfctl: export interrupted: what went to stdout is incomplete\n');
    expect(piped.stderr).not.toContain('checkpoint');
  }, 240_000);

  it('Ctrl-C while a query waits for the server (a first batch not yet sorted): stops within a second, no temporary file, no lock', async (ctx) => {
    const target = testProxyTarget(db.uri);
    if (!target) return ctx.skip();
    // the server answers the handshake, then no query: the export waits on its first read
    const proxy = await startSilentProxy(target, (name) => ['find', 'aggregate', 'count'].includes(name));
    try {
      const idir = join(dir, 'interrupt-early');
      mkdirSync(idir);
      const childEnv = { ...env(), WFCTL_MONGODB_URI: throughProxy(db.uri, proxy.port) };
      // the lock is taken (and the stop registered) before the first query
      const r = await interruptAt(
        ['audit', 'export', '--checkpoint', join(idir, 'e.ckpt'), '-o', join(idir, 'early.ndjson')],
        () => readdirSync(idir).some((f) => f.includes('.lock')) && proxy.silent,
        childEnv,
      );
      expect([r.code, r.signal], r.stderr).toEqual([130, null]);
      expect(r.stderr).toBe(
        'stopping...\nwfctl: export interrupted: no output file was written and the checkpoint was not moved\n',
      );
      expect(readdirSync(idir)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('Ctrl-C during a long scan (audit list --all): "stopping...", exit 130 within a second, no other message', async () => {
    // --verbose says when it connects: the scan starts right after
    const r = await interruptAt(
      ['--verbose', 'audit', 'list', '--all', '--json'],
      () => false,
      env(),
      (stderr) => stderr.includes('connecting to'),
    );
    expect([r.code, r.signal], r.stderr).toEqual([130, null]);
    expect(r.afterSignalMs).toBeLessThan(3000);
    expect(r.stderr.slice(r.stderr.indexOf('stopping...'))).toBe('stopping...\n');
  });
});

describe('audit export: long exports', () => {
  it('is not cut short by the per-query time limit (maxTimeMS is cumulative over a cursor)', async () => {
    const tight = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000, maxTimeMs: 1 });
    try {
      // the server does enforce a 1 ms limit on reading the whole collection in order
      // (by the error's code: the words differ between servers)
      const plain = await tight.audit
        .find({}, tight.opts())
        .sort({ timestamp: 1, _id: 1 })
        .toArray()
        .then(
          () => 'ok',
          (e: unknown) => (isTimeLimitError(e) ? 'time limit' : String(e)),
        );
      expect(plain).toBe('time limit');
      const r = await exportAuditTrail(tight, {
        filter: {},
        format: 'ndjson',
        output: out('long.ndjson'),
        settleMs: 0,
        actor: { user: 't', host: 'h', userAgent: 'wfctl/test' },
      });
      expect(r.records).toBeGreaterThan(20_000);
    } finally {
      await tight.close();
    }
  });

  it('--max-time sets the per-query limit: 1 ms is too little to read them all, 10 minutes is plenty', async () => {
    const short = await runCli(['--max-time', '0.001', 'audit', 'list', '--limit', '100000', '--json'], { env: env() });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/^wfctl: .*: the server gave up after the time limit \(maxTimeMS\): /);
    const long = await runCli(['--max-time', '600', 'audit', 'list', '--limit', '100000', '--json'], { env: env() });
    expect(long.code).toBe(0);
    expect(JSON.parse(long.stdout).events.length).toBeGreaterThan(20_000);
    expect((await runCli(['--max-time', '0', 'audit', 'list'], { env: env() })).code).toBe(2);
  });
});
