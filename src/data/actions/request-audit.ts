/**
 * A change request's steps in the audit trail, in the backend's audit shape
 * (event_type, workflow_id, user_id, details, metadata, timestamp,
 * ip_address, user_agent). Each event has a fixed _id (the request's time and
 * a hash of request, event and actor), so a retried insert records it once.
 */
import { createHash } from 'node:crypto';
import { ObjectId } from 'mongodb';
import type { DataSource } from '../core/connection.js';
import { isDuplicateKey } from '../core/retry.js';
import type { RawAuditDoc } from '../core/types.js';
import type { RequestIdentity } from './identity.js';

export type ChangeEvent =
  'change_requested' | 'change_approved' | 'change_rejected' | 'change_applied' | 'change_expired';

export interface ChangeEventInput {
  event: ChangeEvent;
  requestId: string;
  /** the request's creation time: the _id's time part */
  requestedAt: Date;
  workflowId: string;
  /** who acted (null: nobody, as for an expiry noticed by whoever looked) */
  by: RequestIdentity | null;
  userAgent: string;
  details: Record<string, unknown>;
  /** what makes two events of one kind distinct (an approver); default: one per request */
  distinct?: string;
  /** the time the request's rules used (WFCTL_NOW may fix it); kept in details.at */
  now: Date;
}

export function changeEventId(requestId: string, event: ChangeEvent, requestedAt: Date, distinct = ''): ObjectId {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(Math.floor(requestedAt.getTime() / 1000) >>> 0, 0);
  createHash('sha256').update(`wfctl-change\0${requestId}\0${event}\0${distinct}`).digest().copy(bytes, 4, 0, 8);
  return new ObjectId(bytes);
}

export function changeEventRecord(e: ChangeEventInput): RawAuditDoc {
  return {
    _id: changeEventId(e.requestId, e.event, e.requestedAt, e.distinct),
    event_type: e.event,
    workflow_id: e.workflowId,
    user_id: e.by?.id ?? null,
    details: {
      request_id: e.requestId,
      at: e.now,
      ...e.details,
      ...(e.by ? { authenticated: e.by.authenticated, declared_user: e.by.declared } : {}),
    },
    metadata: { host: e.by?.host ?? null, user_agent: e.userAgent, tool: e.userAgent },
    // the clock when it is written (as every record wfctl writes), whatever "now" the request's rules used
    timestamp: new Date(),
    ip_address: null,
    user_agent: e.userAgent,
  } as RawAuditDoc;
}

/** Inserts the event unless it exists (true when this call wrote it). */
export async function recordChangeEvent(ds: DataSource, e: ChangeEventInput): Promise<boolean> {
  const record = changeEventRecord(e);
  return ds.run(`record ${e.event} in the audit trail`, async () => {
    try {
      await ds.audit.insertOne(record);
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  });
}
