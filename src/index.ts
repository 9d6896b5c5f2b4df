/**
 * wfctl as a library: the shared data layer, for programs (such as the
 * backend's HTTP service) that want the same reads, writes and invariants.
 * Importing it loads the driver, never commander, chalk, ora or inquirer.
 */
export { connect, uriHosts, DEFAULT_MAX_TIME_MS, READ_PREFERENCES, type ConnectOptions, type DataSource } from './data/connection.js';
export * from './data/types.js';
export { toDate, toNumberOrNull, toStringOrNull, normalizeWorkflow, escapeRegExp, isPlainObject } from './data/normalize.js';
export {
  resolveWorkflow,
  listWorkflows,
  latestExecutions,
  listWorkflowIds,
  type ListWorkflowsQuery,
  type WorkflowListItem,
  type LastExecution,
} from './data/workflows.js';
export { RECOMMENDED_INDEXES, indexStatus, applyIndexes, type RecommendedIndex, type IndexState } from './data/indexes.js';
export { runDoctor, serverInfo, type DoctorReport, type Finding, type ConsistencyCheck } from './data/doctor.js';
export { CONSISTENCY_CHECKS } from './data/consistency.js';
export {
  withRetry,
  retryDelayMs,
  isTransientError,
  DEFAULT_RETRY_POLICY,
  RETRY_STRATEGIES,
  type RetryPolicy,
  type RetryStrategy,
} from './data/retry.js';
export { SecretKeychain, redactUriPasswords } from './data/redact.js';
export * from './errors.js';
export { VERSION, USER_AGENT } from './version.js';
export { errorStats, countExecutionsByStatus, type ErrorStats, type ErrorStatsQuery, type ActionErrorRow, type StatusCounts } from './data/stats.js';
export { checkSuccessRate, checkFailures, checkRollbacks, overallOutcome, type CheckResult, type CheckOutcome, type CheckName } from './data/checks.js';
export { analyticsOverview, analyticsPerformance, analyticsReport, scanExecutions, scanChanges, censusWorkflows, type OverviewResult, type PerformanceResult, type ReportData } from './data/analytics.js';
export { DurationSketch, type DurationSummary } from './data/percentiles.js';
export { normalizeErrorMessage, ErrorTally, type ErrorGroup } from './data/error-normalize.js';
export { windowOfDays, windowOfSpan, windowFilter, DayBuckets, type TimeWindow } from './data/window.js';
export {
  listVersions,
  findVersion,
  findLatestVersion,
  resolveVersionRef,
  normalizeVersionSummary,
  normalizeVersionDetail,
  type VersionSummary,
  type VersionDetail,
  type VersionList,
} from './data/versions.js';
export { parseVersionRef, type VersionRef } from './data/version-ref.js';
export { writeVersion, ensureVersionIndex, completeVersion, type NewVersionInput, type WriteOutcome, type WriteActor } from './data/version-write.js';
export { planRollback, rollbackWorkflow, type RollbackPlan, type RollbackInput, type RollbackOutcome } from './data/rollback.js';
export { compareWorkflowData, canonicalJson, sameWorkflowData, type WorkflowComparison, type Change } from './data/compare.js';
export { summarizeChanges, type ChangeSummary } from './data/version-changes.js';
export { versionsCheck } from './data/version-checks.js';
export {
  listAuditEvents,
  streamAuditEvents,
  explainAuditList,
  auditQueryPlan,
  summarizeWorkflowAudit,
  userActivity,
  auditStats,
  resolveAuditWorkflowId,
  type AuditFilter,
  type AuditRecord,
  type ListAuditResult,
  type WorkflowAuditSummary,
  type UserActivity,
  type AuditStats,
} from './data/audit.js';
export { exportAuditTrail, ExportInterruptedError, DEFAULT_SETTLE_MS, type ExportAuditOptions, type ExportAuditResult } from './data/audit-export.js';
export { verifyExports, verifyExportFile, readCheckpoint, type ExportManifest, type Checkpoint, type VerifyResult } from './data/audit-manifest.js';
export { EXPORT_FORMATS, CSV_COLUMNS, type ExportFormat } from './data/audit-format.js';
