/** Statistics over executions and attempts: analytics, error statistics, checks, percentiles and error shapes. The wing's public names: import them from here. */
export * from './analytics.js';
export * from './attempt-errors.js';
export * from './attempt-groups.js';
export * from './change-groups.js';
export * from './checks.js';
export * from './error-shapes.js';
export * from './percentiles.js';
export * from './regression.js';
export * from './statistics.js';
export * from './stats.js';
export * from './execution-counts.js';
export * from './version-health.js';
export * from './break-glass.js';
export * from './restored-health.js';
export * from './execution-groups.js';
export * from './run-stages.js';
