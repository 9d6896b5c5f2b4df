/** workflow_audit_logs: the filter, the list, the summaries, and the compliance export (audit/export/) with its manifest, checkpoint, lock and verification. The wing's public names: import them from here. */
export * from './filter.js';
export * from './query.js';
export * from './summaries.js';
export * from './summary-groups.js';
export * from './export/checkpoint.js';
export * from './export/commit.js';
export * from './export/export.js';
export * from './export/format.js';
export * from './export/csv-bytes.js';
export * from './export/late.js';
export * from './export/ledger.js';
export * from './export/lock.js';
export * from './export/manifest.js';
export {
  manifestProblem,
  MANIFEST_FIELDS,
  type Check as ManifestFieldCheck,
  type FieldSpec as ManifestFieldSpec,
} from './export/manifest-schema.js';
export * from './export/reconcile.js';
export * from './export/signing.js';
export * from './export/trusted-head.js';
export * from './export/verify.js';
export * from './erase/pseudonym.js';
export * from './erase/subject.js';
export * from './erase/subject-export.js';
export * from './erase/erase.js';
export * from './erase/holds-gate.js';
export * from './erase/erased-records.js';
export * from './erase/reconcile-erased.js';
export * from './holds.js';
export * from './archive/archive.js';
export { ArchivedIds } from './archive/ids.js';
export type { ArchiveStep } from './archive/delete.js';
export { journalPathFor, readJournal, type ArchiveJournal } from './archive/journal.js';
export * from './archive/dry-run.js';
export { indexBacked, reconcileMethod, type ReconcileMethod } from './archive/check.js';
