/**
 * The audit record of a version wfctl wrote: its event type, an _id derived
 * from (event, workflow, n) so that it is written once, the record itself,
 * and the checks that it exists (step 4 of write.ts).
 */
import { createHash } from 'node:crypto';
import type { ObjectId } from 'mongodb';
import { isDuplicateKey } from '../core/retry.js';
import type { DataSource } from '../core/connection.js';
import { isPlainObject, toDate, toNumberOrNull, toStringOrNull } from '../core/normalize.js';
import type { Actor, RawAuditDoc, RawVersionDoc } from '../core/types.js';
import { summarizeStoredDiff } from './diff.js';

/** Versions wfctl wrote carry its user agent; only they get (and are checked for) wfctl's audit record. */
export function writtenByWfctl(doc: { user_agent?: unknown; [key: string]: unknown }): boolean {
  return typeof doc.user_agent === 'string' && doc.user_agent.startsWith('wfctl/');
}

export function auditEventType(doc: {
  rollback_of?: unknown;
  [key: string]: unknown;
}): 'workflow_rolled_back' | 'version_created' {
  return toNumberOrNull(doc.rollback_of) !== null ? 'workflow_rolled_back' : 'version_created';
}

/**
 * The audit record's _id: the version's time and a hash of (event, workflow,
 * version). Whoever writes it, it is the same _id, so the record exists at
 * most once.
 */
export async function auditRecordId(doc: RawVersionDoc): Promise<ObjectId> {
  const { ObjectId } = await import('mongodb'); // already loaded with the connection
  const at = toDate(doc.changed_at) ?? new Date(0);
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.max(0, Math.floor(at.getTime() / 1000)) >>> 0, 0);
  createHash('sha256')
    .update(`wfctl-audit\0${auditEventType(doc)}\0${doc.workflow_id}\0${doc.version_number}`)
    .digest()
    .copy(bytes, 4, 0, 8);
  return new ObjectId(bytes);
}

/**
 * The audit record of a version, built from the version document alone. Its
 * details start with what the backend writes (version_created
 * `{version_number}`, workflow_rolled_back `{version_number: the version
 * restored, reason}`); wfctl adds the new and previous version numbers, the
 * time and the change summary, and for a rollback the evidence it decided on
 * (stored on the version, so a repair rebuilds the same record).
 */
export async function buildAuditRecord(doc: RawVersionDoc, completedBy?: Actor): Promise<RawAuditDoc> {
  const n = doc.version_number;
  const event = auditEventType(doc);
  const userAgent = toStringOrNull(doc.user_agent);
  const host = toStringOrNull(doc.host);
  const authenticated = toStringOrNull(doc.authenticated_user);
  const changes = summarizeStoredDiff(doc.diff);
  const details: Record<string, unknown> =
    event === 'workflow_rolled_back'
      ? {
          version_number: toNumberOrNull(doc.rollback_of),
          reason: toStringOrNull(doc.reason),
          new_version: n,
          previous_version: n > 1 ? n - 1 : null,
          changed_at: toDate(doc.changed_at),
          changes,
          ...(isPlainObject(doc.rollback_evidence) ? { evidence: doc.rollback_evidence } : {}),
        }
      : {
          version_number: n,
          previous_version: n > 1 ? n - 1 : null,
          change_description: toStringOrNull(doc.change_description),
          changed_at: toDate(doc.changed_at),
          changes,
        };
  return {
    _id: await auditRecordId(doc),
    event_type: event,
    workflow_id: doc.workflow_id,
    user_id: toStringOrNull(doc.changed_by),
    details,
    metadata: { host, user_agent: userAgent, tool: userAgent ?? 'wfctl', ...completedByFields(completedBy) },
    // when the record is written, not when the version was: a record finished
    // late by a repair must not land behind an incremental export's checkpoint
    timestamp: new Date(),
    ip_address: null,
    user_agent: userAgent,
    ...(authenticated !== null ? { authenticated_user: authenticated } : {}),
  };
}

/**
 * Who finished the record of another writer's version (a repair, or a later writer): the record's
 * user_id stays the version's writer, its metadata names whoever completed it.
 */
function completedByFields(actor: Actor | undefined): Record<string, string> {
  if (!actor) return {};
  return {
    completed_by: actor.user,
    ...(typeof actor.authenticatedUser === 'string' ? { completed_by_authenticated: actor.authenticatedUser } : {}),
  };
}

/** Inserts the version's audit record unless it exists; true when this call wrote it. */
export async function ensureAuditRecord(ds: DataSource, doc: RawVersionDoc, completedBy?: Actor): Promise<boolean> {
  const record = await buildAuditRecord(doc, completedBy);
  return ds.run('write audit record', async () => {
    try {
      await ds.audit.insertOne(record);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  });
}

export async function auditRecordExists(ds: DataSource, doc: RawVersionDoc): Promise<boolean> {
  const id = await auditRecordId(doc);
  const found = await ds.run('find audit record', () =>
    ds.audit.findOne({ _id: id }, { ...ds.opts(), projection: { _id: 1 } }),
  );
  return found !== null;
}
