/** workflow_versions: reading, writing, comparing, diffing (DeepDiff), rolling back, the version changes summary and the version invariants. The wing's public names: import them from here. */
export * from './changes.js';
export * from './checks.js';
export * from './compare.js';
export * from './deepdiff.js';
export * from './diff.js';
export * from './read.js';
export * from './ref.js';
export * from './rollback.js';
export * from './write.js';
export * from './version-audit.js';
export * from './archive/archive.js';
export { splitVersions, type WorkflowVersionsPlan } from './archive/plan.js';
export { VERSIONS_MANIFEST_FORMAT, type VersionsManifest } from './archive/file.js';
