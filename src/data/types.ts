/**
 * The backend's schema as wfctl reads it. Raw documents are what the
 * collections may hold (older backends included); the normalized types are
 * what the data layer hands to commands after tolerant reading.
 */
import type { ObjectId } from 'mongodb';

export const COLLECTIONS = {
  workflows: 'custom_workflows',
  versions: 'workflow_versions',
  audit: 'workflow_audit_logs',
  attempts: 'workflow_action_attempts',
  executions: 'workflow_execution_logs',
} as const;
export type CollectionKey = keyof typeof COLLECTIONS;

/** A value as stored: a BSON date, or an ISO string written by an older backend. */
export type StoredDate = Date | string | number | null | undefined;

export interface RetryConfig {
  strategy?: string;
  max_retries?: number;
  delay_seconds?: number;
}

export interface WorkflowAction {
  name: string;
  type: string;
  config?: Record<string, unknown>;
  retry?: RetryConfig;
  [key: string]: unknown;
}

export interface RawWorkflowDoc {
  _id?: ObjectId | string;
  id: string;
  name?: string;
  description?: string;
  enabled?: boolean;
  /** older backends */
  is_active?: boolean;
  trigger?: { type?: string; [key: string]: unknown };
  actions?: WorkflowAction[];
  created_by?: string;
  created_at?: StoredDate;
  updated_at?: StoredDate;
  current_version?: number;
  [key: string]: unknown;
}

export interface Workflow {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  triggerType: string | null;
  actionCount: number;
  actions: WorkflowAction[];
  createdBy: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  currentVersion: number | null;
}

export interface RawVersionDoc {
  _id?: ObjectId;
  workflow_id: string;
  version_number: number;
  workflow_data: Record<string, unknown>;
  change_description?: string;
  changed_by?: string;
  changed_at?: StoredDate;
  diff?: Record<string, unknown>;
  is_current?: boolean;
  rollback_of?: number;
  reason?: string;
  [key: string]: unknown;
}

export interface RawAuditDoc {
  _id?: ObjectId;
  event_type: string;
  workflow_id?: string | null;
  user_id?: string | null;
  details?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  timestamp: StoredDate;
  ip_address?: string | null;
  user_agent?: string | null;
  [key: string]: unknown;
}

export interface RawAttemptDoc {
  _id?: ObjectId;
  workflow_id: string;
  execution_id: string;
  action_name: string;
  attempt: number;
  success: boolean;
  error?: string | null;
  timestamp: StoredDate;
  duration_ms?: number | null;
  strategy?: string | null;
  [key: string]: unknown;
}

export const EXECUTION_STATUSES = ['success', 'failed', 'running', 'cancelled'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

export interface RawExecutionDoc {
  _id?: ObjectId;
  execution_id: string;
  workflow_id: string;
  status: string;
  started_at: StoredDate;
  completed_at?: StoredDate;
  duration_ms?: number | null;
  trigger_type?: string | null;
  error?: string | null;
  triggered_by?: string | null;
  [key: string]: unknown;
}

export const AUDIT_EVENT_TYPES = [
  'workflow_created',
  'workflow_updated',
  'workflow_deleted',
  'workflow_enabled',
  'workflow_disabled',
  'workflow_executed',
  'workflow_failed',
  'workflow_rolled_back',
  'version_created',
  'action_executed',
  'action_failed',
  'action_retried',
  'trigger_fired',
  'webhook_received',
  'event_emitted',
  'audit_exported',
] as const;
export type KnownAuditEventType = (typeof AUDIT_EVENT_TYPES)[number];
