/** A database in which one person (user-1) is named everywhere the backend's documents carry a user. */
import { execFileSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BSON, Int32, ObjectId } from 'mongodb';
import type { DataSource } from '../../src/data/core/index.js';
import { insertAudit, makeAuditDocs } from './audit-fixtures.js';
import { runPython } from './python.js';

export const SUBJECT = 'user-1';
/** values only the subject's records hold: gone from everywhere after the erasure */
export const SUBJECT_IP = '192.0.2.77';
export const SUBJECT_AGENT = 'AliceBrowser/1.0';
export const SUBJECT_HOST = 'alice-laptop';
export const SUBJECT_VALUES = [SUBJECT, SUBJECT_IP, SUBJECT_AGENT, SUBJECT_HOST];

const ALL = [
  'custom_workflows',
  'workflow_versions',
  'workflow_audit_logs',
  'workflow_execution_logs',
  'workflow_action_attempts',
  'wfctl_legal_holds',
];

export async function seedSubject(ds: DataSource, audit = 200): Promise<void> {
  for (const c of ALL) await ds.db.collection(c).deleteMany({});
  const start = new Date('2025-03-01T00:00:00Z');
  await insertAudit(ds, makeAuditDocs(audit, start));
  const wf = new ObjectId();
  const wf2 = new ObjectId();
  await ds.audit.insertMany([
    {
      event_type: 'workflow_updated',
      workflow_id: wf.toHexString(),
      user_id: SUBJECT,
      details: { by: SUBJECT, from: SUBJECT_IP, nested: [{ agent: SUBJECT_AGENT }], count: new Int32(3) },
      metadata: { ip_address: SUBJECT_IP, user_agent: SUBJECT_AGENT, host: SUBJECT_HOST },
      timestamp: new Date(start.getTime() + 30_000),
      ip_address: SUBJECT_IP,
      user_agent: SUBJECT_AGENT,
    },
    {
      event_type: 'audit_exported',
      workflow_id: null,
      user_id: 'admin',
      details: { filter: { workflowId: null, userId: SUBJECT }, count: 3 },
      metadata: { host: 'ops-host', tool: 'wfctl/0.1.0' },
      timestamp: new Date(start.getTime() + 90_000),
      ip_address: null,
      user_agent: 'wfctl/0.1.0',
    },
  ]);
  await ds.versions.insertMany([
    {
      workflow_id: wf.toHexString(),
      version_number: 1,
      workflow_data: { name: 'invoices', created_by: SUBJECT },
      change_description: 'first',
      changed_by: SUBJECT,
      changed_at: start,
      diff: {},
      is_current: false,
      host: SUBJECT_HOST,
      user_agent: 'wfctl/0.1.0',
    },
    {
      workflow_id: wf.toHexString(),
      version_number: 2,
      workflow_data: { name: 'invoices v2', created_by: SUBJECT },
      change_description: 'second',
      changed_by: 'user-2',
      changed_at: new Date(start.getTime() + 60_000),
      diff: {},
      is_current: true,
    },
    {
      workflow_id: wf2.toHexString(),
      version_number: 1,
      workflow_data: { name: 'other', created_by: 'user-2' },
      changed_by: 'user-2',
      changed_at: start,
      diff: {},
      is_current: true,
    },
  ]);
  await ds.workflows.insertMany([
    { _id: wf, name: 'invoices v2', created_by: SUBJECT, rollback_info: { rolled_back_by: 'user-3', from_version: 1 } },
    { _id: wf2, name: 'other', created_by: 'user-2', rollback_info: { rolled_back_by: SUBJECT, from_version: 1 } },
    { name: 'third', created_by: 'user-3' },
  ]);
  await ds.executions.insertMany([
    { workflow_id: wf.toHexString(), execution_id: 'e1', status: 'success', triggered_by: SUBJECT },
    {
      workflow_id: wf.toHexString(),
      execution: { status: 'success', context: { user_id: SUBJECT } },
      created_at: start,
    },
    {
      workflow_id: wf2.toHexString(),
      execution: { status: 'failed', context: { user_id: 'user-2' } },
      created_at: start,
    },
  ]);
  await ds.attempts.insertOne({
    workflow_id: wf.toHexString(),
    execution_id: 'e1',
    action_name: 'a',
    attempt: 1,
    success: true,
    timestamp: start,
  });
}

/** Every document of every collection, as canonical Extended JSON, sorted: "nothing was written" compares two of them. */
export async function dumpDatabase(ds: DataSource): Promise<string> {
  const out: string[] = [];
  for (const { name } of await ds.db.listCollections().toArray()) {
    const docs = await ds.db.collection(name).find({}, { promoteValues: false }).toArray();
    out.push(
      `${name}\n${docs
        .map((d) => BSON.EJSON.stringify(d, { relaxed: false }))
        .sort()
        .join('\n')}`,
    );
  }
  return out.sort().join('\n\n');
}

/** A key file with 32 random bytes as hex and a line end, as `openssl rand -hex 32 > key` writes it. */
export function writeKeyFile(dir: string, name = 'pseudonym.key', mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, `${execFileSync('openssl', ['rand', '-hex', '32'], { encoding: 'utf8' }).trim()}\n`);
  chmodSync(path, mode);
  return path;
}

/** Python's hmac over the same key file. */
export function pythonPseudonym(keyFile: string, value: string): string {
  return (
    JSON.parse(runPython('test/reference/subject_reference.py', ['hmac', keyFile, value])) as { pseudonym: string }
  ).pseudonym;
}

/** pymongo: every record of every collection holding one of `values` anywhere. */
export function pythonRecordsNaming(uri: string, db: string, values: string[]): string[] {
  return (
    JSON.parse(runPython('test/reference/subject_reference.py', ['find', uri, db, ...values])) as { records: string[] }
  ).records;
}

export function pythonCountsByUser(uri: string, db: string): Record<string, number> {
  return (
    JSON.parse(runPython('test/reference/subject_reference.py', ['counts', uri, db])) as {
      by_user: Record<string, number>;
    }
  ).by_user;
}
