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

/**
 * An action as the backend stores it (`action_type`, `order`, `enabled`), or
 * as older tools wrote it (`type`, a `retry` block).
 */
export interface RawWorkflowAction {
  action_type?: string;
  /** tolerated: older tools */
  type?: string;
  name?: string;
  config?: Record<string, unknown>;
  order?: number;
  enabled?: boolean;
  retry?: RetryConfig;
  [key: string]: unknown;
}

/** A workflow's action as commands see it. */
export interface WorkflowAction {
  name: string;
  type: string | null;
  /** position in the run (the backend sorts by it); null when the document has none */
  order: number | null;
  enabled: boolean;
  retry: RetryConfig | null;
}

/**
 * custom_workflows as the backend writes it: its `_id` (an ObjectId) is the
 * workflow's id. Documents written by other tools may carry a string `id`
 * instead, `trigger.type`, `actions[].type` and `is_active`.
 */
export interface RawWorkflowDoc {
  _id?: ObjectId | string;
  /** tolerated: the id of documents written by other tools */
  id?: string;
  name?: string;
  description?: string;
  enabled?: boolean;
  /** tolerated: older tools */
  is_active?: boolean;
  trigger?: { trigger_type?: string; type?: string; config?: Record<string, unknown>; [key: string]: unknown };
  actions?: RawWorkflowAction[];
  tags?: string[];
  created_by?: string;
  created_at?: StoredDate;
  updated_at?: StoredDate;
  execution_count?: number;
  last_execution?: StoredDate;
  rollback_info?: { rolled_back_at?: StoredDate; rolled_back_by?: string; from_version?: number; reason?: string };
  /** wfctl's own: the version whose state the document holds (the backend ignores it) */
  current_version?: number;
  [key: string]: unknown;
}

export interface Workflow {
  /** the 24-hex string of `_id` (the backend's id), or a tolerated string `id` */
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  triggerType: string | null;
  actionCount: number;
  actions: WorkflowAction[];
  tags: string[];
  createdBy: string | null;
  createdAt: Date | null;
  updatedAt: Date | null;
  executionCount: number | null;
  lastExecutionAt: Date | null;
  /** the highest version number (the current version once writes settle); null without versions */
  currentVersion: number | null;
  /** true when custom_workflows no longer holds it: only its versions or audit records name it */
  deleted: boolean;
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
  /** wfctl's: how the versions of a rollback ran, and the regression test of --if-regressed */
  rollback_evidence?: Record<string, unknown>;
  /** wfctl's: the database user the writing connection authenticated as (changed_by is the declared user) */
  authenticated_user?: string;
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
  /** wfctl's: the database user the writing connection authenticated as (user_id is the declared user) */
  authenticated_user?: string;
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

/** The run itself, nested in a log document by the backend. */
export interface RawExecution {
  workflow_id?: string;
  started_at?: StoredDate;
  completed_at?: StoredDate;
  status?: string;
  actions_completed?: string[];
  actions_failed?: string[];
  error?: string | null;
  context?: Record<string, unknown>;
}

/**
 * workflow_execution_logs: one document per run, written when the run ends.
 * The backend nests the run under `execution` and stamps `created_at`; the
 * flat fields below are the tolerated shape of other tools.
 */
export interface RawExecutionDoc {
  _id?: ObjectId;
  workflow_id: string;
  workflow_name?: string;
  execution?: RawExecution;
  created_at?: StoredDate;
  /** tolerated flat shape */
  execution_id?: string;
  status?: string;
  started_at?: StoredDate;
  completed_at?: StoredDate;
  duration_ms?: number | null;
  trigger_type?: string | null;
  error?: string | null;
  triggered_by?: string | null;
  [key: string]: unknown;
}

/** The event types the backend writes (its AuditEventType): anything else is wfctl's, or another tool's. */
export const BACKEND_EVENT_TYPES = [
  'workflow_created',
  'workflow_updated',
  'workflow_deleted',
  'workflow_enabled',
  'workflow_disabled',
  'workflow_executed',
  'workflow_execution_failed',
  'workflow_rolled_back',
  'action_executed',
  'action_failed',
  'action_retried',
  'trigger_fired',
  'webhook_received',
  'event_emitted',
  'permission_changed',
  'version_created',
] as const;

export const AUDIT_EVENT_TYPES = [...BACKEND_EVENT_TYPES, 'audit_exported'] as const;
export type KnownAuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** Who is writing (or exporting): recorded on versions, audit events and export manifests. */
export interface Actor {
  /** the declared user (--as): a claim */
  user: string;
  /**
   * the database user the connection authenticated as (connectionStatus), recorded beside `user`
   * as `authenticated_user`; null or absent when it did not authenticate (nothing is recorded then)
   */
  authenticatedUser?: string | null;
  host: string;
  /** wfctl/<version> */
  userAgent: string;
}

/** WFCTL_PIPELINES: where figures are computed (capabilities.ts) */
export const PIPELINE_MODES = ['auto', 'server', 'client'] as const;
export type PipelineMode = (typeof PIPELINE_MODES)[number];
