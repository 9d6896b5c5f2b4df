/** custom_workflows as `workflows list|show` read it, and its invariant. The wing's public names: import them from here. */
export * from './checks.js';
export * from './list.js';
