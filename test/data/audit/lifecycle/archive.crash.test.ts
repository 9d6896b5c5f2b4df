/**
 * `audit archive --delete` killed (SIGKILL) after each of its steps: the same
 * run again finishes the job, deletes exactly the records of the verified
 * file (each once, counted right), records one audit_archived event, and
 * never deletes a record that is in no verified file. Also a live writer
 * inserting into the range while the archive runs: its records survive.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { archiveAuditTrail, verifyExportFile } from '../../../../src/data/audit/index.js';
import { ndjsonRecords } from '../../../support/audit-fixtures.js';
import { ROOT } from '../../../support/cli.js';
import { ARCHIVE_BEFORE, useArchiveSetup } from '../../../support/archive-setup.js';

const { db, dir } = useArchiveSetup('archive_crash');
const actor = { user: 'crash-test', host: 'h', userAgent: 'wfctl/test' };
const BEFORE = ARCHIVE_BEFORE;
const BATCH = 64;

/** One archive in a child process that kills itself (SIGKILL) right after `step` (the `nth` time). */
function archiveKilledAfter(step: string, nth: number, output: string): Promise<NodeJS.Signals | null> {
  const script = `
    const { connect } = await import(${JSON.stringify(join(ROOT, 'dist/data/core/index.js'))});
    const { archiveAuditTrail } = await import(${JSON.stringify(join(ROOT, 'dist/data/audit/index.js'))});
    const [uri, dbName, output, before, step, nth, batch] = process.argv.slice(1);
    const ds = await connect({ uri, dbName, timeoutMs: 10000 });
    let seen = 0;
    await archiveAuditTrail(ds, {
      before: new Date(before), output, format: 'ndjson', delete: true, batchSize: Number(batch),
      actor: { user: 'crash-test', host: 'h', userAgent: 'wfctl/test' },
      onStep: (s) => { if (s === step && ++seen === Number(nth)) process.kill(process.pid, 'SIGKILL'); },
    });
    await ds.close();`;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      script,
      db.uri,
      db.dbName,
      output,
      BEFORE.toISOString(),
      step,
      String(nth),
      String(BATCH),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return new Promise((r) => child.on('exit', (_code, signal) => r(signal)));
}

const fileIds = (file: string) => new Set(ndjsonRecords(readFileSync(file, 'utf8')).map((r) => String(r._id)));

describe('an archive killed after each step', () => {
  it.each([
    ['journal', 1],
    ['exported', 1],
    ['archived', 1],
    ['deleting', 1],
    ['batch-deleted', 1],
    ['batch-deleted', 5],
    ['batch', 3],
    ['recorded', 1],
    ['done', 1],
  ] as const)('after "%s" (#%i): the rerun finishes, deleting exactly the file once', async (step, nth) => {
    const output = join(dir, `${step}-${nth}.ndjson`);
    const all = new Set((await db.ds.audit.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
    expect(await archiveKilledAfter(step, nth, output)).toBe('SIGKILL');
    // whatever was deleted so far is in a verified file
    const now = new Set((await db.ds.audit.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
    const gone = [...all].filter((id) => !now.has(id));
    if (gone.length > 0) {
      expect((await verifyExportFile(output)).ok).toBe(true);
      const ids = fileIds(output);
      for (const id of gone) expect(ids.has(id)).toBe(true);
    }
    const r = await archiveAuditTrail(db.ds, {
      before: BEFORE,
      output,
      format: 'ndjson',
      delete: true,
      batchSize: BATCH,
      actor,
    });
    expect((await verifyExportFile(output)).ok).toBe(true);
    const ids = fileIds(output);
    expect(ids.size).toBe(600);
    expect(r.records).toBe(600);
    expect(r.deleted).toBe(600);
    expect(r.alreadyDone).toBe(step === 'done');
    const left = (await db.ds.audit.find({}, { projection: { _id: 1, timestamp: 1 } }).toArray()).map((d) =>
      String(d._id),
    );
    for (const id of left) expect(ids.has(id)).toBe(false);
    expect(await db.ds.audit.countDocuments({ timestamp: { $lt: BEFORE } })).toBe(0);
    expect(await db.ds.audit.countDocuments({ event_type: 'audit_archived' })).toBe(1);
    expect(await db.ds.audit.countDocuments({ event_type: 'audit_exported' })).toBeGreaterThanOrEqual(1);
    // once more: nothing more
    const again = await archiveAuditTrail(db.ds, { before: BEFORE, output, format: 'ndjson', delete: true, actor });
    expect(again.alreadyDone).toBe(true);
    expect(await db.ds.audit.countDocuments({ event_type: 'audit_archived' })).toBe(1);
    expect(existsSync(`${output}.archive.json`)).toBe(true);
  });

  it('a live writer inserting into the range while the archive runs: its records survive, counted for the next archive', async () => {
    const output = join(dir, 'live.ndjson');
    const late: ObjectId[] = [];
    const insertLate = async () => {
      const _id = new ObjectId();
      late.push(_id);
      await db.ds.audit.insertOne({
        _id,
        event_type: 'workflow_updated',
        workflow_id: 'wf-late',
        user_id: 'late',
        details: {},
        metadata: {},
        timestamp: new Date(BEFORE.getTime() - 3_600_000),
        ip_address: null,
        user_agent: null,
      });
    };
    // the writer starts once the file is written (during the export itself, a back-dated insert fails the
    // export's own count reconciliation, as audit export documents) and writes on through verify and deletes
    let writing = true;
    let writer: Promise<void> = Promise.resolve();
    const startWriter = () => {
      writer = (async () => {
        while (writing) {
          await insertLate();
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
    };
    const pending: Promise<void>[] = [];
    const r = await archiveAuditTrail(db.ds, {
      before: BEFORE,
      output,
      format: 'ndjson',
      delete: true,
      batchSize: BATCH,
      actor,
      onStep: (s) => {
        if (s === 'exported') startWriter();
        if (s === 'exported' || s === 'batch') pending.push(insertLate());
      },
    });
    writing = false;
    await writer;
    await Promise.all(pending);
    const ids = fileIds(output);
    const survivors = late.filter((id) => !ids.has(id.toHexString()));
    expect(survivors.length).toBeGreaterThan(0);
    for (const id of survivors) expect(await db.ds.audit.countDocuments({ _id: id })).toBe(1);
    // nothing that is not in the file was deleted; everything in the file was
    expect(r.deleted).toBe(ids.size);
    expect(await db.ds.audit.countDocuments({ timestamp: { $lt: BEFORE } })).toBe(survivors.length);
    expect(r.remaining).toBeLessThanOrEqual(survivors.length);
    expect(r.remaining).toBeGreaterThan(0);
  });
});
