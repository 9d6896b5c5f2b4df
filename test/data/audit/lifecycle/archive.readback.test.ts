/**
 * `audit archive` reads back the file it has just exported byte for byte against what the export
 * wrote, and deletes by the `_id`s the export wrote: those must be exactly the file's (every id
 * type), and a file or manifest changed between the export and the read-back is refused (exit 1,
 * nothing deleted). A file of an earlier run is verified record by record (archive.test.ts,
 * archive.reconcile.test.ts).
 */
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, Int32 } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { archiveAuditTrail, type ArchiveStep } from '../../../../src/data/audit/index.js';
import { RuntimeError } from '../../../../src/errors.js';
import { exportedDocuments } from '../../../support/audit-fixtures.js';
import { ARCHIVE_BEFORE, useArchiveSetup } from '../../../support/archive-setup.js';

// 600 records before the bound, 400 after; ids of other types (at times of their own: the export
// stops on ids of mixed types at one time) and a string-dated record in the range
const { db, dir } = useArchiveSetup('audit_archive_readback', (ds) =>
  ds.audit.insertMany([
    { _id: 'legacy-7', event_type: 'workflow_updated', timestamp: new Date('2025-01-01T02:00:30Z') },
    { _id: new Int32(42), event_type: 'workflow_updated', timestamp: new Date('2025-01-01T03:00:30Z') },
    { _id: '0123456789abcdef01234567', event_type: 'workflow_updated', timestamp: new Date('2025-01-01T11:00:30Z') },
    { event_type: 'workflow_updated', timestamp: '2025-01-01 01:00:00', details: {} },
  ] as never[]),
);
const actor = { user: 'archivist', host: 'h', userAgent: 'wfctl/test' };
const before = ARCHIVE_BEFORE;
let n = 0;

const inRange = () => db.ds.audit.countDocuments({ timestamp: { $lt: before } });

/** One archive with --delete whose `exported` step runs `between` (the file is written, not yet read back). */
function archive(between?: (output: string) => void) {
  const output = join(dir, `archive-${++n}.ndjson`);
  const run = archiveAuditTrail(db.ds, {
    before,
    output,
    format: 'ndjson',
    actor,
    delete: true,
    batchSize: 100,
    onStep: (s: ArchiveStep) => {
      if (s === 'exported') between?.(output);
    },
  });
  return { output, run };
}

describe('archive read-back of the file this run exported', () => {
  it("deletes exactly the file's records, ids of every type, and nothing after the bound", async () => {
    const inDb = (await db.ds.audit.find({}, { projection: { _id: 1, timestamp: 1 } }).toArray()).filter(
      (d) => typeof d.timestamp === 'string' || (d.timestamp as Date) < before,
    );
    const { output, run } = archive();
    const r = await run;
    expect(r.records).toBe(603);
    expect(r.deleted).toBe(603);
    // the file holds the records the database held in the range, compared by their ids as the driver reads them
    const key = (id: unknown) => BSON.EJSON.stringify(id, { relaxed: false });
    const fileIds = exportedDocuments(readFileSync(output, 'utf8')).map((rec) => key(rec._id));
    expect(fileIds).toHaveLength(603);
    expect(new Set(fileIds)).toEqual(new Set(inDb.map((d) => key(d._id))));
    expect(await inRange()).toBe(0);
    expect(await db.ds.audit.countDocuments({ timestamp: { $type: 'string' } })).toBe(0);
    // the records after the bound are all there, the string id that looks like an ObjectId among them
    const after = { timestamp: { $gte: before }, event_type: { $nin: ['audit_exported', 'audit_archived'] } };
    expect(await db.ds.audit.countDocuments(after)).toBe(401);
    expect(await db.ds.audit.countDocuments({ _id: '0123456789abcdef01234567' } as never)).toBe(1);
  });

  const refused: Array<[string, (output: string) => void, RegExp]> = [
    [
      'a byte of a record changed (same size)',
      (f) => writeFileSync(f, readFileSync(f, 'utf8').replace('record 3"', 'record X"')),
      /is not the file the export wrote: it was altered on disk/,
    ],
    ['a line added at the end', (f) => appendFileSync(f, '{}\n'), /is not the file the export wrote/],
    ['the file emptied', (f) => writeFileSync(f, ''), /is not the file the export wrote/],
    ['the file removed', (f) => rmSync(f), /is missing/],
    [
      "the manifest's record count changed",
      (f) => {
        const m = JSON.parse(readFileSync(`${f}.manifest.json`, 'utf8')) as { records: number };
        writeFileSync(`${f}.manifest.json`, JSON.stringify({ ...m, records: m.records - 1 }));
      },
      /the manifest's record count or chain head is not what the export wrote/,
    ],
    [
      "the manifest's hash changed",
      (f) => {
        const m = JSON.parse(readFileSync(`${f}.manifest.json`, 'utf8')) as { sha256: string };
        writeFileSync(`${f}.manifest.json`, JSON.stringify({ ...m, sha256: '0'.repeat(64) }));
      },
      /the manifest's SHA-256 or size is not the file's the export wrote/,
    ],
  ];
  it.each(refused)('%s between the export and the read-back: exit 1, nothing deleted', async (_what, alter, why) => {
    const { run } = archive(alter);
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toMatch(why);
    expect((err as Error).message).toMatch(/; nothing was deleted$/);
    expect(await inRange()).toBe(602);
  });
});
