/**
 * wfctl as a library: the shared data layer, for programs (such as the
 * backend's HTTP service) that want the same reads, writes and invariants.
 * Importing it loads the driver, never commander, chalk, ora or inquirer.
 */
export { connect, uriHosts, DEFAULT_MAX_TIME_MS, READ_PREFERENCES, type ConnectOptions, type DataSource } from './data/core/connection.js';
export * from './data/core/types.js';
export { toDate, toNumberOrNull, toStringOrNull, normalizeWorkflow, escapeRegExp, isPlainObject } from './data/core/normalize.js';
export {
  resolveWorkflow,
  listWorkflows,
  latestExecutions,
  listWorkflowIds,
  type ListWorkflowsQuery,
  type WorkflowListItem,
  type LastExecution,
} from './data/core/workflow-ref.js';
export { RECOMMENDED_INDEXES, indexStatus, applyIndexes, type RecommendedIndex, type IndexState } from './data/db/indexes.js';
export { runDoctor, serverInfo, type DoctorReport, type Finding, type ConsistencyCheck } from './data/db/doctor.js';
export { CONSISTENCY_CHECKS } from './data/db/checks.js';
export {
  withRetry,
  retryDelayMs,
  isTransientError,
  DEFAULT_RETRY_POLICY,
  RETRY_STRATEGIES,
  type RetryPolicy,
  type RetryStrategy,
} from './data/core/retry.js';
export { SecretKeychain, redactUriPasswords } from './data/core/redact.js';
export * from './errors.js';
export { VERSION, USER_AGENT } from './version.js';
export { errorStats, countExecutionsByStatus, type ErrorStats, type ErrorStatsQuery, type ActionErrorRow, type StatusCounts } from './data/metrics/stats.js';
export { checkSuccessRate, checkFailures, checkRollbacks, overallOutcome, type CheckResult, type CheckOutcome, type CheckName } from './data/metrics/checks.js';
export { analyticsOverview, analyticsPerformance, analyticsReport, scanExecutions, scanChanges, censusWorkflows, type OverviewResult, type PerformanceResult, type ReportData } from './data/metrics/analytics.js';
export { DurationSketch, type DurationSummary } from './data/metrics/percentiles.js';
export { normalizeErrorMessage, ErrorTally, type ErrorGroup } from './data/metrics/error-shapes.js';
export { windowOfDays, windowOfSpan, windowFilter, DayBuckets, type TimeWindow } from './data/core/window.js';
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
} from './data/versions/read.js';
export { parseVersionRef, type VersionRef } from './data/versions/ref.js';
export { writeVersion, ensureVersionIndex, completeVersion, type NewVersionInput, type WriteOutcome, type WriteActor } from './data/versions/write.js';
export { planRollback, rollbackWorkflow, type RollbackPlan, type RollbackInput, type RollbackOutcome } from './data/versions/rollback.js';
export { compareWorkflowData, canonicalJson, sameWorkflowData, type WorkflowComparison, type Change } from './data/versions/compare.js';
export { summarizeChanges, type ChangeSummary } from './data/versions/changes.js';
export { versionsCheck } from './data/versions/checks.js';
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
} from './data/audit/query.js';
export { exportAuditTrail, ExportInterruptedError, DEFAULT_SETTLE_MS, type ExportAuditOptions, type ExportAuditResult } from './data/audit/export/export.js';
export { verifyExports, verifyExportFile, readCheckpoint, type ExportManifest, type Checkpoint, type VerifyResult } from './data/audit/export/manifest.js';
export { EXPORT_FORMATS, CSV_COLUMNS, type ExportFormat } from './data/audit/export/format.js';
