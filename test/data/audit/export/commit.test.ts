/**
 * The commit of an export: no checkpointed run replaces an existing file, the
 * audit_exported event follows the file, a lost cursor is resumed, and the
 * settle bound is taken from the server's clock.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MongoServerError, ObjectId, type Collection, type Document } from 'mongodb';
import type { DataSource } from '../../../../src/data/core/index.js';
import { exportAuditTrail } from '../../../../src/data/audit/index.js';
import type { RawAuditDoc } from '../../../../src/data/core/index.js';
import { insertAudit, makeAuditDocs, ndjsonRecords } from '../../../support/audit-fixtures.js';
import { runCli } from '../../../support/cli.js';
import { useTestDatabase } from '../../../support/db.js';

const db = useTestDatabase('audit_commit');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-audit-commit-'));
const actor = { user: 't', host: 'h', userAgent: 'wfctl/test' };
const env = () => ({ ...db.env, WFCTL_EXPORT_HMAC_KEY: '' });
const out = (name: string) => join(dir, name);

beforeAll(async () => {
  await insertAudit(db.ds, makeAuditDocs(300, new Date('2025-01-01T00:00:00Z'), 1000));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const exportedEvents = (file: string) =>
  db.ds.audit.find({ event_type: 'audit_exported', 'details.file': basename(file) }).toArray();

describe('audit export: an existing --output file', () => {
  it('a checkpointed run refuses to replace it (exit 2, nothing written, checkpoint unchanged); --force replaces it', async () => {
    const sub = join(dir, 'twice');
    mkdirSync(sub);
    const ckpt = join(sub, 'a.ckpt');
    const file = join(sub, 'day.ndjson');
    const a = await runCli(['audit', 'export', '--until', '2025-01-01T00:02:00Z', '--checkpoint', ckpt, '-o', file], {
      env: env(),
    });
    expect(a.code, a.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    const manifest = readFileSync(`${file}.manifest.json`, 'utf8');
    const ckptText = readFileSync(ckpt, 'utf8');
    expect(ndjsonRecords(text)).toHaveLength(120);
    // the cron line run twice on one day: the second run must not lose the first run's records
    const b = await runCli(['audit', 'export', '--until', '2025-01-01T00:04:00Z', '--checkpoint', ckpt, '-o', file], {
      env: env(),
    });
    expect(b.code).toBe(2);
    expect(b.stderr).toContain(`--output ${file} exists`);
    expect(b.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(readFileSync(`${file}.manifest.json`, 'utf8')).toBe(manifest);
    expect(readFileSync(ckpt, 'utf8')).toBe(ckptText);
    expect(readdirSync(sub).sort()).toEqual(['a.ckpt', 'day.ndjson', 'day.ndjson.manifest.json']);
    expect(await exportedEvents(file)).toHaveLength(1);
    // --force: replaced on purpose
    const c = await runCli(
      ['audit', 'export', '--until', '2025-01-01T00:04:00Z', '--checkpoint', ckpt, '--force', '-o', file],
      { env: env() },
    );
    expect(c.code, c.stderr).toBe(0);
    expect(ndjsonRecords(readFileSync(file, 'utf8'))).toHaveLength(120);
    expect(readFileSync(ckpt, 'utf8')).not.toBe(ckptText);
  });

  it('a file that appears during a checkpointed run is not replaced at commit time', async () => {
    const sub = join(dir, 'race');
    mkdirSync(sub);
    const ckpt = join(sub, 'a.ckpt');
    const file = join(sub, 'late.ndjson');
    const err = await exportAuditTrail(db.ds, {
      filter: { until: new Date('2025-06-01T00:00:00Z') },
      format: 'ndjson',
      output: file,
      checkpoint: ckpt,
      actor,
      // called before the commit: another writer puts a file at the target
      onProgress: () => {
        if (!existsSync(file)) writeFileSync(file, 'another run\n');
      },
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toContain(`--output ${file} exists`);
    expect(readFileSync(file, 'utf8')).toBe('another run\n');
    expect(readdirSync(sub)).toEqual(['late.ndjson']); // no checkpoint, manifest, temp file or lock
    expect(await exportedEvents(file)).toHaveLength(0);
  });

  it('without --checkpoint an existing file is replaced (like mongoexport)', async () => {
    const file = out('plain.ndjson');
    writeFileSync(file, 'old\n');
    const r = await runCli(['audit', 'export', '--until', '2025-01-01T00:01:00Z', '-o', file], { env: env() });
    expect(r.code, r.stderr).toBe(0);
    expect(ndjsonRecords(readFileSync(file, 'utf8'))).toHaveLength(60);
  });
});

describe('audit export: the audit_exported event follows the file', () => {
  it('a failed rename leaves no event for a file that does not exist', async () => {
    const file = out('blocked.ndjson');
    const err = await exportAuditTrail(db.ds, {
      filter: { until: new Date('2025-06-01T00:00:00Z') },
      format: 'ndjson',
      output: file,
      actor,
      // before the commit, a non-empty folder takes the target's name: the rename fails
      onProgress: () => {
        if (!existsSync(file)) {
          mkdirSync(file);
          writeFileSync(join(file, 'x'), 'x');
        }
      },
    }).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).not.toBeNull();
    expect(await exportedEvents(file)).toHaveLength(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a successful export records its event once, after its upper bound', async () => {
    const file = out('ok.ndjson');
    const r = await exportAuditTrail(db.ds, {
      filter: { until: new Date('2025-06-01T00:00:00Z') },
      format: 'ndjson',
      output: file,
      actor,
    });
    const events = await exportedEvents(file);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ count: r.records, sha256: r.sha256 });
    expect((events[0]!.timestamp as Date).getTime()).toBeGreaterThan(new Date(r.range.upperBound).getTime());
  });
});

describe('audit export: an event that could not be recorded', () => {
  /** A DataSource on which inserting into the audit trail fails (a non-transient server error). */
  function refusingInserts(ds: DataSource): DataSource {
    const audit = new Proxy(ds.audit, {
      get(target, prop) {
        if (prop === 'insertOne')
          return () =>
            Promise.reject(
              new MongoServerError({ message: 'not authorized to insert', code: 13, codeName: 'Unauthorized' }),
            );
        const v = Reflect.get(target, prop, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return Object.assign(Object.create(ds) as DataSource, { audit });
  }

  it('is recorded by the next run of the series, which exports it; once, however many runs follow', async () => {
    const series = mkdtempSync(join(dir, 'pending-'));
    const checkpoint = join(series, 'cp.json');
    const filter = { workflowId: 'wf-pending' };
    await insertAudit(
      db.ds,
      makeAuditDocs(5, new Date(Date.now() - 3_600_000), 1000).map((d) => ({ ...d, workflow_id: 'wf-pending' })),
    );
    const first = join(series, '1.ndjson');
    const err = await exportAuditTrail(refusingInserts(db.ds), {
      filter,
      format: 'ndjson',
      output: first,
      checkpoint,
      settleMs: 0,
      actor,
    }).then(
      () => null,
      (e: Error & { hint?: string }) => e,
    );
    expect(err?.message).toContain('could not record the audit_exported event');
    expect(err?.hint).toContain('next run of this series records the event');
    // the export itself is complete and the series has moved on
    expect(ndjsonRecords(readFileSync(first, 'utf8'))).toHaveLength(5);
    expect(await exportedEvents(first)).toHaveLength(0);

    const second = join(series, '2.ndjson');
    await exportAuditTrail(db.ds, { filter, format: 'ndjson', output: second, checkpoint, settleMs: 0, actor });
    const events = await exportedEvents(first);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ count: 5, file: '1.ndjson' });
    // the late event is in the series, exactly once, in the run that recorded it
    const exported = ndjsonRecords(readFileSync(second, 'utf8'));
    expect(exported.map((r) => r._id)).toEqual([String(events[0]!._id)]);

    const third = join(series, '3.ndjson');
    await exportAuditTrail(db.ds, { filter, format: 'ndjson', output: third, checkpoint, settleMs: 0, actor });
    expect(await exportedEvents(first)).toHaveLength(1);
    // the third run holds only the second run's own event, recorded as usual
    const secondEvents = await exportedEvents(second);
    expect(secondEvents).toHaveLength(1);
    expect(ndjsonRecords(readFileSync(third, 'utf8')).map((r) => r._id)).toEqual([String(secondEvents[0]!._id)]);
  });
});

/** A DataSource whose export cursor fails once with `code` after `after` records. */
function failingOnce(ds: DataSource, code: number, after: number): { ds: DataSource; failed: () => boolean } {
  let armed = true;
  const audit = new Proxy(ds.audit, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (prop !== 'find') return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      return (...args: Parameters<Collection<RawAuditDoc>['find']>) => {
        const real = target.find(...args);
        let handed = 0;
        const cursor = {
          sort: (s: Document) => (real.sort(s), cursor),
          project: (p: Document) => (real.project(p), cursor),
          batchSize: (n: number) => (real.batchSize(n), cursor),
          close: () => real.close(),
          // the stream reads a batch at a time: the error comes with the batch after `after` records
          async hasNext() {
            if (armed && handed >= after) {
              armed = false;
              throw new MongoServerError({ message: `cursor failed (code ${code})`, code, codeName: 'Injected' });
            }
            return real.hasNext();
          },
          readBufferedDocuments() {
            const docs = real.readBufferedDocuments(armed ? after - handed : undefined);
            handed += docs.length;
            return docs;
          },
        };
        return cursor;
      };
    },
  });
  return { ds: Object.assign(Object.create(ds) as DataSource, { audit }), failed: () => !armed };
}

describe('audit export: a lost cursor is resumed', () => {
  for (const [code, name] of [
    [43, 'CursorNotFound'],
    [237, 'CursorKilled'],
    [175, 'QueryPlanKilled'],
  ] as const) {
    it(`${name} (${code}): resumes after the last record written, every record once`, async () => {
      const f = failingOnce(db.ds, code, 120);
      const file = out(`cursor-${code}.ndjson`);
      const resumed: string[] = [];
      const r = await exportAuditTrail(f.ds, {
        filter: { until: new Date('2025-01-01T00:05:00Z') },
        format: 'ndjson',
        output: file,
        actor,
        batchSize: 50,
        onResume: (m) => resumed.push(m),
      });
      expect(f.failed()).toBe(true);
      expect(r.resumes).toBe(1);
      expect(resumed[0]).toContain('lost the cursor after 120 records');
      const ids = ndjsonRecords(readFileSync(file, 'utf8')).map((x) => x._id);
      expect(ids).toHaveLength(300);
      expect(new Set(ids).size).toBe(300);
    });
  }

  it('another server error still ends the export', async () => {
    const f = failingOnce(db.ds, 2, 10);
    const file = out('cursor-2.ndjson');
    await expect(
      exportAuditTrail(f.ds, {
        filter: { until: new Date('2025-01-01T00:05:00Z') },
        format: 'ndjson',
        output: file,
        actor,
      }),
    ).rejects.toThrow();
    expect(existsSync(file)).toBe(false);
  });
});

describe('audit export: the settle bound is on the server clock', () => {
  it('a local clock an hour ahead neither moves the bound past young records nor goes unnoticed', async () => {
    const real = Date.now();
    const young = new ObjectId();
    await db.ds.audit.insertOne({
      _id: young,
      event_type: 'trigger_fired',
      workflow_id: 'wf-clock',
      details: {},
      metadata: {},
      timestamp: new Date(real - 5_000),
    });
    const sub = join(dir, 'clock');
    mkdirSync(sub);
    const file = join(sub, 'skewed.ndjson');
    vi.setSystemTime(new Date(real + 3_600_000));
    let r: Awaited<ReturnType<typeof runCli>>;
    try {
      r = await runCli(
        [
          'audit',
          'export',
          '--workflow',
          'wf-clock',
          '--settle',
          '60s',
          '--checkpoint',
          join(sub, 'a.ckpt'),
          '-o',
          file,
        ],
        { env: env() },
      );
    } finally {
      vi.useRealTimers();
    }
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: this host's clock is 3\d{3}(\.\d)? s ahead of the database server's/);
    // the record is younger than the settle window by the server's clock: left for the next run
    expect(readFileSync(file, 'utf8')).toBe('');
    const m = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
    expect(Math.abs(new Date(m.range.upperBound).getTime() - (real - 60_000))).toBeLessThan(10_000);
  });

  it('no warning when the clocks agree', async () => {
    const r = await runCli(['audit', 'export', '--until', '2025-01-01T00:01:00Z', '-o', out('agree.ndjson')], {
      env: env(),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('clock');
  });
});
