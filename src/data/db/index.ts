/** `db doctor` and `db indexes`: the server, the recommended indexes and the consistency checks of every wing. The wing's public names: import them from here. */
export * from './checks.js';
export * from './doctor.js';
export * from './indexes.js';
