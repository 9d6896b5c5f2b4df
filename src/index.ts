/**
 * wfctl as a library: the shared data layer, for programs (such as the
 * backend's HTTP service) that want the same reads, writes and invariants.
 * Importing it loads the driver, never commander, chalk, ora or inquirer.
 */
export {
  connect,
  uriHosts,
  DEFAULT_MAX_TIME_MS,
  READ_PREFERENCES,
  type ConnectOptions,
  type DataSource,
} from './data/core/index.js';
export * from './data/core/types.js';
export {
  toDate,
  toNumberOrNull,
  toStringOrNull,
  normalizeWorkflow,
  escapeRegExp,
  isPlainObject,
} from './data/core/index.js';
export { resolveWorkflow } from './data/core/index.js';
export {
  listWorkflows,
  latestExecutions,
  listWorkflowIds,
  type ListWorkflowsQuery,
  type WorkflowListItem,
  type LastExecution,
} from './data/workflows/index.js';
export {
  RECOMMENDED_INDEXES,
  indexStatus,
  applyIndexes,
  type RecommendedIndex,
  type IndexState,
} from './data/db/index.js';
export { runDoctor, serverInfo, type DoctorReport } from './data/db/index.js';
export type { Finding, ConsistencyCheck } from './data/core/index.js';
export { CONSISTENCY_CHECKS } from './data/db/index.js';
export {
  withRetry,
  retryDelayMs,
  isTransientError,
  DEFAULT_RETRY_POLICY,
  RETRY_STRATEGIES,
  type RetryPolicy,
  type RetryStrategy,
} from './data/core/index.js';
export { SecretKeychain, redactUriPasswords } from './data/core/index.js';
export * from './errors.js';
export { VERSION, USER_AGENT } from './version.js';
export {
  errorStats,
  countExecutionsByStatus,
  type ErrorStats,
  type ErrorStatsQuery,
  type ActionErrorRow,
  type StatusCounts,
} from './data/metrics/index.js';
export {
  checkSuccessRate,
  checkFailures,
  checkRollbacks,
  overallOutcome,
  type CheckResult,
  type CheckOutcome,
  type CheckName,
} from './data/metrics/index.js';
export {
  analyticsOverview,
  analyticsPerformance,
  analyticsReport,
  scanExecutions,
  scanChanges,
  censusWorkflows,
  type OverviewResult,
  type PerformanceResult,
  type ReportData,
} from './data/metrics/index.js';
export { DurationSketch, type DurationSummary } from './data/metrics/index.js';
export { normalizeErrorMessage, ErrorTally, type ErrorGroup } from './data/metrics/index.js';
export { windowOfDays, windowOfSpan, windowFilter, DayBuckets, type TimeWindow } from './data/core/index.js';
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
} from './data/versions/index.js';
export { parseVersionRef, type VersionRef } from './data/versions/index.js';
export {
  writeVersion,
  ensureVersionIndex,
  completeVersion,
  type NewVersionInput,
  type WriteOutcome,
} from './data/versions/index.js';
/** @deprecated the one `Actor` (versions, audit events, exports); kept for programs written against 0.1 */
export type { Actor as WriteActor } from './data/core/index.js';
export {
  planRollback,
  rollbackWorkflow,
  type RollbackPlan,
  type RollbackInput,
  type RollbackOutcome,
} from './data/versions/index.js';
export {
  compareWorkflowData,
  canonicalJson,
  sameWorkflowData,
  type WorkflowComparison,
  type Change,
} from './data/versions/index.js';
export { summarizeChanges, type ChangeSummary } from './data/versions/index.js';
export { versionsCheck } from './data/versions/index.js';
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
} from './data/audit/index.js';
export {
  exportAuditTrail,
  ExportInterruptedError,
  DEFAULT_SETTLE_MS,
  type ExportAuditOptions,
  type ExportAuditResult,
} from './data/audit/index.js';
export {
  verifyExports,
  verifyExportFile,
  readCheckpoint,
  type ExportManifest,
  type Checkpoint,
  type VerifyResult,
} from './data/audit/index.js';
export { EXPORT_FORMATS, CSV_COLUMNS, type ExportFormat } from './data/audit/index.js';
export {
  loadSigningKey,
  loadTrustedKeys,
  writeSigningKeyPair,
  readTrustedHead,
  writeTrustedHead,
  type SigningKey,
  type TrustedKey,
  type TrustedHead,
  type VerifyOptions,
} from './data/audit/index.js';
