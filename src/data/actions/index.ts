/** What verbs decide about data (like Helm's pkg/action): the rollback's plan, gate and write. The wing's public names: import them from here. */
export * from './evidence.js';
export * from './rollback.js';
