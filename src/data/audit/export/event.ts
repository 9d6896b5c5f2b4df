/**
 * The audit_exported event: an export is itself an audit event, recorded
 * after its file exists, under a fixed _id so that a retried or repeated
 * insert cannot record an export twice.
 */
import { ObjectId } from 'mongodb';
import { basename } from 'node:path';
import { RuntimeError } from '../../../errors.js';
import type { DataSource } from '../../core/connection.js';
import { isDuplicateKey } from '../../core/retry.js';
import type { Actor, RawAuditDoc } from '../../core/types.js';
import type { StoredExportEvent } from './checkpoint.js';
import type { ExportFilterSpec, RecordRef } from './manifest.js';

/** What the event says of the export. */
export interface ExportFacts {
  format: string;
  records: number;
  sha256: string;
  chainHead: string;
  file: string | null;
  range: { after: RecordRef | null; since: string | null; upperBound: string };
  series: { id: string; index: number } | null;
}

export function exportEvent(actor: Actor, spec: ExportFilterSpec, r: ExportFacts, timestamp: Date): StoredExportEvent {
  return {
    _id: new ObjectId().toHexString(),
    timestamp: timestamp.toISOString(),
    event_type: 'audit_exported',
    workflow_id: spec.workflowId,
    user_id: actor.user,
    details: {
      filter: spec,
      format: r.format,
      count: r.records,
      sha256: r.sha256,
      chain_head: r.chainHead,
      file: r.file ? basename(r.file) : null,
      range: r.range,
      series: r.series,
    },
    metadata: { host: actor.host, tool: actor.userAgent },
    ip_address: null,
    user_agent: actor.userAgent,
    ...(typeof actor.authenticatedUser === 'string' ? { authenticated_user: actor.authenticatedUser } : {}),
  };
}

/** Inserts the event under its fixed _id: a retried or repeated insert cannot record an export twice. */
export async function recordExportEvent(ds: DataSource, e: StoredExportEvent): Promise<void> {
  if (!ObjectId.isValid(e._id) || Number.isNaN(new Date(e.timestamp).getTime()))
    throw new RuntimeError('the stored audit_exported event is unreadable');
  const doc = { ...e, _id: new ObjectId(e._id), timestamp: new Date(e.timestamp) };
  await ds.run('record the export in the audit trail', async () => {
    try {
      await ds.audit.insertOne(doc as RawAuditDoc & { _id: ObjectId });
    } catch (err) {
      if (isDuplicateKey(err)) return;
      throw err;
    }
  });
}
