/** What verbs decide about data (like Helm's pkg/action): the rollback's plan, gate and write. The wing's public names: import them from here. */
export * from './evidence.js';
export * from './rollback.js';
export * from './identity.js';
export * from './request-audit.js';
export * from './request-store.js';
export * from './requests.js';
export * from './request-apply.js';
