/**
 * audit erase against a concurrent writer: a record another client changes (or deletes) between the
 * erasure's read and its write is never overwritten with values computed from what was read; the
 * run finishes the rest, fails with exit 1 asking for a rerun, and the rerun finishes the job.
 * The writer is a second client, made to write deterministically at that moment (the beforeWrite hook).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErasureRaceError,
  eraseSubject,
  loadPseudonymKey,
  type PseudonymKey,
} from '../../../../src/data/audit/index.js';
import { connect, type DataSource } from '../../../../src/data/core/index.js';
import { runCli } from '../../../support/cli.js';
import { useTestDatabase } from '../../../support/db.js';
import {
  SUBJECT,
  SUBJECT_VALUES,
  pythonPseudonym,
  pythonRecordsNaming,
  seedSubject,
  writeKeyFile,
} from '../../../support/erase-fixtures.js';

const db = useTestDatabase('audit_erase_race');
const dir = mkdtempSync(join(tmpdir(), 'wfctl-erase-race-'));
let keyFile: string;
let key: PseudonymKey;
let other: DataSource;
const actor = { user: 'dpo', host: 'h', userAgent: 'wfctl/test' };

beforeAll(async () => {
  keyFile = writeKeyFile(dir);
  key = await loadPseudonymKey(keyFile, 'test');
  other = await connect({ uri: db.uri, dbName: db.dbName, timeoutMs: 10_000 });
  await seedSubject(db.ds, 60);
}, 60_000);
afterAll(async () => {
  await other?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit erase: a record changed between read and write', () => {
  it('is left as the other writer made it; the rest is erased; exit 1 asks for a rerun', async () => {
    const changed = await db.ds.audit.findOne({ user_id: SUBJECT, 'details.by': SUBJECT });
    const gone = await db.ds.audit.findOne({ user_id: SUBJECT, _id: { $ne: changed!._id } });
    const retyped = await db.ds.audit.findOne({ user_id: SUBJECT, _id: { $nin: [changed!._id, gone!._id] } });
    let raced = false;
    const err = await eraseSubject(db.ds, {
      subject: SUBJECT,
      reason: 'GDPR art. 17',
      key,
      actor,
      batchSize: 500,
      beforeWrite: async (records) => {
        if (raced || records[0]!.location.key !== 'audit') return;
        raced = true;
        // the second client writes after the erasure read these records and before it writes them
        await other.audit.updateOne({ _id: changed!._id }, { $set: { 'details.note': 'changed meanwhile' } });
        await other.audit.deleteOne({ _id: gone!._id });
        // a field the erasure does not replace: not a conflict, and kept
        await other.audit.updateOne({ _id: retyped!._id }, { $set: { event_type: 'workflow_enabled' } });
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(raced).toBe(true);
    expect(err).toBeInstanceOf(ErasureRaceError);
    const race = err as ErasureRaceError;
    expect(race.exitCode).toBe(1);
    expect(race.raced).toBe(2);
    expect(race.message).not.toContain('\n');
    expect(race.message).toContain('rerun the same audit erase');
    // the changed record keeps the other writer's change, and the subject (it was not overwritten)
    expect(await db.ds.audit.findOne({ _id: changed!._id })).toMatchObject({
      user_id: SUBJECT,
      details: { by: SUBJECT, note: 'changed meanwhile' },
    });
    expect(await db.ds.audit.findOne({ _id: gone!._id })).toBeNull();
    const P = pythonPseudonym(keyFile, SUBJECT);
    expect(await db.ds.audit.findOne({ _id: retyped!._id })).toMatchObject({
      user_id: P,
      event_type: 'workflow_enabled',
    });
    // what was erased is recorded; only the changed record still names the subject
    expect(race.result.eventId).not.toBeNull();
    expect(pythonRecordsNaming(db.uri, db.dbName, [SUBJECT])).toEqual([
      `workflow_audit_logs:${changed!._id.toHexString()}`,
    ]);
  }, 120_000);

  it('a rerun finishes: the changed record erased with its change kept, exit 0', async () => {
    const r = await runCli(['audit', 'erase', '--subject', SUBJECT, '--reason', 'GDPR art. 17', '--yes', '--json'], {
      env: { ...db.env, WFCTL_PSEUDONYM_KEY_FILE: keyFile },
    });
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { total: number; earlierEvent: boolean };
    expect(j).toMatchObject({ total: 1, earlierEvent: true });
    expect(pythonRecordsNaming(db.uri, db.dbName, SUBJECT_VALUES)).toEqual([]);
    const P = pythonPseudonym(keyFile, SUBJECT);
    expect(await db.ds.audit.findOne({ 'details.note': 'changed meanwhile' })).toMatchObject({
      user_id: P,
      details: { by: P },
    });
    expect(await db.ds.audit.countDocuments({ event_type: 'audit_erased' })).toBe(2);
  }, 120_000);

  // FerretDB 1.24 answers an update with a read, then a write, unlocked: two updates of one record at
  // once may both match (both write the same pseudonyms), so a record may be counted by both runs
  it('two erasures at once: every record erased by one of them at least; a rerun finds nothing left', async () => {
    await seedSubject(db.ds, 60);
    const before = pythonRecordsNaming(db.uri, db.dbName, [SUBJECT]).length;
    const runs = await Promise.allSettled(
      [db.ds, other].map((ds) => eraseSubject(ds, { subject: SUBJECT, reason: 'r', key, actor, batchSize: 7 })),
    );
    for (const r of runs) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ErasureRaceError);
    const erased = runs.map((r) =>
      r.status === 'fulfilled' ? r.value.total : (r.reason as ErasureRaceError).result.total,
    );
    expect(pythonRecordsNaming(db.uri, db.dbName, SUBJECT_VALUES)).toEqual([]);
    const again = await eraseSubject(db.ds, { subject: SUBJECT, reason: 'r', key, actor });
    expect(again.total).toBe(0);
    expect(erased[0]! + erased[1]!).toBeGreaterThanOrEqual(before);
    expect(Math.max(erased[0]!, erased[1]!)).toBeLessThanOrEqual(before);
  }, 120_000);
});
